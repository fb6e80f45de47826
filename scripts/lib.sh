# Shared by run.sh, test.sh and the benchmark scripts (all run from the repository's root): make
# sure a command exists, installing its Debian package when we may (root with apt-get), or stop
# with a message that names what is missing; build the server jar when it is out of date.

apt_updated=""

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    return 1
  fi
  if [ -z "$apt_updated" ]; then
    echo "Installing Debian packages: $*" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# ensure_cmd COMMAND DEBIAN_PACKAGE
ensure_cmd() {
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2" || true
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "FriendChat needs '$1', which is missing. Install the Debian package '$2' (or an equivalent) and run again." >&2
    exit 1
  fi
}

ensure_java17() {
  ensure_cmd java openjdk-17-jdk-headless
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
  if [ "${major%%.*}" -lt 17 ] 2>/dev/null; then
    echo "FriendChat needs Java 17 or later; 'java' is version $major." >&2
    exit 1
  fi
}

# build_if_stale JAR [MODULES=server] [NEEDED_DIR]: builds those modules (package, no tests, -am,
# so nothing comes from ~/.m2) when JAR or NEEDED_DIR is missing, or JAR is older than a source
# of the build, so that nobody runs or measures an old build.
build_if_stale() {
  local jar=$1 modules=${2:-server} needed=${3:-}
  local sources=(pom.xml socketio server)
  case ",$modules," in *,bench,*) sources+=(bench/pom.xml bench/src) ;; esac
  if [ -f "$jar" ] && { [ -z "$needed" ] || [ -d "$needed" ]; } \
      && [ -z "$(find "${sources[@]}" \( -name target -o -name node_modules \) -prune -o -newer "$jar" -print -quit)" ]; then
    return 0
  fi
  ensure_cmd mvn maven
  ensure_cmd node nodejs # the build bundles the browser's socket.io-client from npm
  ensure_cmd npm npm
  echo "Building $jar ..." >&2
  mvn -B -q -ntp -DskipTests -pl "$modules" -am package
}

# await_port PORT PID LOG: waits until 127.0.0.1:PORT accepts, or stops with LOG if PID exited.
await_port() {
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    kill -0 "$2" 2>/dev/null || { echo "process exited; its log:" >&2; cat "$3" >&2; exit 1; }
    sleep 0.2
  done
}
