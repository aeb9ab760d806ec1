#!/usr/bin/env bash
# A day file that cannot be opened, for the screen's --record-dir and the hub's --journal (the
# same journal code): the day file is made a directory, which no open for writing gets past,
# root's either. While it is one, 500 messages a second arrive; then it is removed. Each
# program must say the failure once, try the file again at most every 5 s (it used to try at
# every message: over a thousand opens here), say once that it writes again, with the lines
# it could not write, and account for every message: written to the file or counted lost.
# The opens are counted with strace (scripts/deps.sh installs it); where it cannot run, the
# other checks still run and the test then exits 77, skipped, not passed: part of it did not run.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
REPLAY="$WB_BIN/wallboard-replay"
RUN_S=14 # how long each program runs (--exit-after)

TRACE=()
if strace -f -qq -o /dev/null true 2>/dev/null; then
    # The program is traced: LeakSanitizer cannot run under ptrace (a sanitizer build would
    # end with its fatal error, exit 1); the leak checks are the other tests' business.
    TRACE=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=openat -o)
else
    echo "note: strace cannot run here: the opens are not counted; the test will report skipped"
fi

# traced NAME CMD...: CMD in the background (start_bg), under strace writing $TMP/NAME.trace
# when strace runs here.
traced() {
    local name=$1
    shift
    if [ "${#TRACE[@]}" -gt 0 ]; then
        start_bg "${TRACE[@]}" "$TMP/$name.trace" "$@"
    else
        start_bg "$@"
    fi
}

# check NAME PROG WHAT PATH STATS: PROG (wallboard or wallboard-hub) opened PATH at most twice
# a try, a try at most every 5 s of the RUN_S seconds it ran, plus once for the hub's read at
# start; it said on $TMP/NAME.err that it cannot write PATH once and that it writes it again
# once, with N lines lost; the lines in PATH and those N are every message its STATS say it
# took (received, less refused and, for the hub, which does not journal them, duplicates).
check() {
    local name=$1 prog=$2 what=$3 path=$4 stats=$5 err="$TMP/$1.err"
    local n
    if [ "${#TRACE[@]}" -gt 0 ]; then
        local opens tries=$((1 + RUN_S / 5 + 1))
        opens=$(grep -cF "$path" "$TMP/$name.trace" || true)
        [ "$opens" -le $((2 * tries + 1)) ] ||
            fail "$name: $path opened $opens times in $RUN_S s, more than $((2 * tries + 1))"
        echo "  $name: $path opened $opens times in $RUN_S s ($((2 * tries + 1)) at most)"
    fi
    n=$(grep -c "cannot write" "$err" || true)
    [ "$n" -eq 1 ] || fail "$name: the failure was said $n times, not once: $(cat "$err")"
    grep -qF "$prog: $what: cannot write $path: Is a directory; going on without it" "$err" ||
        fail "$name: $(cat "$err")"
    n=$(grep -c "writing .* again" "$err" || true)
    [ "$n" -eq 1 ] || fail "$name: the recovery was said $n times, not once: $(cat "$err")"
    lost=$(sed -n "s|^$prog: $what: writing $path again (\([0-9]*\) lines not written meanwhile)\$|\1|p" "$err")
    [ -n "$lost" ] || fail "$name: no count of the lines lost: $(cat "$err")"
    python3 - "$path" "$stats" "$lost" "$prog" <<'PY' || fail "$name: messages unaccounted for"
import json, sys
path, stats, lost, prog = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
written = sum(1 for l in open(path) if l.strip())
d = json.loads([l for l in open(stats) if l.strip()][-1])
took = d["received"] - d["refused"] - (d["duplicates"] if prog == "wallboard-hub" else 0)
print("  %s: %d written + %d lost = %d taken (received %d)" % (prog, written, lost, took, d["received"]))
assert lost > 0 and written > 0, (written, lost)
assert written + lost == took, (written, lost, took)
PY
}

# 1. The screen: a day of 2024-03-05 (UTC), 1,500 contacts queued and answered a second
# later, one every 2 s: 3,000 lines over 3,000 s, 6 s at --speed 500, recorded on the events'
# clock into DIR/2024-03-05.jsonl.
D=1709625600000
python3 - "$TMP/day.jsonl" "$D" <<'PY'
import sys
D = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    for k in range(1500):
        for i, typ in enumerate(("contact.queued", "contact.answered")):
            t = D + k * 2000 + i * 1000
            f.write('{"rx":%d,"msg":{"v":1,"type":"%s","ts":%d,"src":"rec","seq":%d,'
                    '"id":"c%04d","channel":"phone"}}\n' % (t, typ, t, 2 * k + i + 1, k))
PY
printf '[wallboard]\ntimezone = UTC\n[channel.phone]\n' >"$TMP/wallboard.ini"
dir="$TMP/rec"
mkdir -p "$dir/2024-03-05.jsonl"
url="ipc://$TMP/screen.ipc"
traced screen "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$url" \
    --record-dir "$dir" --stats-json "$TMP/screen.jsonl" --exit-after "$RUN_S" 2>"$TMP/screen.err"
wb=$BG_PID
start_bg "$REPLAY" "$TMP/day.jsonl" --config "$TMP/wallboard.ini" --bind "$url" --speed 500 \
    --linger 1 2>"$TMP/replay.err"
replay=$BG_PID
wait_stats "$TMP/screen.jsonl" 'd["received"] >= 1000' 30 >/dev/null
rmdir "$dir/2024-03-05.jsonl"
wait_exit "$replay" 60
wait_exit "$wb" 60
[ "$RC" -eq 0 ] || fail "screen exit $RC: $(cat "$TMP/screen.err")"
check screen wallboard --record-dir "$dir/2024-03-05.jsonl" "$TMP/screen.jsonl"
echo "ok: the screen's --record-dir: said once, tried every 5 s, every message written or counted"

# 2. The hub, on the events' clock (the simulator runs ahead of the wall clock), names its day
# file by the wall clock's date in its zone, one where it is now about noon.
zone=$(noon_zone)
printf '[wallboard]\ntimezone = %s\n' "$zone" >"$TMP/hub.ini"
today=$(TZ="$zone" date +%F)
dir="$TMP/journal"
mkdir -p "$dir/$today.jsonl"
traced hub "$HUB" --config "$TMP/hub.ini" --listen "ipc://$TMP/in.ipc" --bind "ipc://$TMP/out.ipc" \
    --clock event --journal "$dir" --stats-json "$TMP/hub.jsonl" --exit-after "$RUN_S" \
    2>"$TMP/hub.err"
hub=$BG_PID
wait_grep "$TMP/hub.err" "publisher endpoint"
start_bg "$SIM" --connect "ipc://$TMP/in.ipc" --config "$TMP/hub.ini" --rate 500 --start now \
    --duration 6 --seed 5 >/dev/null 2>"$TMP/sim.err"
sim=$BG_PID
wait_stats "$TMP/hub.jsonl" 'd["received"] >= 1000' 30 >/dev/null
rmdir "$dir/$today.jsonl"
wait_exit "$sim" 60
wait_exit "$hub" 60
[ "$RC" -eq 0 ] || fail "hub exit $RC: $(cat "$TMP/hub.err")"
check hub wallboard-hub --journal "$dir/$today.jsonl" "$TMP/hub.jsonl"
echo "ok: the hub's --journal: said once, tried every 5 s, every message written or counted"
if [ "${#TRACE[@]}" -eq 0 ]; then
    echo "SKIP: strace cannot run here (apt-get install strace): the opens were not counted"
    exit 77
fi
echo "PASS"
