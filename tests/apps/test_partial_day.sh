#!/usr/bin/env bash
# A day before that the screen did not watch whole does not shape its forecast (docs/metrics.md
# section 6.5). A headless wallboard on event time (--clock event) is fed a recorded day that
# starts late: 2026-11-25 (UTC) heard from 12:00 only (a heartbeat a minute to 23:59, phone
# contacts a minute 12:00-12:59), then 2026-11-26 00:00:30 and a contact at 00:01, which roll
# the day over. Worked by hand: the silence 00:00-12:00 is longer than 5 minutes, so the day is
# watched from 12:00, and the phone's first arrival (interval 48, 12:00) is not an hour after
# that: partial. The stats say "day_before_partial" (the old code shaped by it: "day_before");
# with an arrival_profile configured, "configured". The same day heard from 00:00 is whole:
# "day_before".
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

need_py_nanomsg

# feed FILE FROM_MIN: day 1 heard from minute FROM_MIN, phone busy 12:00-12:59, then day 2.
feed() {
    python3 - "$1" "$2" <<'PY'
import sys
day = 1795564800000  # 2026-11-25T00:00:00Z
out, lines = open(sys.argv[1], "w"), []
def ev(ts, typ, extra=""):
    lines.append((ts, '{"v":1,"type":"%s","ts":%d,"src":"rec"%s}' % (typ, ts, extra)))
for k in range(int(sys.argv[2]), 24 * 60):
    ev(day + k * 60000, "heartbeat")
for k in range(12 * 60, 13 * 60):
    c = ',"id":"c%d","channel":"phone"' % k
    ev(day + k * 60000 + 1, "contact.queued", c)
    ev(day + k * 60000 + 10000, "contact.answered", c)
ev(day + 86400000 + 30000, "heartbeat")
c = ',"id":"d1","channel":"phone"'
ev(day + 86400000 + 60000, "contact.queued", c)
ev(day + 86400000 + 65000, "contact.answered", c)
for _, l in sorted(lines, key=lambda x: x[0]):
    out.write(l + "\n")
PY
}

# run NAME FROM_MIN WANT_SHAPE [INI LINES]: a screen fed the day, until phone's shape on day 2
# (stats ts past 2026-11-26 00:01:05 = 1795651265000) is WANT_SHAPE.
run() {
    printf '[wallboard]\ntimezone = UTC\n[channel.phone]\nrealtime = true\n%s' "${4:-}" \
        >"$TMP/wallboard.ini"
    feed "$TMP/$1.jsonl" "$2"
    local url="ipc://$TMP/$1.ipc" stats="$TMP/$1.stats"
    start_event_wallboard "$url" "$stats"
    local wb=$BG_PID
    wait_stats "$stats" 'd["received"] == 0' >/dev/null
    sleep 1.2
    start_bg publish "$url" "$TMP/$1.jsonl" "$stats"
    local pub=$BG_PID
    wait_stats "$stats" "d['ts'] >= 1795651265000 and ch('phone')['forecast']['shape'] == '$3'" \
        60 >/dev/null || fail "$1: phone's shape never '$3': $(tail -n1 "$stats")"
    kill "$pub"
    kill -TERM "$wb"
    wait_exit "$wb" 30
    [ "$RC" = 0 ] || fail "$1: the screen exited with $RC"
    echo "ok: $1: $3"
}

run from-noon $((12 * 60)) day_before_partial
run from-noon-planned $((12 * 60)) configured 'arrival_profile = 08:00 60, 14:00 0
'
run whole 0 day_before
echo "PASS"
