#!/usr/bin/env bash
# wallboard-replay --speed 1000 delivers the whole file to a screen. A recorded day of 8,100
# messages (2,700 contacts, each queued, answered 10 s later and completed 50 s after that)
# is replayed at --speed 1000 to a headless screen that records what it receives (--record);
# every message of the file must be in that record. Twice:
#   1. the screen starts 2 s after the replay: the replay waits for it (it used to wait one
#      second and send, and the screen never had the head of the day);
#   2. the screen pauses for half a second (SIGSTOP) while the replay sends 2,000 messages a
#      second: the replay's connection buffers what it sends meanwhile (nanomsg's default
#      128 KiB held about a tenth of a second of it, and PUB dropped the rest unsaid).
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
REPLAY="$WB_BIN/wallboard-replay"

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Replay fast
[channel.phone]
sl_threshold_s = 20
INI

# 2024-03-05 08:00:00 UTC = 1709625600000. Contact k (0 to 2,699) queues at 08:00 + 1.5 k s,
# is answered 10 s later and completed 60 s after it queued: 3 lines each, 8,100 in all, in
# the order of their times, numbered 1 to 8,100 (seq). The file spans 2,699 * 1.5 + 60 =
# 4,108.5 s: 4.1 s at --speed 1000, about 2,000 messages a second.
python3 - "$TMP/day.jsonl" <<'PY'
import sys
D, N = 1709625600000, 2700
ev = []
for k in range(N):
    t = D + k * 1500
    ev += [(t, 0, "contact.queued", k), (t + 10000, 1, "contact.answered", k),
           (t + 60000, 2, "contact.completed", k)]
ev.sort()
with open(sys.argv[1], "w") as f:
    for seq, (t, _, typ, k) in enumerate(ev, 1):
        f.write('{"rx":%d,"msg":{"v":1,"type":"%s","ts":%d,"src":"rec","seq":%d,'
                '"id":"c%04d","channel":"phone"}}\n' % (t, typ, t, seq, k))
PY
lines=$(grep -c '' "$TMP/day.jsonl")
[ "$lines" -eq 8100 ] || fail "the day has $lines lines, not 8100"

# all_received RECORD: every message of the day is in the screen's RECORD, as many times as in
# the day; prints how many of the day's messages were received.
all_received() {
    python3 - "$TMP/day.jsonl" "$1" <<'PY'
import collections, json, sys
def msgs(path):
    out = collections.Counter()
    for l in open(path):
        if l.strip():
            out[json.dumps(json.loads(l)["msg"], sort_keys=True)] += 1
    return out
day, rec = msgs(sys.argv[1]), msgs(sys.argv[2])
got = sum(min(n, rec[m]) for m, n in day.items())
want = sum(day.values())
missing = sorted(json.loads(m)["seq"] for m in day if rec[m] < day[m])
print("%d of %d" % (got, want))
if got != want:
    print("first missing seq: %s (of %d missing)" % (missing[:5], len(missing)), file=sys.stderr)
    sys.exit(1)
PY
}

# screen URL NAME: a headless screen on event time recording what it receives in $TMP/NAME.rec.
screen() {
    start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$1" \
        --record "$TMP/$2.rec" --stats-json "$TMP/$2.jsonl" --exit-after 120 2>"$TMP/$2.err"
}

# finish NAME REPLAY_PID SCREEN_PID: waits for the replay to end (--linger 2), then for the
# screen to take the rest and stop (SIGTERM writes its record out), and checks the record.
finish() {
    wait_exit "$2" 90
    [ "$RC" -eq 0 ] || fail "$1: replay exit $RC: $(cat "$TMP/$1.replay.err")"
    grep -qF "sent 8100 lines" "$TMP/$1.replay.err" || fail "$1: $(cat "$TMP/$1.replay.err")"
    sleep 1
    kill -TERM "$3"
    wait_exit "$3" 30
    got=$(all_received "$TMP/$1.rec") ||
        fail "$1: the screen did not receive every message of the day: $got; replay: $(cat "$TMP/$1.replay.err")"
    echo "ok: $1: the screen received $got messages of the day"
}

# 1. The replay first, the screen 2 s later.
url="ipc://$TMP/late.ipc"
start_bg "$REPLAY" "$TMP/day.jsonl" --config "$TMP/wallboard.ini" --bind "$url" --speed 1000 \
    --linger 2 2>"$TMP/late.replay.err"
replay=$BG_PID
sleep 2
screen "$url" late
finish late "$replay" "$BG_PID"

# 2. The screen first; half a second's pause 1.5 s after the replay starts (it sends for 4.1 s).
url="ipc://$TMP/pause.ipc"
screen "$url" pause
wb=$BG_PID
start_bg "$REPLAY" "$TMP/day.jsonl" --config "$TMP/wallboard.ini" --bind "$url" --speed 1000 \
    --linger 2 2>"$TMP/pause.replay.err"
replay=$BG_PID
sleep 1.5
kill -STOP "$wb"
sleep 0.5
kill -CONT "$wb"
finish pause "$replay" "$wb"
echo "PASS"
