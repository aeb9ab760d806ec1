#!/usr/bin/env bash
# A reload applies a changed [transport] connect (docs/kiosk.md section 3: edit connect, then
# systemctl reload): the screen leaves the publisher no longer named and subscribes to the new
# one, and says so. Publisher p1 feeds phone, p2 chat (nanocat, one event every 0.2 s). The
# file names p1; rewritten to name p2 and SIGHUP: stderr says "connect: now p2 (was p1)", chat
# appears with a status, and 7 s later (stale_after_s 5, with margin) phone is silent because
# p1 is no longer heard, while p1 still publishes. Before, the new URL was stored as if applied
# and nothing was received from it.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

command -v nanocat >/dev/null || { echo "SKIPPED: nanocat not installed (nanomsg-utils)"; exit 77; }

event() { # event SRC ID CHANNEL
    printf '{"v":1,"type":"contact.queued","ts":%s,"src":"%s","id":"%s","channel":"%s"}' \
        "$(now_ms)" "$1" "$2" "$3"
}

u1="ipc://$TMP/p1.ipc"
u2="ipc://$TMP/p2.ipc"
start_bg nanocat --pub --bind "$u1" --data "$(event p1 c1 phone)" --interval 0.2
start_bg nanocat --pub --bind "$u2" --data "$(event p2 c2 chat)" --interval 0.2
cfg="$TMP/wallboard.ini"
printf '[wallboard]\ntimezone = UTC\n[transport]\nconnect = %s\n' "$u1" >"$cfg"
stats="$TMP/stats.jsonl"
start_bg "$WALLBOARD" --headless --config "$cfg" --stats-json "$stats" --exit-after 120 \
    2>"$TMP/err"
wb=$BG_PID
wait_stats "$stats" 'ch("phone") and not ch("phone")["silent"] and d["received"] > 0' >/dev/null ||
    fail "p1 not heard at first: $(cat "$TMP/err")"
echo "ok: the file names p1: phone heard"

# Rewritten in place (the watch reloads it too; either reload applies it once).
printf '[wallboard]\ntimezone = UTC\n[transport]\nconnect = %s\n' "$u2" >"$cfg"
kill -HUP "$wb"
wait_grep "$TMP/err" "wallboard: connect: now $u2 (was $u1)" 10
r0=$(tail -n 1 "$stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["received"])')
wait_stats "$stats" "ch('chat') and ch('chat')['status'] != 'unknown' and d['received'] > $r0" \
    >/dev/null || fail "p2 not heard after the reload: $(cat "$TMP/err")"
echo "ok: reloaded: stderr says connect now p2 (was p1); chat from p2 heard, received rising"
sleep 7
wait_stats "$stats" 'ch("phone")["silent"] and not ch("chat")["silent"] and not d["stale"]' 10 \
    >/dev/null || fail "p1 still heard after the reload: $(tail -n 1 "$stats")"
echo "ok: p1 no longer heard (phone silent) while p2 is (chat live)"
