#!/usr/bin/env bash
# Cross-node fan-out cost: server CPU per delivery for one room of 200 members whose sockets are
# split over 2 cluster nodes, against the same room with every socket on 1 node, in one run. The
# 4 senders are on one node, then split over both (two writers contend for the room's seqs).
# Both use cluster mode (REDIS_URL) over one Redis and one Mongo store (the in-process
# MongoDB-compatible server, since no mongod can be installed here); CPU is summed over the
# FriendChat nodes only. Nodes on CPU 0; Redis, the Mongo server and the generator on CPU 1.
# Usage: bench/chat/cluster-fanout.sh [SECONDS=10] [DELIVERIES_PER_S=10000]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-10} rate=${2:-10000}
command -v redis-server >/dev/null || { echo "needs redis-server: apt-get install redis-server" >&2; exit 1; }
jar=server/target/friendchat.jar
. scripts/lib.sh
build_if_stale "$jar" server,bench bench/target/lib
(cd bench/chat && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
jvm=(-Xms256m -Xmx1g -XX:+UseG1GC)
pids=()
cleanup() { # nodes first (they say goodbye on Redis), then Redis and Mongo
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
echo "# $(date -u +%FT%TZ) bench/chat/cluster-fanout.sh $seconds $rate; load $(cut -d' ' -f1-3 /proc/loadavg)"


taskset -c 1 redis-server --port 18820 --bind 127.0.0.1 --save '' --appendonly no >/tmp/friendchat-bench-redis.log 2>&1 &
pids+=("$!")
await_port 18820 "$!" /tmp/friendchat-bench-redis.log
taskset -c 1 java -cp 'bench/target/classes:bench/target/lib/*' io.friendchat.bench.MongoLauncher 18821 \
  >/tmp/friendchat-bench-mongo.log 2>&1 &
pids+=("$!")
await_port 18821 "$!" /tmp/friendchat-bench-mongo.log

node_pid=
start_node() { # PORT NODE_ID DATABASE; sets node_pid
  local dir
  dir=$(mktemp -d)
  env PORT="$1" FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" MONGO_URI="mongodb://127.0.0.1:18821/$3" \
    REDIS_URL=redis://127.0.0.1:18820 FRIENDCHAT_NODE_ID="$2" \
    FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR=100000 FRIENDCHAT_MAX_CONNECTIONS_PER_IP=100000 \
    FRIENDCHAT_MESSAGES_PER_SECOND=100000 FRIENDCHAT_MESSAGE_BURST=100000 FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND=100000 \
    taskset -c 0 java "${jvm[@]}" -jar "$jar" >"$dir/server.log" 2>&1 &
  node_pid=$!
  pids+=("$node_pid")
  until curl -fs -o /dev/null "http://127.0.0.1:$1/healthz"; do
    kill -0 "$node_pid" 2>/dev/null || { echo "node exited; its log:" >&2; cat "$dir/server.log" >&2; exit 1; }
    sleep 0.2
  done
}

start_node 18822 one-a bench_one
a=$node_pid
printf '%-22s load %s  ' "1 node (200 sockets)" "$(cut -d' ' -f1 /proc/loadavg)"
taskset -c 1 node bench/chat/fanout.mjs http://127.0.0.1:18822 "$a" "$rate" "$seconds"
kill "$a"; wait "$a" 2>/dev/null || true

two_nodes() { # LABEL DATABASE [SENDERS_NODE]
  local a b
  start_node 18823 two-a "$2"
  a=$node_pid
  start_node 18824 two-b "$2"
  b=$node_pid
  printf '%-22s load %s  ' "$1" "$(cut -d' ' -f1 /proc/loadavg)"
  env ${3:+SENDERS_NODE=$3} taskset -c 1 node bench/chat/fanout.mjs http://127.0.0.1:18823,http://127.0.0.1:18824 \
    "$a,$b" "$rate" "$seconds"
  kill "$a" "$b"; wait "$a" "$b" 2>/dev/null || true
}
# Senders on one node: the cost of carrying messages to the other node's sockets.
two_nodes "2 nodes, senders on 1" bench_two_one 0
# Senders on both: also two writers appending to one room, whose seqs collide in the store.
two_nodes "2 nodes, senders on 2" bench_two_both
echo "JVM flags: ${jvm[*]}; nodes on CPU 0; Redis, the Mongo test server and the generator on CPU 1 (taskset)."
