#!/usr/bin/env bash
# Requests and bytes of a page load and a reload in headless Chromium, logged out and logged in
# (bench/web/reload.mjs), against a freshly started jar with an empty data dir.
# Usage: bench/web/reload.sh [JAR] [--list]   (JAR defaults to server/target/friendchat.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=server/target/friendchat.jar
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then jar=$1; shift; fi
. scripts/lib.sh
build_if_stale "$jar"
port=${PORT:-18766}
dir=$(mktemp -d)
PORT=$port FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" java -jar "$jar" >"$dir/log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$dir/log" >&2; exit 1; fi
  sleep 0.05
done
node --experimental-websocket --no-warnings bench/web/reload.mjs "http://127.0.0.1:$port" "$@"
