#!/usr/bin/env bash
# Runs every test: unit, the store contract suites (SQLite and the MongoDB-compatible server),
# and the integration tests against a real server. Installs what it needs on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
ensure_java17
ensure_cmd mvn maven
ensure_cmd node nodejs
ensure_cmd npm npm
ensure_cmd openssl openssl  # the TLS tests make certificates and check refused protocols with it
# The browser tests (server/src/test/java/io/friendchat/server/ui) drive Debian's Chromium.
ensure_cmd chromium chromium
ensure_cmd chromedriver chromium-driver
# The cluster tests (server/src/test/java/io/friendchat/server/cluster) start Redis on a free port.
ensure_cmd redis-server redis-server
mvn -B -ntp verify "$@"
