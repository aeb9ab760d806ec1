#!/usr/bin/env bash
# A publisher that counts its day in another time zone than the screen's: its snapshot's
# "today" cannot be taken (the hours differ), and the screen says so rather than undercount the
# day in silence: one line on stderr naming both day starts and the likely cause, and the
# stats' snapshot_day_mismatch counting every such snapshot. Its agents are applied all the
# same, and a screen in the publisher's zone takes the day.
#
# Worked by hand: on 2026-11-30 Europe/Helsinki is on EET (UTC+2), so its midnight is
# 2026-11-29T22:00:00Z = 1795989600000 and UTC's is 2026-11-30T00:00:00Z = 1795996800000. The
# snapshot is taken at 10:00:00Z (1796032800000), in both zones' 30 November, and carries 7
# answered of the day and two available agents.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

need_py_nanomsg

snapshot() { # snapshot SRC DAY_START
    printf '{"v":1,"type":"snapshot","ts":1796032800000,"src":"%s",' "$1"
    printf '"agents":[{"agent":"a1","state":"available","since":1796032800000,"channels":["phone"]},'
    printf '{"agent":"a2","state":"available","since":1796032800000,"channels":["phone"]}],'
    printf '"queues":[{"queue":"sales","channel":"phone","day_start":%s,' "$2"
    printf '"today":{"answered":7,"answered_in_sl":7,"completed":7}}]}\n'
}

# run NAME TIMEZONE DAY_START WANT: a headless screen on event time in TIMEZONE, fed the
# snapshot over and over (publish repeats it every 0.2 s) until its stats satisfy WANT; then
# ended cleanly. Its stderr is in $TMP/NAME.err, its last stats line in $LINE.
run() {
    printf '[wallboard]\ntimezone = %s\n' "$2" >"$TMP/wallboard.ini"
    snapshot "$1" "$3" >"$TMP/$1.jsonl"
    local url="ipc://$TMP/$1.ipc" stats="$TMP/$1.stats"
    start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$url" \
        --stats-json "$stats" --exit-after 120 2>"$TMP/$1.err"
    local wb=$BG_PID
    start_bg publish "$url" "$TMP/$1.jsonl"
    local pub=$BG_PID
    LINE=$(wait_stats "$stats" "$4" 60) || fail "$1: never reached $4: $(tail -n1 "$stats")"
    kill "$pub"
    kill -TERM "$wb"
    wait_exit "$wb" 30
    [ "$RC" = 0 ] || fail "$1: the screen exited with $RC: $(cat "$TMP/$1.err")"
}

# A UTC screen, a Helsinki publisher: the agents are there, the day's 7 are not, and three
# snapshots (at least) counted; named once however many arrive.
run hel-on-utc UTC 1795989600000 \
    'd["snapshot_day_mismatch"] >= 3 and d["agents"]["available"] == 2'
python3 - "$LINE" <<'PY' || fail "hel-on-utc: figures: $LINE"
import json, sys
d = json.loads(sys.argv[1])
phone = [c for c in d["channels"] if c["channel"] == "phone"][0]
assert phone["today"]["answered"] == 0, phone["today"]
assert phone["today"]["sl_pct"] is None, phone["today"]
assert d["refused"] == 0, d["refused_by_reason"]
PY
n=$(grep -c 'snapshot_day_mismatch' "$TMP/hel-on-utc.err" || true)
[ "$n" = 1 ] || fail "hel-on-utc: named $n times, not once: $(cat "$TMP/hel-on-utc.err")"
for want in 'counts "today" from 2026-11-29T22:00:00Z, 2 h 00 min before' \
    "this screen's day (from 2026-11-30T00:00:00Z, timezone \"UTC\")" \
    'likely run in different time zones'; do
    grep -qF -- "$want" "$TMP/hel-on-utc.err" ||
        fail "hel-on-utc: '$want' not on stderr: $(cat "$TMP/hel-on-utc.err")"
done
echo "ok: a Helsinki snapshot on a UTC screen: agents applied, the day left out, counted, named once"

# The other way round: a Helsinki screen, a UTC publisher, whose day starts two hours later.
run utc-on-hel Europe/Helsinki 1795996800000 \
    'd["snapshot_day_mismatch"] >= 1 and d["agents"]["available"] == 2 and ch("phone")["today"]["answered"] == 0'
for want in 'counts "today" from 2026-11-30T00:00:00Z, 2 h 00 min after' \
    "this screen's day (from 2026-11-29T22:00:00Z, timezone \"Europe/Helsinki\")"; do
    grep -qF -- "$want" "$TMP/utc-on-hel.err" ||
        fail "utc-on-hel: '$want' not on stderr: $(cat "$TMP/utc-on-hel.err")"
done
echo "ok: a UTC snapshot on a Helsinki screen: counted and named"

# The same zone on both: the day is taken, nothing counted, nothing said.
run hel-on-hel Europe/Helsinki 1795989600000 \
    'ch("phone")["today"]["answered"] == 7 and d["agents"]["available"] == 2'
python3 -c 'import json,sys; assert json.loads(sys.argv[1])["snapshot_day_mismatch"] == 0' \
    "$LINE" || fail "hel-on-hel: counted a mismatch: $LINE"
if grep -q 'snapshot_day_mismatch' "$TMP/hel-on-hel.err"; then
    fail "hel-on-hel: named a mismatch: $(cat "$TMP/hel-on-hel.err")"
fi
echo "ok: a Helsinki snapshot on a Helsinki screen: the day's 7 taken, nothing counted"
