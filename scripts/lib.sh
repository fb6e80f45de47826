# Shared by run.sh and test.sh: make sure a command exists, installing its Debian package when
# we may (root with apt-get), or stop with a message that names what is missing.

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
