#!/usr/bin/env bash
# The hub, rebuilding today from its journal at start, says why it skipped each line it could
# not read, as wallboard-replay does and through the same reader: "file:line: line skipped:
# reason" on stderr for the first 10, then one line with how many more, and the count of every
# one of them in its summary. A day file edited by hand can thus be fixed rather than guessed at.
#
# The file, worked by hand: lines 1 and 2 are journal lines (c1 queued, then answered); lines
# 3 to 14 are not (12 lines: 3 not JSON, 4 a receive time with a fraction, 5 to 14 without
# "msg"); line 15 is a journal line again (c2 queued). Named: lines 3 to 12 (10); "2 more lines
# skipped, not named"; the summary: 3 lines rebuilt, 0 torn, 12 bad.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

journal="$TMP/journal"
mkdir -p "$journal"
# Today's file in the hub's zone, one where it is now about noon (see noon_zone).
now=$(now_ms)
zone=$(noon_zone)
printf '[wallboard]\ntimezone = %s\n' "$zone" >"$TMP/hub.ini"
today=$(TZ="$zone" date -d "@$((now / 1000))" +%F)
t0=$((now - 300000))
j="$journal/$today.jsonl"
line() { # line RX TYPE ID SEQ
    printf '{"rx":%s,"msg":{"v":1,"type":"%s","ts":%s,"src":"acd","seq":%s,"id":"%s","channel":"phone"}}\n' \
        "$1" "$2" "$1" "$4" "$3"
}
{
    line "$t0" contact.queued c1 1
    line "$((t0 + 10000))" contact.answered c1 2
    printf 'hello\n'
    printf '{"rx":1.5e12,"msg":{"v":1}}\n'
    for i in 1 2 3 4 5 6 7 8 9 10; do
        printf '{"rx":%s}\n' "$((t0 + 10000 + i))"
    done
    line "$((t0 + 20000))" contact.queued c2 3
} >"$j"
[ "$(wc -l <"$j")" -eq 15 ] || fail "the hand-made file has $(wc -l <"$j") lines, not 15"

rc=0
timeout 60 "$HUB" --config "$TMP/hub.ini" --listen "ipc://$TMP/in.ipc" --bind "ipc://$TMP/hub.ipc" \
    --journal "$journal" --exit-after 0.5 2>"$TMP/hub.err" || rc=$?
[ "$rc" -eq 0 ] || fail "hub exit $rc: $(cat "$TMP/hub.err")"

# The ten lines named, in order, with their reasons.
grep -F ': line skipped: ' "$TMP/hub.err" >"$TMP/named" || true
{
    echo "wallboard-hub: $j:3: line skipped: not a JSON object: expected {\"rx\":MS,\"msg\":{...}}"
    echo "wallboard-hub: $j:4: line skipped: \"rx\": expected the receive time in whole milliseconds since the epoch"
    for n in 5 6 7 8 9 10 11 12; do
        echo "wallboard-hub: $j:$n: line skipped: \"msg\" missing"
    done
} >"$TMP/want"
diff -u "$TMP/want" "$TMP/named" >&2 || fail "the skipped lines named: $(cat "$TMP/hub.err")"
echo "ok: lines 3 to 12 named by file, line and reason"

grep -qxF "wallboard-hub: $j: 2 more lines skipped, not named" "$TMP/hub.err" ||
    fail "the lines past the tenth not counted: $(cat "$TMP/hub.err")"
grep -qE "^wallboard-hub: journal $j: 3 lines rebuilt in [0-9]+ ms \(0 refused, 0 torn, 12 bad lines skipped\)$" \
    "$TMP/hub.err" || fail "summary: $(cat "$TMP/hub.err")"
echo "ok: then '2 more lines skipped, not named'; 3 lines rebuilt, 12 bad counted"
echo "PASS"
