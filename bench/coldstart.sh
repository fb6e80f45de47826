#!/usr/bin/env bash
# Cold start: from the command that starts the built jar to the first 200 from /healthz, with a
# fresh data dir each time (so the schema migration is included). Prints one line per run and
# the median. Usage: bench/coldstart.sh [RUNS] [extra JVM flags...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
shift || true
jar=server/target/friendchat.jar
. scripts/lib.sh
build_if_stale "$jar"
port=18765
times=()
for i in $(seq "$runs"); do
  dir=$(mktemp -d)
  start=$(date +%s%N)
  PORT=$port FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" java "$@" -jar "$jar" >"$dir/log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/log" >&2; exit 1; fi
    sleep 0.005
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms"
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median: ${sorted[$(( runs / 2 ))]} ms over $runs runs (JVM flags: ${*:-none})"
