#!/usr/bin/env bash
# A recorded day replayed on event time (--clock event): "today" is the day of the events,
# whatever the date of this machine. The wallboard starts first (its wall-clock ticks before
# the first event must not fix "today" to the machine's date), then a publisher replays a
# phone day of 2019-03-31 in Europe/Helsinki: the day clocks went forward (03:00 EET ->
# 04:00 EEST), a day of 23 hours. Every figure below is worked by hand from the events.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

need_py_nanomsg

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Replay
timezone = Europe/Helsinki
[channel.phone]
sl_threshold_s = 20
sl_target_pct = 80
sl_formula = offered
short_abandon_s = 5
realtime = true
INI

ev() { # ev TYPE ID TS [extra JSON members]
    printf '{"v":1,"type":"%s","ts":%s,"src":"rec","id":"%s","channel":"phone"%s}\n' \
        "$1" "$3" "$2" "${4:-}"
}
# Local times (Europe/Helsinki) and their epoch milliseconds:
#   2019-03-31 02:59:50 EET  = 1553993990000    2019-03-31 04:00:05 EEST = 1553994005000
#   2019-03-31 10:00:00 EEST = 1554015600000    2019-03-31 12:00:00 EEST = 1554022800000
#   2019-03-31 13:00:00 EEST = 1554026400000    2019-03-31 23:30:00 EEST = 1554064200000
#   2019-04-01 00:30:00 EEST = 1554067800000    (the day ends at 2019-04-01 00:00 EEST)
{
    # c1 waits 15 s across the clock change (the wall clock jumps an hour): in SL (T = 20 s).
    ev contact.queued c1 1553993990000
    ev contact.answered c1 1553994005000
    # c2 answered after 30 s: over T.
    ev contact.queued c2 1554015600000
    ev contact.answered c2 1554015630000
    # c3 abandons after 40 s; c4 after 3 s, a short abandon (< 5 s).
    ev contact.queued c3 1554022800000
    ev contact.abandoned c3 1554022840000
    ev contact.queued c4 1554026400000
    ev contact.abandoned c4 1554026403000
    # c5 at 23:30 local, the 23rd hour of a 23-hour day: still today. Waits 10 s.
    ev contact.queued c5 1554064200000
    ev contact.answered c5 1554064210000
} >"$TMP/day1.jsonl"
{
    # The next day, 00:30 local: the day rolls over. c6 waits 5 s.
    ev contact.queued c6 1554067800000
    ev contact.answered c6 1554067805000
} >"$TMP/day2.jsonl"

url="ipc://$TMP/replay.ipc"
stats="$TMP/stats.jsonl"
start_event_wallboard "$url" "$stats"
wb=$BG_PID
# Let the wallboard tick on its wall clock before anything arrives (the old failure).
wait_stats "$stats" 'd["received"] == 0' >/dev/null
sleep 1.2

start_bg publish "$url" "$TMP/day1.jsonl"
pub=$BG_PID
# Today = 2019-03-31: answered c1 c2 c5 = 3, abandoned c3 c4 = 2 (1 short), answered within
# 20 s: c1 (15 s) and c5 (10 s) = 2, abandoned within T and not short: none (c3 waited 40 s).
# ASA = (15 + 30 + 10) / 3 = 18.333 s. SL offered = 2 / (3 + 2 - 1) = 50 %.
# Abandon % = 1 / (3 + 1) = 25 %.
want='ch("phone") and ch("phone")["today"]["answered"] == 3'
want+=' and ch("phone")["today"]["abandoned"] == 2'
line=$(wait_stats "$stats" "$want" 60) ||
    fail "today's counts never reached 3 answered / 2 abandoned: $(tail -n1 "$stats")"
python3 - "$line" <<'PY' || fail "day 1 figures"
import json, sys
d = json.loads(sys.argv[1])
t = [c for c in d["channels"] if c["channel"] == "phone"][0]["today"]
want = {"answered": 3, "abandoned": 2, "short_abandoned": 1, "answered_in_sl": 2,
        "abandoned_in_sl": 0, "asa_s": 18.333, "sl_pct": 50.0, "abandon_pct": 25.0}
for k, v in want.items():
    assert abs(t[k] - v) < 1e-3, (k, t[k], v)
q = [x for x in d["queues"] if x["queue"] == "phone"][0]["today"]
assert q["answered"] == 3 and q["abandoned"] == 2 and q["answered_in_sl"] == 2, q
# "now" is the newest event, 2019-03-31 23:30:10 local, not this machine's clock.
assert d["ts"] == 1554064210000, d["ts"]
PY
echo "ok: a recorded day of 2019 counts on event time"
kill "$pub"
wait "$pub" 2>/dev/null || true

start_bg publish "$url" "$TMP/day2.jsonl"
# 2019-04-01: only c6, answered in 5 s.
line=$(wait_stats "$stats" 'ch("phone") and ch("phone")["today"]["answered"] == 1' 60) ||
    fail "the day did not roll over to 2019-04-01: $(tail -n1 "$stats")"
python3 - "$line" <<'PY' || fail "day 2 figures"
import json, sys
d = json.loads(sys.argv[1])
t = [c for c in d["channels"] if c["channel"] == "phone"][0]["today"]
assert t["abandoned"] == 0 and t["answered_in_sl"] == 1 and abs(t["asa_s"] - 5.0) < 1e-3, t
PY
echo "ok: a later event of a later day rolls today over"
kill -TERM "$wb"
wait_exit "$wb" 30
echo "PASS"
