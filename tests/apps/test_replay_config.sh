#!/usr/bin/env bash
# wallboard-replay judges as the site does. Its snapshots (the one that stands for everything
# before --from, and the ones it sends every few seconds and after the end) carry the day's and
# the rolling window's counters as its own board judged them: answered within T, short
# abandons. A screen takes them in place of its own counts, so the replay must judge by the
# screen's wallboard.ini: here chat has T = 30 s (the [defaults] value is 20 s), short abandons
# under 10 s (default 5 s), the ignore_abandoned formula and the Europe/Helsinki day.
#
# The day, worked by hand (docs/metrics.md sections 3 and 4), with this file's settings:
#   c1 and c2 answered after 25 s: within T = 30 s (over a T of 20 s).
#   c3 answered after 40 s: over T.
#   c4 abandoned after 7 s: a short abandon (under 10 s), left out of every rate.
#   A = 3, A<=T = 2, abandoned 1, short 1, B = 0, B<=T = 0:
#   SL ignore_abandoned = A<=T / (A + B - B<=T) = 2 / 3 = 66.667 %; abandon % = 0 / 3 = 0 %.
# Judged by the [defaults] values instead (T 20 s, short under 5 s), as the replayer judged
# before it read a configuration, A<=T = 0 and c4 is an abandon within T (B = 1, B<=T = 1):
# the screen would show 0 / (3 + 1 - 1) = 0 %.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
REPLAY="$WB_BIN/wallboard-replay"
[ -x "$REPLAY" ] || fail "$REPLAY is not built"

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Replay config
timezone = Europe/Helsinki
[channel.chat]
sl_threshold_s = 30
sl_target_pct = 80
sl_formula = ignore_abandoned
short_abandon_s = 10
realtime = true
INI
# 2024-03-05 10:00:00 in Europe/Helsinki (EET, UTC+2) = 08:00:00 UTC = 1709625600000.
D=1709625600000
line() { # line OFFSET_S TYPE ID SEQ
    local t=$((D + $1 * 1000))
    printf '{"rx":%s,"msg":{"v":1,"type":"%s","ts":%s,"src":"acd","seq":%s,"id":"%s","channel":"chat"}}\n' \
        "$t" "$2" "$t" "$4" "$3"
}
{
    line 0 contact.queued c1 1
    line 25 contact.answered c1 2     # 10:00:25, waited 25 s
    line 30 contact.queued c2 3
    line 55 contact.answered c2 4     # 10:00:55, waited 25 s
    line 60 contact.queued c3 5
    line 100 contact.answered c3 6    # 10:01:40, waited 40 s
    line 110 contact.queued c4 7
    line 117 contact.abandoned c4 8   # 10:01:57, gave up after 7 s
} >"$TMP/day.jsonl"

# check_chat STATS_LINE: the figures worked by hand above, today and in the rolling window
# (30 minutes: the whole day here), from a screen that took the replay's snapshots whole.
check_chat() {
    python3 - "$1" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
c = [c for c in d["channels"] if c["channel"] == "chat"][0]
want = {"answered": 3, "abandoned": 1, "short_abandoned": 1, "answered_in_sl": 2,
        "abandoned_in_sl": 0, "sl_pct": 66.667, "abandon_pct": 0.0}
for w in ("today", "rolling"):
    for k, v in want.items():
        assert c[w][k] is not None and abs(c[w][k] - v) < 1e-3, (w, k, c[w][k], v)
# The replay's day is the screen's: its "today" was taken, not left out as another zone's.
assert d["snapshot_day_mismatch"] == 0, d["snapshot_day_mismatch"]
PY
}
done_today='ch("chat")["today"]["answered"] == 3 and ch("chat")["today"]["abandoned"] == 1'

# (1) --from 10:30 (local time by the file's timezone): the whole day comes as the replay's
# one snapshot, so the screen shows only what the replay's board judged.
url="ipc://$TMP/r1.ipc"
start_event_wallboard "$url" "$TMP/w1.jsonl"
start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --config "$TMP/wallboard.ini" --from 10:30 \
    --speed 100 --linger 30 2>"$TMP/r1.err"
got=$(wait_stats "$TMP/w1.jsonl" "$done_today" 30) ||
    fail "the snapshot never brought today's 3 answered and 1 abandoned: $(cat "$TMP/r1.err")"
check_chat "$got" || fail "the --from snapshot was not judged by the file: $got"
grep -qF "8 before --from sent as a snapshot" "$TMP/r1.err" || fail "$(cat "$TMP/r1.err")"
grep -qF "snapshots judged by $TMP/wallboard.ini, time zone Europe/Helsinki" "$TMP/r1.err" ||
    fail "the configuration it judges by is not named: $(cat "$TMP/r1.err")"
echo "ok: --config, --from: chat SL 66.667 % today and rolling (2 of 3 within 30 s, 1 short abandon)"

# (2) Line by line: the screen counts the lines itself, then the replay's snapshots after the
# end (one a second) replace its counts; they must leave the same figures.
url="ipc://$TMP/r2.ipc"
start_event_wallboard "$url" "$TMP/w2.jsonl"
start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --config "$TMP/wallboard.ini" --speed 100 \
    --linger 30 2>"$TMP/r2.err"
wait_stats "$TMP/w2.jsonl" "$done_today" 30 >/dev/null ||
    fail "the replayed lines never arrived: $(cat "$TMP/r2.err")"
wait_grep "$TMP/r2.err" "sent 8 lines" 30
# Two snapshots after the end, and a stats line (one a second) after them.
sleep 3.5
check_chat "$(tail -n 1 "$TMP/w2.jsonl")" ||
    fail "the snapshots after the end changed the screen's figures: $(tail -n 1 "$TMP/w2.jsonl")"
echo "ok: --config, line by line then snapshots: chat SL 66.667 % today and rolling"

# (3) No --config: the replay reads what the wallboard reads, here $WB_CONFIG.
url="ipc://$TMP/r3.ipc"
start_event_wallboard "$url" "$TMP/w3.jsonl"
WB_CONFIG="$TMP/wallboard.ini" start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --from 10:30 \
    --speed 100 --linger 30 2>"$TMP/r3.err"
got=$(wait_stats "$TMP/w3.jsonl" "$done_today" 30) ||
    fail "no day from the \$WB_CONFIG replay: $(cat "$TMP/r3.err")"
check_chat "$got" || fail "the replay did not judge by \$WB_CONFIG: $got"
grep -qF "snapshots judged by $TMP/wallboard.ini" "$TMP/r3.err" || fail "$(cat "$TMP/r3.err")"
echo "ok: \$WB_CONFIG without --config: chat SL 66.667 %"
echo "PASS"
