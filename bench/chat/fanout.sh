#!/usr/bin/env bash
# Full-path fan-out on the SQLite store: 200 authenticated clients in one room, 4 senders,
# 64-byte messages, offered at 10k and 30k deliveries/s. Server on CPU 0, generator on CPU 1.
# Usage: bench/chat/fanout.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=server/target/friendchat.jar
. scripts/lib.sh
build_if_stale "$jar"
(cd bench/chat && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
jvm=(-Xms256m -Xmx1g -XX:+UseG1GC)
for rate in 10000 30000; do
  dir=$(mktemp -d)
  # All 204 connections (200 sockets and the setup's HTTP requests) come from 127.0.0.1, past the
  # default limit of 200 per IP that protects a real deployment; lifted here on purpose.
  PORT=18811 FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR=100000 \
    FRIENDCHAT_MAX_CONNECTIONS_PER_IP=100000 \
    FRIENDCHAT_MESSAGES_PER_SECOND=100000 FRIENDCHAT_MESSAGE_BURST=100000 FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND=100000 \
    taskset -c 0 java "${jvm[@]}" -jar "$jar" >"$dir/server.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null http://127.0.0.1:18811/healthz; do sleep 0.2; done
  taskset -c 1 node bench/chat/fanout.mjs http://127.0.0.1:18811 "$pid" "$rate" "${1:-10}"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
done
echo "JVM flags: ${jvm[*]}; server on CPU 0, generator on CPU 1 (taskset)."
