#!/usr/bin/env bash
# The day by interval in the stats JSON, from the real wallboard on event time: per channel
# and per queue an "intervals" array of the intervals with outcomes. The day is 2026-10-25 in
# Europe/Helsinki, when clocks go back (04:00 EEST -> 03:00 EET): 25 hours, and local 03:30
# happens twice. Every figure below is worked by hand from the events; a bad interval_min is
# refused with the file, the line and the key.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

need_py_nanomsg

# A bad interval width: refused, naming the file, the line and the key.
printf '[wallboard]\ntimezone = UTC\ninterval_min = 7\n' >"$TMP/bad.ini"
if "$WALLBOARD" --headless --config "$TMP/bad.ini" --exit-after 1 2>"$TMP/bad.err"; then
    fail "interval_min = 7 was accepted"
fi
if ! grep -q 'bad.ini:3' "$TMP/bad.err" || ! grep -q 'interval_min' "$TMP/bad.err"; then
    fail "the error does not name the file, line and key: $(cat "$TMP/bad.err")"
fi
echo "ok: interval_min = 7 refused with file, line and key"

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Intervals
timezone = Europe/Helsinki
interval_min = 15
[channel.phone]
sl_threshold_s = 20
sl_target_pct = 80
sl_formula = offered
short_abandon_s = 5
INI

ev() { # ev TYPE ID QUEUE TS WAIT_MS
    printf '{"v":1,"type":"%s","ts":%s,"src":"rec","id":"%s","channel":"phone","queue":"%s","wait_ms":%s}\n' \
        "$1" "$4" "$2" "$3" "$5"
}
# The day starts at 00:00 EEST = 2026-10-24T21:00:00Z = 1792875600000. Interval i starts
# i x 900000 ms later:
#   13: 1792887300000 (03:15 EEST)   14: 1792888200000 (03:30 EEST)
#   18: 1792891800000 (03:30 EET, the second one)
{
    # c1: answered 1 ms before interval 14 starts, after 30 s: interval 13, over T.
    ev contact.answered c1 sales 1792888199999 30000
    # c2: answered exactly at the start of interval 14, after 10 s: interval 14, within T.
    ev contact.answered c2 sales 1792888200000 10000
    # In interval 18: c3 abandons after 3 s (short), c4 after 12 s (within T), c5 is
    # answered after 15 s (within T).
    ev contact.abandoned c3 support 1792891860000 3000
    ev contact.abandoned c4 support 1792891920000 12000
    ev contact.answered c5 support 1792891980000 15000
} >"$TMP/day.jsonl"

url="ipc://$TMP/iv.ipc"
stats="$TMP/stats.jsonl"
start_event_wallboard "$url" "$stats"
wb=$BG_PID
start_bg publish "$url" "$TMP/day.jsonl"
want='ch("phone") and ch("phone")["today"]["answered"] == 3'
want+=' and ch("phone")["today"]["abandoned"] == 2'
line=$(wait_stats "$stats" "$want" 60) ||
    fail "today's counts never reached 3 answered / 2 abandoned: $(tail -n1 "$stats")"
python3 - "$line" <<'PY' || fail "interval figures"
import json, sys
d = json.loads(sys.argv[1])
ch = [c for c in d["channels"] if c["channel"] == "phone"][0]
qs = {q["queue"]: q for q in d["queues"]}
keys = ["start", "offered", "answered", "abandoned", "short_abandoned", "answered_in_sl",
        "abandoned_in_sl", "sl_pct", "asa_s"]
# offered = answered + abandoned; SL (offered formula) = within T / (answered + abandoned -
# short); ASA = wait sum / answered.
i13 = [1792887300000, 1, 1, 0, 0, 0, 0, 0.0, 30.0]
i14 = [1792888200000, 1, 1, 0, 0, 1, 0, 100.0, 10.0]
# 18: 1 answered within T of 1 + 2 - 1 = 2 -> 50 %; ASA 15 s.
i18 = [1792891800000, 3, 1, 2, 1, 1, 1, 50.0, 15.0]
def check(got, want, what):
    assert len(got) == len(want), (what, got)
    for g, w in zip(got, want):
        for k, v in zip(keys, w):
            assert g[k] is not None and abs(g[k] - v) < 1e-3, (what, k, g[k], v)
check(ch["intervals"], [i13, i14, i18], "channel phone")
check(qs["sales"]["intervals"], [i13, i14], "queue sales")
check(qs["support"]["intervals"], [i18], "queue support")
assert d["intervals_lost"] == 0
PY
echo "ok: intervals per channel and per queue, worked by hand (boundary, 25-hour day)"
kill -TERM "$wb"
wait_exit "$wb" 30
echo "PASS"
