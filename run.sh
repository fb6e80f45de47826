#!/usr/bin/env bash
# Runs FriendChat with the embedded defaults: SQLite under ./data, HTTP on port 8080.
# Every setting comes from the environment; see docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
ensure_java17
jar=server/target/friendchat.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml socketio server -newer "$jar" -not -path '*/target/*' -not -path '*/node_modules/*' -print -quit)" ]; then
  ensure_cmd mvn maven
  echo "Building $jar ..." >&2
  mvn -B -q -ntp -DskipTests -pl server -am package
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
