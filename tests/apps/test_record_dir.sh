#!/usr/bin/env bash
# The screen's day files (--record-dir DIR), written as the hub writes its journal. A day made
# by hand in Europe/Helsinki, from 23:59:30 on 14 January 2026 to 00:00:25 the next day, is
# replayed to a screen on --clock event: (1) the lines before local midnight land in
# DIR/2026-01-14.jsonl and those after it in DIR/2026-01-15.jsonl, each contact event once, in
# the file of its own day; (2) with the default --keep-days of 7, counted back from the
# screen's clock (15 January), day files before 2026-01-08 are removed (one 30 days before the
# day, one the day before the edge), the edge and a newer one are kept, and files that are not
# day files are left alone whatever their names; (3) each day file replays with
# wallboard-replay to a screen that shows that day as worked out below; (4) a day file that
# cannot be written (a link to /dev/full: the disk is full) is said once on stderr, the screen
# goes on showing the day, and the next day's file is written again and said to be.
# The dates are made by hand and the screen runs on the events' clock: nothing depends on the
# day or the hour the test runs.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
REPLAY="$WB_BIN/wallboard-replay"

printf '[wallboard]\ntimezone = Europe/Helsinki\n[channel.phone]\n' >"$TMP/wallboard.ini"
# 2026-01-15 00:00:00 in Helsinki (EET, UTC+2) is 2026-01-14T22:00:00Z = 1768428000 s.
M=1768428000000
line() { # line OFFSET_S_FROM_MIDNIGHT TYPE ID SEQ
    local t=$((M + $1 * 1000))
    printf '{"rx":%s,"msg":{"v":1,"type":"%s","ts":%s,"src":"acd","seq":%s,"id":"%s","channel":"phone"}}\n' \
        "$t" "$2" "$t" "$4" "$3"
}
{
    line -30 contact.queued c1 1    # 23:59:30
    line -25 contact.answered c1 2  # 23:59:35
    line -20 contact.queued c2 3    # 23:59:40
    line -10 contact.answered c2 4  # 23:59:50
    line -5 contact.queued c3 5     # 23:59:55, still waiting at midnight
    line 10 contact.answered c3 6   # 00:00:10: answered on the 15th, counted that day
    line 15 contact.queued c4 7     # 00:00:15
    line 25 contact.abandoned c4 8  # 00:00:25
} >"$TMP/day.jsonl"

# record DIR NAME: replays the hand-made day to a screen recording into DIR, until the screen
# shows the 15th (1 answered, 1 abandoned) and has written it out; stderr in $TMP/NAME.err.
record() {
    local url="ipc://$TMP/$2.ipc" wall
    start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$url" \
        --record-dir "$1" --stats-json "$TMP/$2.jsonl" --exit-after 120 2>"$TMP/$2.err"
    wall=$BG_PID
    wait_grep "$TMP/$2.jsonl" '"channels"'
    start_bg "$REPLAY" "$TMP/day.jsonl" --config "$TMP/wallboard.ini" --bind "$url" --speed 10 \
        --linger 3 2>"$TMP/$2.replay.err"
    wait_stats "$TMP/$2.jsonl" \
        'ch("phone")["today"]["answered"] == 1 and ch("phone")["today"]["abandoned"] == 1 and ch("phone")["waiting"] == 0' \
        60 >/dev/null
    wait_exit "$BG_PID" 60
    kill -TERM "$wall"
    wait_exit "$wall" 20
    [ "$RC" -eq 0 ] || fail "wallboard exit code $RC: $(cat "$TMP/$2.err")"
}

# check_day FILE FROM_S TO_S EVENTS: every line of FILE is a journal line received (on the
# events' clock) from FROM_S to TO_S seconds after midnight, and its contact events are
# exactly EVENTS ("type id" pairs, comma-separated), each once. Snapshots the replayer sends
# between lines may be recorded too: they are only checked for their times.
check_day() {
    python3 - "$@" "$M" <<'PY'
import json, sys
path, lo, hi, want, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
text = open(path).read()
assert text.endswith("\n"), "%s does not end with a newline" % path
got = []
for l in text.split("\n")[:-1]:
    d = json.loads(l)
    assert m + lo * 1000 <= d["rx"] <= m + hi * 1000, "%s: rx %d out of the day's range" % (path, d["rx"])
    if d["msg"]["type"].startswith("contact."):
        got.append("%s %s" % (d["msg"]["type"], d["msg"]["id"]))
assert sorted(got) == sorted(want.split(",")), "%s: contact events %s, expected %s" % (path, got, want)
PY
}

# (1) and (2): a directory with old day files and other files in it.
dir="$TMP/rec"
mkdir -p "$dir"
for f in 2025-12-15.jsonl 2026-01-07.jsonl 2026-01-08.jsonl 2026-01-10.jsonl notes.txt \
    2025-12-15.jsonl.bak 2025-12-15.txt 2025-12-15; do
    echo '{"rx":1,"msg":{}}' >"$dir/$f"
done
record "$dir" a
before="contact.queued c1,contact.answered c1,contact.queued c2,contact.answered c2,contact.queued c3"
after="contact.answered c3,contact.queued c4,contact.abandoned c4"
check_day "$dir/2026-01-14.jsonl" -30 -1 "$before" || fail "the day before midnight"
check_day "$dir/2026-01-15.jsonl" 0 25 "$after" || fail "the day after midnight"
echo "ok: 5 contact events in 2026-01-14.jsonl, the 3 after local midnight in 2026-01-15.jsonl"
for f in 2025-12-15.jsonl 2026-01-07.jsonl; do
    [ ! -e "$dir/$f" ] || fail "$f, older than 7 days before 2026-01-15, was kept"
done
for f in 2026-01-08.jsonl 2026-01-10.jsonl notes.txt 2025-12-15.jsonl.bak 2025-12-15.txt 2025-12-15; do
    [ -e "$dir/$f" ] || fail "$f was removed"
done
echo "ok: day files before 2026-01-08 removed; 2026-01-08, 2026-01-10 and the other files kept"

# (3) Each day file replayed. The 14th at its end: c1 and c2 answered, c3 waiting. The 15th:
# c3 answered (its answer is on the 15th) and c4 abandoned, nobody waiting.
replay_day() { # replay_day FILE NAME EXPR
    local url="ipc://$TMP/$2.ipc"
    start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$url" \
        --stats-json "$TMP/$2.jsonl" --exit-after 120
    wait_grep "$TMP/$2.jsonl" '"channels"'
    start_bg "$REPLAY" "$1" --config "$TMP/wallboard.ini" --bind "$url" --speed 10 --linger 30 \
        2>"$TMP/$2.replay.err"
    wait_stats "$TMP/$2.jsonl" "$3" 60 >/dev/null || fail "replaying $1: $(cat "$TMP/$2.replay.err")"
}
replay_day "$dir/2026-01-14.jsonl" r14 \
    'ch("phone")["today"]["answered"] == 2 and ch("phone")["today"]["abandoned"] == 0 and ch("phone")["waiting"] == 1'
replay_day "$dir/2026-01-15.jsonl" r15 \
    'ch("phone")["today"]["answered"] == 1 and ch("phone")["today"]["abandoned"] == 1 and ch("phone")["waiting"] == 0'
echo "ok: the 14th replays as 2 answered, 1 waiting; the 15th as 1 answered, 1 abandoned"

# (4) The 14th's file on a full disk.
full="$TMP/full"
mkdir -p "$full"
ln -s /dev/full "$full/2026-01-14.jsonl"
record "$full" b
n=$(grep -c "cannot write" "$TMP/b.err" || true)
[ "$n" -eq 1 ] || fail "the failure was said $n times, not once: $(cat "$TMP/b.err")"
grep -qF "wallboard: --record-dir: cannot write $full/2026-01-14.jsonl: No space left on device" \
    "$TMP/b.err" || fail "$(cat "$TMP/b.err")"
grep -qF "wallboard: --record-dir: writing $full/2026-01-15.jsonl again" "$TMP/b.err" ||
    fail "$(cat "$TMP/b.err")"
check_day "$full/2026-01-15.jsonl" 0 25 "$after" || fail "the day after the full disk"
echo "ok: a full disk said once; the screen went on to the 15th, whose file was written"

# Usage: a directory given to --record, and --keep-days out of range.
rc=0
"$WALLBOARD" --headless --record "$dir" --exit-after 1 2>"$TMP/c.err" || rc=$?
[ "$rc" -eq 1 ] || fail "--record DIR: exit $rc"
grep -qF "wallboard: --record $dir: a directory (for day files there: --record-dir)" "$TMP/c.err" ||
    fail "$(cat "$TMP/c.err")"
rc=0
"$WALLBOARD" --headless --record-dir "$dir" --keep-days 0 2>"$TMP/d.err" || rc=$?
[ "$rc" -eq 2 ] || fail "--keep-days 0: exit $rc"
grep -qF "wallboard: --keep-days: expected an integer from 1 to 3650, got '0' (see --help)" \
    "$TMP/d.err" || fail "$(cat "$TMP/d.err")"
echo "ok: --record DIR and --keep-days 0 refused with their reasons"
echo "PASS"
