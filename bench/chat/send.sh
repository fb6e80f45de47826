#!/usr/bin/env bash
# Send throughput (messages acknowledged per second) on the SQLite store and on the Mongo store
# (the in-process MongoDB-compatible server, since no mongod can be installed here).
# The server is pinned to CPU 0 and the load generator to CPU 1.
# Usage: bench/chat/send.sh [USERS] [SECONDS] [WINDOW]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
jar=server/target/friendchat.jar
[ -f "$jar" ] || mvn -B -q -ntp -DskipTests -pl server -am package
(cd bench/chat && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
jvm=(-Xms256m -Xmx1g -XX:+UseG1GC)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
run() { # STORE PORT [MONGO_URI]
  local store=$1 port=$2 uri=${3:-} dir
  dir=$(mktemp -d)
  env PORT="$port" FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" ${uri:+MONGO_URI=$uri} \
    FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR=100000 FRIENDCHAT_MESSAGES_PER_SECOND=100000 FRIENDCHAT_MESSAGE_BURST=100000 FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND=100000 \
    taskset -c 0 java "${jvm[@]}" -jar "$jar" >"$dir/server.log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  printf '%-7s ' "$store"
  taskset -c 1 node bench/chat/send.mjs "http://127.0.0.1:$port" "${@:4}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
run sqlite 18801 "" "$@"
cp=$(mvn -B -q -ntp -Dstyle.color=never -pl server dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=/dev/stdout | tr -d '\033' | sed 's/\[[0-9;]*m//g')
java -cp "$cp" bench/chat/MongoLauncher.java 18802 >/tmp/friendchat-bench-mongo.log 2>&1 &
pids+=("$!")
until (exec 3<>/dev/tcp/127.0.0.1/18802) 2>/dev/null; do sleep 0.2; done
run mongo 18803 "mongodb://127.0.0.1:18802/bench" "$@"
echo "JVM flags: ${jvm[*]}; server on CPU 0, generator on CPU 1 (taskset)."
