#!/usr/bin/env bash
# Runs FriendChat with the embedded defaults: SQLite under ./data, HTTP on port 8080.
# "./run.sh admin ..." runs the admin command instead (./run.sh admin --help).
# Every setting comes from the environment; see docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
ensure_java17
jar=server/target/friendchat.jar
build_if_stale "$jar"
# Class data sharing: the first run after a build records the classes it loaded into an archive
# when it exits; later runs map that archive instead of loading and verifying those classes
# again, which more than halves the cold start (docs/benchmarks.md). A stale or foreign archive
# is ignored by the JVM.
jsa=server/target/friendchat.jsa
if [ -f "$jsa" ] && [ "$jsa" -nt "$jar" ]; then
  cds=(-XX:SharedArchiveFile="$jsa" -Xshare:auto)
elif [ "${1:-}" = admin ]; then
  cds=()  # the archive is for the server's classes: let a server run record it
else
  cds=(-XX:ArchiveClassesAtExit="$jsa")
fi
exec java "${cds[@]}" ${JAVA_OPTS:-} -jar "$jar" "$@"
