#!/usr/bin/env bash
# Side-by-side benchmark: our Socket.IO server, the Node socket.io@4 reference, and a raw Jetty
# WebSocket broadcast (the physical limit), all driven by the same generator in one run; and, when
# asked for (--only ...,chat), the whole FriendChat server on SQLite (server/target/friendchat.jar:
# auth, a room with every client as a member, message:send stored, acknowledged and broadcast as
# message:new), so that the full chat path is measured beside the bare Socket.IO layer.
#
# Usage: bench/run.sh [--no-am] [--rounds N] [--only node,friendchat,raw[,chat]] [--chat-baseline JAR]
#                     [--sio-baseline COMMIT] [LoadGen options...]
#   --no-am   build only bench/ against the friendchat-socketio already in ~/.m2 (use while
#             others compile socketio/ in the same tree); default builds bench with -am.
#   --rounds  measure every fan-out point N times; the report takes, per point, the round in
#             which other processes took the least CPU. Default 1.
#   --chat-baseline JAR  also run that build of the chat server (target chat-base, e.g. the jar of
#             an earlier commit) interleaved with chat, for a before/after comparison in one run.
#   --sio-baseline COMMIT  also run the bare layer as built from COMMIT (its socketio/ and bench/,
#             exported with git archive and built in a temporary directory), as target
#             friendchat-base interleaved with friendchat: a before/after of the layer in one run.
#
# All servers are started at once; the generator measures idle memory server by server, then
# interleaves the servers point by point (node 10k, ours 10k, raw 10k, node 30k, ...).
#   LoadGen options go to every generator run, e.g. --measure 5 --rates 10000,30000.
#
# Other processes share this machine (builds, tests). Before the generator starts, the script waits up to
# QUIET_MAX_S seconds (default 60), until the machine's busy share is under QUIET_PCT percent of
# one core (default 30). The generator also waits for a quiet moment before each fan-out point
# and repeats a point (--retries, default 2) whose window other processes disturbed by more than
# --max-other percent of a core (default 25); every line reports that share (otherCpuPct).
#
# Every server runs on core 0 (taskset -c 0), the generator on core 1. All traffic goes to
# 127.0.0.1; the generator is bounded (timeout 3000 s, and every point by time), and every
# server started here is stopped by its pid on exit. Results: bench/results/<UTC time>.txt, then a markdown report.
set -euo pipefail
cd "$(dirname "$0")"

AM=-am
ONLY=node,friendchat,raw
ROUNDS=1
CHAT_BASELINE=
SIO_BASELINE=
QUIET_MAX_S=${QUIET_MAX_S:-60}
QUIET_PCT=${QUIET_PCT:-30}
GEN_ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) sed -n '2,/^set -euo/p' "$(basename "$0")" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --no-am) AM=; shift ;;
    --only) ONLY=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --chat-baseline) CHAT_BASELINE=$(realpath "$2"); shift 2 ;;
    --sio-baseline) SIO_BASELINE=$(git -C .. rev-parse --verify "$2^{commit}"); shift 2 ;;
    *) GEN_ARGS+=("$1"); shift ;;
  esac
done

# The server and the generator each hold up to 10k sockets in the idle scenario.
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt 12000 ]; then
  echo "ulimit -n is $(ulimit -n); the 10k idle point needs about 10.1k descriptors per process" >&2
  exit 1
fi

echo "== build"
MODULES=bench
case ",$ONLY," in *,chat,*) MODULES=bench,server ;; esac
(cd .. && mvn -B -q -ntp -pl "$MODULES" $AM package -DskipTests)
(cd node-peer && npm ci --no-audit --no-fund --loglevel=error)
BASE_DIR=
if [ -n "$SIO_BASELINE" ]; then
  BASE_DIR=$(mktemp -d)
  trap 'rm -rf "$BASE_DIR"' EXIT
  echo "== build the bare layer of $SIO_BASELINE in $BASE_DIR"
  git -C .. archive "$SIO_BASELINE" | tar -x -C "$BASE_DIR"
  (cd "$BASE_DIR" && mvn -B -q -ntp -pl bench -am package -DskipTests)
fi

CP="target/classes:target/lib/*"
CLK_TCK=$(getconf CLK_TCK)
# Servers: one GC thread world (they are pinned to one core anyway), heap sized like a small
# deployment. The generator gets a large young generation so its own GC pauses stay short.
SERVER_JVM=(-XX:+UseSerialGC -Xms64m -Xmx1g -Xss512k)
GEN_JVM=(-XX:+UseSerialGC -Xms1g -Xmx1g -Xmn600m)
NODE_FLAGS=(--expose-gc)

mkdir -p results
OUT=results/$(date -u +%Y%m%dT%H%M%SZ).txt
{
  echo "# $(date -u +%FT%TZ) bench/run.sh ${GEN_ARGS[*]:-}"
  echo "# nproc=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg) kernel=$(uname -r)"
  echo "# java=$(java -version 2>&1 | head -1) node=$(node --version)"
  if [ -n "$SIO_BASELINE" ]; then echo "# friendchat-base: socketio and bench as of $SIO_BASELINE"; fi
  if [ -z "$AM" ]; then
    jar=$(ls ~/.m2/repository/io/friendchat/friendchat-socketio/*/friendchat-socketio-*.jar | head -1)
    echo "# socketio: installed jar built $(date -u -r "$jar" +%FT%TZ) (tree HEAD for socketio then: see git log)"
  else
    echo "# socketio=$(git -C .. log -1 --format=%h -- socketio) uncommitted files=$(git -C .. status --porcelain -- socketio | wc -l)"
  fi
  echo "# server JVM: ${SERVER_JVM[*]}  generator JVM: ${GEN_JVM[*]}  node: ${NODE_FLAGS[*]}"
} > "$OUT"

# Busy share of the whole machine over $1 seconds, in percent of one core (0..200 on 2 cores).
busy_pct() {
  local a b
  read -r -a a < <(head -1 /proc/stat)
  sleep "$1"
  read -r -a b < <(head -1 /proc/stat)
  local busy=$(( (b[1]+b[2]+b[3]+b[6]+b[7]) - (a[1]+a[2]+a[3]+a[6]+a[7]) ))
  local idle=$(( (b[4]+b[5]) - (a[4]+a[5]) ))
  echo $(( 100 * $(nproc) * busy / (busy + idle + 1) ))
}

wait_quiet() {
  local waited=0 pct
  pct=$(busy_pct 3)
  while [ "$pct" -ge "$QUIET_PCT" ] && [ "$waited" -lt "$QUIET_MAX_S" ]; do
    pct=$(busy_pct 3)
    waited=$((waited + 3))
  done
  echo "# before $1: machine busy ${pct}% of a core after waiting ${waited}s" | tee -a "$OUT"
}

SERVER_PIDS=()
CHAT_DIRS=()
stop_servers() {
  for pid in "${SERVER_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  SERVER_PIDS=()
  for dir in "${CHAT_DIRS[@]}"; do rm -rf "$dir"; done
  CHAT_DIRS=()
}
trap 'stop_servers; [ -z "$BASE_DIR" ] || rm -rf "$BASE_DIR"' EXIT
trap 'exit 130' INT TERM

TARGETS=()
# start_server LABEL PORT MODE COMMAND...: pinned to core 0, ready when GET /stats answers.
start_server() {
  local label=$1 port=$2 mode=$3
  shift 3
  echo "== $label: taskset -c 0 $*" | tee -a "$OUT"
  taskset -c 0 "$@" > "results/$label.log" 2>&1 &
  local pid=$!
  SERVER_PIDS+=("$pid")
  for _ in $(seq 600); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/stats"; then break; fi
    sleep 0.1
  done
  TARGETS+=(--target "$label:$mode:$port:$pid")
}

# The whole chat server (JAR) with the same JVM flags, on a fresh SQLite data dir. The limits that
# protect a deployment from one client are lifted on purpose: every socket, signup and message
# comes from 127.0.0.1 (200 sockets and the setup's requests pass the 200 connections per IP).
start_chat() { # LABEL PORT JAR
  local dir
  dir=$(mktemp -d)
  CHAT_DIRS+=("$dir")
  start_server "$1" "$2" chat env PORT="$2" FRIENDCHAT_HOST=127.0.0.1 FRIENDCHAT_DATA_DIR="$dir" \
    FRIENDCHAT_MAX_CONNECTIONS_PER_IP=100000 FRIENDCHAT_SIGNUPS_PER_IP_PER_HOUR=100000 \
    FRIENDCHAT_MESSAGES_PER_SECOND=100000 FRIENDCHAT_MESSAGE_BURST=100000 \
    FRIENDCHAT_EVENTS_PER_SOCKET_PER_SECOND=100000 \
    java "${SERVER_JVM[@]}" -jar "$3"
}

# All servers run at once (idle ones cost nothing) so the generator can interleave them point by
# point; each is measured while the others sit idle.
for s in ${ONLY//,/ }; do
  case "$s" in
    node) start_server node 3101 sio node "${NODE_FLAGS[@]}" node-peer/server.js 3101 ;;
    friendchat) start_server friendchat 3102 sio \
      java "${SERVER_JVM[@]}" -cp "$CP" io.friendchat.bench.SocketIoBenchServer 3102 ;;
    raw) start_server raw 3103 raw java "${SERVER_JVM[@]}" -cp "$CP" io.friendchat.bench.RawWsServer 3103 ;;
    chat) start_chat chat 3104 ../server/target/friendchat.jar ;;
    *) echo "unknown server $s" >&2; exit 2 ;;
  esac
done
if [ -n "$CHAT_BASELINE" ]; then start_chat chat-base 3105 "$CHAT_BASELINE"; fi
if [ -n "$SIO_BASELINE" ]; then
  start_server friendchat-base 3106 sio java "${SERVER_JVM[@]}" \
    -cp "$BASE_DIR/bench/target/classes:$BASE_DIR/bench/target/lib/*" io.friendchat.bench.SocketIoBenchServer 3106
fi
sleep 1
wait_quiet all 1

echo "== generator: taskset -c 1 java ${GEN_JVM[*]} ... LoadGen ${TARGETS[*]} --rounds $ROUNDS ${GEN_ARGS[*]:-}" | tee -a "$OUT"
timeout 3000 taskset -c 1 java "${GEN_JVM[@]}" -cp "$CP" io.friendchat.bench.LoadGen "${TARGETS[@]}" \
  --rounds "$ROUNDS" --clk-tck "$CLK_TCK" --server-core 0 --out "$OUT" "${GEN_ARGS[@]}" 2> results/gen.log \
  || echo "generator failed; see bench/results/gen.log" >&2
stop_servers

echo "== results in bench/$OUT"
java -cp "$CP" io.friendchat.bench.Report "$OUT" | tee "${OUT%.txt}.md"
if [ -n "$CHAT_BASELINE" ]; then
  echo "== the same run's tables with the baseline build (chat-base) as the chat server"
  java -cp "$CP" io.friendchat.bench.Report "$OUT" friendchat node raw chat-base | tee "${OUT%.txt}-baseline.md"
fi
if [ -n "$SIO_BASELINE" ]; then
  echo "== the same run's tables with the baseline build of the bare layer (friendchat-base)"
  java -cp "$CP" io.friendchat.bench.Report "$OUT" friendchat-base node raw | tee "${OUT%.txt}-sio-baseline.md"
fi
