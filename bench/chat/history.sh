#!/usr/bin/env bash
# History latency on SQLite with 1,000,000 messages in one room. Prints p50/p99 per page of 50.
# Usage: bench/chat/history.sh [MESSAGES] [SAMPLES]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=server/target/friendchat.jar
. scripts/lib.sh
build_if_stale "$jar"
exec java -Xmx512m -cp "$jar" bench/chat/HistoryBench.java "$@"
