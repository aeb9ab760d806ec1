#!/usr/bin/env bash
# --tz is judged as the configuration's timezone is: a zone the programs can count "today" in,
# an IANA name whose tzdata file is under /usr/share/zoneinfo, or UTC. A name that is not one
# (misspelt, invented, a POSIX TZ rule, a path out of the zone tree) is refused with exit 2 and
# one line naming --tz, the value and why, in every program that takes the option
# (wallboard-sim and wallboard-replay), before anything is bound or sent. A known zone is taken
# and is the zone the program says it runs in.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
SIM="$WB_BIN/wallboard-sim"
REPLAY="$WB_BIN/wallboard-replay"

[ -f /usr/share/zoneinfo/Europe/Helsinki ] ||
    { echo "SKIP: no tzdata (/usr/share/zoneinfo/Europe/Helsinki)"; exit 77; }

# One journal line for the replayer: 2024-03-05 08:00:00 UTC.
printf '{"rx":1709625600000,"msg":{"v":1,"type":"contact.queued","ts":1709625600000,"src":"a","id":"c1","channel":"phone"}}\n' \
    >"$TMP/day.jsonl"

# refused PROG ZONE WHY: PROG (sim or replay) with --tz ZONE exits 2 with one line naming
# the option, the zone and WHY, and binds nothing.
refused() {
    local prog=$1 zone=$2 why=$3 rc=0 url="ipc://$TMP/refused.ipc"
    case $prog in
    sim) timeout 60 "$SIM" --bind "$url" --tz "$zone" --duration 1 2>"$TMP/err" >/dev/null || rc=$? ;;
    replay) timeout 60 "$REPLAY" "$TMP/day.jsonl" --bind "$url" --tz "$zone" --linger 0 2>"$TMP/err" || rc=$? ;;
    esac
    [ "$rc" -eq 2 ] || fail "$prog --tz '$zone': exit $rc, expected 2: $(cat "$TMP/err")"
    local want="wallboard-$prog: --tz $zone: $why; expected an IANA zone name such as Europe/Helsinki, or UTC (see --help)"
    [ "$(cat "$TMP/err")" = "$want" ] ||
        fail "$prog --tz '$zone': message: $(cat "$TMP/err") (wanted: $want)"
    [ ! -e "$TMP/refused.ipc" ] || fail "$prog --tz '$zone': bound its socket before refusing"
    echo "ok: $prog --tz '$zone': exit 2: $(cat "$TMP/err")"
}

for prog in sim replay; do
    refused "$prog" Europe/Helsinkii "unknown time zone (no /usr/share/zoneinfo/Europe/Helsinkii)"
    refused "$prog" Mars/Base "unknown time zone (no /usr/share/zoneinfo/Mars/Base)"
    # A directory of the tree is no zone.
    refused "$prog" Europe "unknown time zone (no /usr/share/zoneinfo/Europe)"
    # A POSIX TZ rule: the C library would take it, the screen's configuration cannot.
    refused "$prog" "EET-2EEST,M3.5.0/3,M10.5.0/4" "unknown time zone (no /usr/share/zoneinfo/...)"
    refused "$prog" ../../../etc/passwd "unknown time zone (no /usr/share/zoneinfo/...)"
    refused "$prog" "$(printf 'Europe/%064d' 0)" "longer than 63 bytes"
done

# Taken: the simulator starts at --start in that zone and says so. 09:45 in Helsinki.
for zone in Europe/Helsinki UTC; do
    rc=0
    timeout 60 "$SIM" --bind "ipc://$TMP/sim.ipc" --tz "$zone" --start 09:45 --duration 0.5 \
        >/dev/null 2>"$TMP/err" || rc=$?
    [ "$rc" -eq 0 ] || fail "sim --tz $zone: exit $rc: $(cat "$TMP/err")"
    grep -qF "time zone $zone" "$TMP/err" || fail "sim --tz $zone: zone not said: $(cat "$TMP/err")"
    grep -qE "start [0-9]{4}-[0-9]{2}-[0-9]{2} 09:45 $zone," "$TMP/err" ||
        fail "sim --tz $zone: not started at 09:45 there: $(cat "$TMP/err")"
    echo "ok: sim --tz $zone taken: started at 09:45 $zone"

    # --wait 0: no screen subscribes here, and the replay would wait for one.
    rc=0
    timeout 60 "$REPLAY" "$TMP/day.jsonl" --bind "ipc://$TMP/replay.ipc" --tz "$zone" --wait 0 \
        --linger 0 2>"$TMP/err" || rc=$?
    [ "$rc" -eq 0 ] || fail "replay --tz $zone: exit $rc: $(cat "$TMP/err")"
    grep -qF "time zone $zone" "$TMP/err" || fail "replay --tz $zone: zone not said: $(cat "$TMP/err")"
    echo "ok: replay --tz $zone taken"
done
echo "PASS"
