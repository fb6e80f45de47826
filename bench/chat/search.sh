#!/usr/bin/env bash
# Search latency on SQLite (FTS5) over 1,000,000 messages in 200 rooms. Prints p50/p99 per kind of query.
# Usage: bench/chat/search.sh [MESSAGES] [SAMPLES] [DATA_DIR of an earlier run, to skip the load]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=server/target/friendchat.jar
[ -f "$jar" ] || mvn -B -q -ntp -DskipTests -pl server -am package
# A copy of the jar: a build during the run (minutes long) must not swap classes under it.
copy=$(mktemp --suffix=.jar)
cp "$jar" "$copy"
java -Xmx512m -cp "$copy" bench/chat/SearchBench.java "$@"
rm -f "$copy"
