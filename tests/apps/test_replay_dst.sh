#!/usr/bin/env bash
# wallboard-replay's --from is a time on the local clock, also on the days the clock changes:
# in Helsinki 2026-10-25 is 25 hours long (04:00 EEST falls back to 03:00 EET at 01:00 UTC)
# and 2026-03-29 23 hours (03:00 EET springs to 04:00 EEST at 01:00 UTC), so 05:00 there is
# not midnight plus five hours. The replay says how many lines came before --from.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
REPLAY="$WB_BIN/wallboard-replay"

# line MS ID: a journal line, a contact queued at MS.
line() {
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.queued","ts":%s,"src":"acd","id":"%s","channel":"phone"}}\n' \
        "$1" "$1" "$2"
}

# before FILE: the count of lines the replay sent as the snapshot before --from 05:00.
before() {
    "$REPLAY" "$1" --tz Europe/Helsinki --from 05:00 --bind "ipc://$TMP/r.ipc" --wait 0 --speed 1000000 \
        --linger 0 2>"$TMP/err" || fail "replay of $1: $(cat "$TMP/err")"
    sed -n 's/.* \([0-9]*\) before --from sent as a snapshot.*/\1/p' "$TMP/err"
}

# Fall-back day: 05:00 EET = 03:00 UTC. Lines at 02:00, 02:30 and 03:30 UTC (04:00, 04:30 and
# 05:30 EET): two before 05:00. Midnight (21:00 UTC) plus five hours would be 02:00 UTC: none.
{
    line 1792893600000 c1
    line 1792895400000 c2
    line 1792899000000 c3
} >"$TMP/fall.jsonl"
n=$(before "$TMP/fall.jsonl")
[ "$n" = 2 ] || fail "fall-back day: $n lines before --from 05:00, want 2: $(cat "$TMP/err")"
echo "ok: 2026-10-25 (25 h): --from 05:00 is 03:00 UTC, 2 lines before it"

# Spring-forward day: 05:00 EEST = 02:00 UTC. Lines at 01:30 and 02:30 UTC (04:30 and 05:30
# EEST): one before 05:00. Midnight (22:00 UTC) plus five hours would be 03:00 UTC: both.
{
    line 1774747800000 s1
    line 1774751400000 s2
} >"$TMP/spring.jsonl"
n=$(before "$TMP/spring.jsonl")
[ "$n" = 1 ] || fail "spring-forward day: $n lines before --from 05:00, want 1: $(cat "$TMP/err")"
echo "ok: 2026-03-29 (23 h): --from 05:00 is 02:00 UTC, 1 line before it"
