#!/usr/bin/env bash
# What keeping the FTS5 search index costs each message write on SQLite, per index design
# (see the comment at the top of FtsIndexBench.java). Prints microseconds per message.
# Usage: bench/chat/fts-index.sh [MESSAGES=60000] [BATCH=30] [DEFER=3000]
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=server/target/friendchat.jar
. scripts/lib.sh
build_if_stale "$jar"
# A copy of the jar: a build during the run must not swap classes under it.
copy=$(mktemp --suffix=.jar)
trap 'rm -f "$copy"' EXIT
cp "$jar" "$copy"
java -Xmx512m -cp "$copy" bench/chat/FtsIndexBench.java "$@"
