#!/usr/bin/env bash
# A configuration without a timezone counts the system's day (src/apps/common/systz.h), as
# docs/kiosk.md tells an installer who set the machine's zone: TZ first (with or without ':'),
# then /etc/localtime. Every program that reads the configuration says the zone at start,
# "(the system's)" when the file names none; a zone in the file wins over the system's. The
# replayer's --from shows the day really is the system's, not UTC's.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
HUB="$WB_BIN/wallboard-hub"
SIM="$WB_BIN/wallboard-sim"
REPLAY="$WB_BIN/wallboard-replay"

[ -f /usr/share/zoneinfo/Asia/Tokyo ] ||
    { echo "SKIP: no tzdata (/usr/share/zoneinfo/Asia/Tokyo)"; exit 77; }

printf '[wallboard]\nsite = No zone\n' >"$TMP/none.ini"
printf '[wallboard]\ntimezone = UTC\n' >"$TMP/utc.ini"

# Asia/Tokyo is UTC+9 all year. 2026-11-30T00:00:00Z = 1795996800000 is 09:00 there. One line
# at 23:30Z on the 29th (08:30 on the 30th in Tokyo) and one at 00:30Z (09:30 in Tokyo).
line() {
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.queued","ts":%s,"src":"acd","id":"%s","channel":"phone"}}\n' \
        "$1" "$1" "$2"
}
{
    line 1795995000000 c1
    line 1795998600000 c2
} >"$TMP/day.jsonl"

# started ZONE_ENV CONFIG PROG: the first "time zone" words PROG says at start with TZ=ZONE_ENV.
started() {
    local tz=$1 cfg=$2 prog=$3
    case $prog in
    wallboard) TZ=$tz timeout 60 "$WALLBOARD" --config "$cfg" --headless --exit-after 0.3 \
        2>"$TMP/err" >/dev/null || true ;;
    hub) TZ=$tz timeout 60 "$HUB" --config "$cfg" --connect "ipc://$TMP/p.ipc" --bind "ipc://$TMP/s.ipc" \
        --reply "ipc://$TMP/r.ipc" --exit-after 0.3 2>"$TMP/err" >/dev/null || true ;;
    sim) TZ=$tz timeout 60 "$SIM" --config "$cfg" --bind "ipc://$TMP/sim.ipc" --duration 0.3 \
        2>"$TMP/err" >/dev/null || true ;;
    replay) TZ=$tz timeout 60 "$REPLAY" "$TMP/day.jsonl" --config "$cfg" --bind "ipc://$TMP/rp.ipc" \
        --wait 0 --speed 1000000 --linger 0 2>"$TMP/err" >/dev/null || true ;;
    esac
    grep -o 'time zone [^,]*$' "$TMP/err" | head -1 || true
}

for prog in wallboard hub sim replay; do
    got=$(started Asia/Tokyo "$TMP/none.ini" "$prog")
    [ "$got" = "time zone Asia/Tokyo (the system's)" ] ||
        fail "$prog, no timezone, TZ=Asia/Tokyo: '$got': $(cat "$TMP/err")"
    got=$(started :Asia/Tokyo "$TMP/none.ini" "$prog")
    [ "$got" = "time zone Asia/Tokyo (the system's)" ] ||
        fail "$prog, no timezone, TZ=:Asia/Tokyo: '$got': $(cat "$TMP/err")"
    got=$(started Asia/Tokyo "$TMP/utc.ini" "$prog")
    [ "$got" = "time zone UTC" ] || fail "$prog, timezone = UTC, TZ=Asia/Tokyo: '$got'"
    echo "ok: $prog: the system's zone without a timezone, the file's with one"
done

# --from 09:00 on the first line's day: in Tokyo that is the 30th, 09:00 = 00:00Z, one line
# before it. In UTC it would be the 29th at 09:00Z, no line before it.
TZ=Asia/Tokyo "$REPLAY" "$TMP/day.jsonl" --config "$TMP/none.ini" --from 09:00 \
    --bind "ipc://$TMP/f.ipc" --wait 0 --speed 1000000 --linger 0 2>"$TMP/err" ||
    fail "replay --from: $(cat "$TMP/err")"
n=$(sed -n 's/.* \([0-9]*\) before --from sent as a snapshot.*/\1/p' "$TMP/err")
[ "$n" = 1 ] || fail "replay --from 09:00 with TZ=Asia/Tokyo: '$n' lines before, want 1: $(cat "$TMP/err")"
echo "ok: replay --from 09:00 counts Tokyo's clock (1 line before it, 0 in UTC)"

# A reload follows the file: a timezone added to it is said, with the zone it replaces.
cp "$TMP/none.ini" "$TMP/live.ini"
TZ=Asia/Tokyo start_bg "$WALLBOARD" --config "$TMP/live.ini" --headless --exit-after 30 2>"$TMP/live.err"
pid=$BG_PID
for _ in $(seq 100); do grep -q 'time zone' "$TMP/live.err" && break; sleep 0.1; done
printf '[wallboard]\ntimezone = UTC\n' >"$TMP/live.ini"
kill -HUP "$pid"
for _ in $(seq 100); do grep -q 'time zone now' "$TMP/live.err" && break; sleep 0.1; done
grep -qF "wallboard: time zone now UTC (was Asia/Tokyo)" "$TMP/live.err" ||
    fail "reload with timezone = UTC: $(cat "$TMP/live.err")"
echo "ok: a reload that adds timezone = UTC says so (was Asia/Tokyo)"
