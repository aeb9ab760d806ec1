# shellcheck shell=bash
# lib_wallboard.sh - helpers for the tests that drive the real `wallboard` binary.
#
# Sourced by tests/apps/test_*.sh. Expects WB_BIN (directory with the binaries). Every wait
# polls with a generous timeout, so a loaded machine slows the tests down but does not fail
# them. Processes started with start_bg are killed (by their own pid) when the test exits.

set -euo pipefail

: "${WB_BIN:?WB_BIN must name the directory with the wallboard binary}"
WALLBOARD="$WB_BIN/wallboard"
[ -x "$WALLBOARD" ] || { echo "FAIL: $WALLBOARD is not built" >&2; exit 1; }
# 0 when the program was built without a display (-DWB_BUILD_VIEW=OFF): headless runs only.
# Exported: it is read by the tests that source this file.
export HAS_DISPLAY=1
case "$("$WALLBOARD" --version)" in
*'headless only'*) HAS_DISPLAY=0 ;;
esac

# A configuration without a timezone uses the system's (src/apps/common/systz.h), and TZ comes
# first: UTC here makes such a test count the same day on a developer's machine in any zone
# as on CI. A test that needs another zone names it in its configuration or with --tz.
export TZ=UTC

TMP=$(mktemp -d "${TMPDIR:-/tmp}/wb_apps.XXXXXX")
BG_PIDS=()

cleanup() {
    local pid
    for pid in "${BG_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${BG_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# start_bg CMD...: runs CMD in the background; its pid is in $BG_PID.
start_bg() {
    "$@" &
    BG_PID=$!
    BG_PIDS+=("$BG_PID")
}

# A random high TCP port that is free right now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_stats FILE EXPR [TIMEOUT_S]: waits until the newest complete line of the stats FILE
# satisfies the Python expression EXPR, where d is the parsed line and ch(name) / q(name) the
# channel / queue object of that name (None if absent). Prints the line that matched.
wait_stats() {
    python3 - "$1" "$2" "${3:-30}" <<'EOF'
import json, sys, time
path, expr, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
end = time.time() + timeout
last = None
while time.time() < end:
    try:
        with open(path) as f:
            lines = [l for l in f.read().split("\n")[:-1] if l.strip()]
    except FileNotFoundError:
        lines = []
    if lines:
        last = lines[-1]
        d = json.loads(last)
        ch = lambda n: next((c for c in d["channels"] if c["channel"] == n), None)
        q = lambda n: next((c for c in d["queues"] if c["queue"] == n), None)
        # A channel or field that is not there yet (a screen just started) is "not yet";
        # a mistake in the expression itself (a syntax or name error) still fails at once.
        try:
            ok = eval(expr, {"d": d, "ch": ch, "q": q})
        except (TypeError, KeyError):
            ok = False
        if ok:
            print(last)
            sys.exit(0)
    time.sleep(0.1)
print("timed out waiting for: %s\nlast line: %s" % (expr, last), file=sys.stderr)
sys.exit(1)
EOF
}

# wait_exit PID TIMEOUT_S: waits for a background process to end; its exit code is in $RC.
# shellcheck disable=SC2034  # RC is the result, read by the caller
wait_exit() {
    local pid=$1 end=$((SECONDS + $2))
    while kill -0 "$pid" 2>/dev/null; do
        [ "$SECONDS" -lt "$end" ] || fail "process $pid still running after $2 s"
        sleep 0.1
    done
    RC=0
    wait "$pid" || RC=$?
}

# wait_grep FILE PATTERN [TIMEOUT_S]: waits until FILE contains PATTERN (fixed string).
wait_grep() {
    local end=$((SECONDS + ${3:-30}))
    until grep -qF -- "$2" "$1" 2>/dev/null; do
        [ "$SECONDS" -lt "$end" ] || fail "'$2' never appeared in $1"
        sleep 0.1
    done
}

now_ms() {
    python3 -c 'import time; print(int(time.time() * 1000))'
}

# noon_zone: prints a zone from the zone database (Etc/GMT-N, whose sign is POSIX's: hours
# west of UTC) in which the clock now reads between 12:00 and 13:00. A test that stamps lines
# minutes in the past and checks them as today's sets it as its timezone, so that it means
# the same just after midnight UTC as at noon.
noon_zone() {
    local off=$((10#$(date -u +%H) - 12))
    if ((off < 0)); then echo "Etc/GMT$off"; else echo "Etc/GMT+$off"; fi
}

# need_py_nanomsg: skips the test (exit 77) when Python cannot load libnanomsg.so.5, which
# publish below needs.
need_py_nanomsg() {
    python3 -c 'import ctypes; ctypes.CDLL("libnanomsg.so.5")' 2>/dev/null ||
        { echo "SKIP: libnanomsg.so.5 cannot be loaded from Python"; exit 77; }
}

# publish URL FILE [STATS]: binds a nanomsg PUB socket and sends FILE's lines, one message
# each, paced, over and over (PUB drops what is sent before a subscriber is connected; the
# receiver applies each contact event once), for 120 s or until killed. With STATS (a
# receiver's --stats-json), it first sends only FILE's first line (a heartbeat) until the
# receiver says it received something, so that the day's first lines are not lost before the
# receiver is connected (a day whose head is lost looks partial). Run it with start_bg.
publish() {
    exec python3 - "$1" "$2" "${3:-}" <<'PY'
import ctypes, json, sys, time
nn = ctypes.CDLL("libnanomsg.so.5")
AF_SP, NN_PUB = 1, 32
s = nn.nn_socket(AF_SP, NN_PUB)
if s < 0 or nn.nn_bind(s, sys.argv[1].encode()) < 0:
    sys.exit("publish: cannot bind " + sys.argv[1])
msgs = [l.encode() for l in open(sys.argv[2]).read().splitlines() if l.strip()]
def received():
    try:
        lines = [l for l in open(sys.argv[3]).read().splitlines() if l.strip()]
        return lines and json.loads(lines[-1])["received"] > 0
    except (OSError, ValueError, KeyError):
        return False
end = time.time() + 60
while sys.argv[3] and not received() and time.time() < end:
    nn.nn_send(s, msgs[0], len(msgs[0]), 0)
    time.sleep(0.1)
end = time.time() + 120
while time.time() < end:
    for i, m in enumerate(msgs):
        nn.nn_send(s, m, len(m), 0)
        if i % 50 == 49:
            time.sleep(0.005)
    time.sleep(0.2)
PY
}

# start_event_wallboard URL STATS: the wallboard, headless on event time (--clock event) with
# $TMP/wallboard.ini, subscribed to URL and writing its stats to STATS, for 120 s at most;
# started with start_bg, its pid in $BG_PID.
start_event_wallboard() {
    start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$1" \
        --stats-json "$2" --exit-after 120
}
