#!/usr/bin/env bash
# Search latency on SQLite (FTS5) over 1,000,000 messages in 200 rooms. Prints p50/p99 per kind of query.
# Usage: bench/chat/search.sh [MESSAGES] [SAMPLES]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=server/target/friendchat.jar
[ -f "$jar" ] || mvn -B -q -ntp -DskipTests -pl server -am package
exec java -Xmx512m -cp "$jar" bench/chat/SearchBench.java "$@"
