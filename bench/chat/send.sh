#!/usr/bin/env bash
# Send throughput (messages acknowledged per second; each FriendChat ack means durable), with
# USERS users in rooms of their own and USERS users in one room, on the SQLite store and on the
# Mongo store (the in-process MongoDB-compatible server, since no mongod can be installed here),
# and the Node ack-echo ceiling (bench/node-peer: the same client and event, acknowledged at once
# with no auth and no storage). After each FriendChat run the rooms are read back from the store
# and every acknowledged message must be there (ackedButNotStored=0).
# Every server is pinned to CPU 0 and the load generator (Node socket.io-client) to CPU 1.
# Usage: bench/chat/send.sh [USERS=20] [SECONDS=10] [WINDOW=16]
# With BASELINE_JAR=path/to/friendchat.jar (say, an earlier commit's build), each SQLite run is
# followed by the same run on that build (store "sqlite-b"), for a before/after in one run.
set -euo pipefail
cd "$(dirname "$0")/../.."
users=${1:-20} seconds=${2:-10} window=${3:-16}
jar=server/target/friendchat.jar
# The bench module brings MongoLauncher and mongo-java-server (bench/target/lib); building it with
# -am also builds socketio and the server jar, so nothing has to be installed in ~/.m2.
. scripts/lib.sh
build_if_stale "$jar" server,bench bench/target/lib
(cd bench/chat && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
(cd bench/node-peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
jvm=(-Xms256m -Xmx1g -XX:+UseG1GC)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
echo "# $(date -u +%FT%TZ) bench/chat/send.sh $users $seconds $window; load $(cut -d' ' -f1-3 /proc/loadavg)"


chat() { # STORE MODE PORT [MONGO_URI [JAR]]; one fresh server (and data dir or database) per run
  local store=$1 mode=$2 port=$3 uri=${4:-} run_jar=${5:-$jar} dir pid
  dir=$(mktemp -d)
  env PORT="$port" FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" ${uri:+MONGO_URI=$uri} \
    FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR=100000 FRIENDCHAT_MESSAGES_PER_SECOND=100000 FRIENDCHAT_MESSAGE_BURST=100000 \
    FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND=100000 \
    taskset -c 0 java "${jvm[@]}" -jar "$run_jar" >"$dir/server.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "$pid" 2>/dev/null || { echo "server exited; its log:" >&2; cat "$dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
  printf '%-7s %-5s load %s  ' "$store" "$mode" "$(cut -d' ' -f1 /proc/loadavg)"
  SERVER_PID=$pid taskset -c 1 node bench/chat/send.mjs "http://127.0.0.1:$port" "$mode" "$users" "$seconds" "$window"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}

taskset -c 0 node bench/node-peer/server.js 18800 >/tmp/friendchat-bench-echo.log 2>&1 &
echo_pid=$!
pids+=("$echo_pid")
await_port 18800 "$echo_pid" /tmp/friendchat-bench-echo.log
printf '%-7s %-5s load %s  ' node echo "$(cut -d' ' -f1 /proc/loadavg)"
SERVER_PID=$echo_pid taskset -c 1 node bench/chat/send.mjs http://127.0.0.1:18800 echo "$users" "$seconds" "$window"

for mode in rooms room; do
  chat sqlite "$mode" 18801
  if [ -n "${BASELINE_JAR:-}" ]; then chat sqlite-b "$mode" 18801 "" "$BASELINE_JAR"; fi
done

taskset -c 0 java -cp 'bench/target/classes:bench/target/lib/*' io.friendchat.bench.MongoLauncher 18802 \
  >/tmp/friendchat-bench-mongo.log 2>&1 &
pids+=("$!")
await_port 18802 "$!" /tmp/friendchat-bench-mongo.log
# A database per run: the users and rooms of the first would collide with the second's signups.
chat mongo rooms 18803 "mongodb://127.0.0.1:18802/bench_rooms"
chat mongo room 18803 "mongodb://127.0.0.1:18802/bench_room"

printf '%-7s %-5s load %s  ' node echo "$(cut -d' ' -f1 /proc/loadavg)"
SERVER_PID=$echo_pid taskset -c 1 node bench/chat/send.mjs http://127.0.0.1:18800 echo "$users" "$seconds" "$window"
echo "JVM flags: ${jvm[*]}; servers on CPU 0 (the Mongo test server too), generator on CPU 1 (taskset)."
