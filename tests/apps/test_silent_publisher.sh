#!/usr/bin/env bash
# One publisher of two goes quiet: the board stays live on the other's messages, but the
# channel only the quiet one fed is no longer shown as current. Publisher p1 feeds phone, p2
# chat (nanocat, each repeating one event every 0.2 s). With both talking both channels have a
# status; 7 s (stale_after_s 5, with margin) after p2 is killed, chat is "silent" with status
# "unknown" (it read "ok" with a green tile before), phone is still judged, the board is not
# stale, and the screen (when built with one) greys chat's tile and says so in the ticker.
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
p2=$BG_PID
stats="$TMP/stats.jsonl"
# With a display, the same screen takes a picture 15 s in, well after p2 is gone.
if ((HAS_DISPLAY)); then
    SDL_VIDEODRIVER=offscreen start_bg "$WALLBOARD" --connect "$u1" --connect "$u2" \
        --stats-json "$stats" --window 1280x720 --screenshot "$TMP/s.png" \
        --screen-text "$TMP/s.txt" --screenshot-after 15
else
    start_bg "$WALLBOARD" --headless --connect "$u1" --connect "$u2" --stats-json "$stats" \
        --exit-after 120
fi
wb=$BG_PID
wait_stats "$stats" 'ch("chat") and ch("phone") and ch("chat")["status"] != "unknown" and not ch("chat")["silent"] and ch("phone")["status"] != "unknown"' \
    >/dev/null || fail "both channels not live at first"
echo "ok: both publishers talking: phone and chat judged, neither silent"

kill "$p2"
wait "$p2" 2>/dev/null || true
sleep 7
wait_stats "$stats" 'not d["stale"] and ch("chat")["silent"] and ch("chat")["status"] == "unknown" and not ch("phone")["silent"] and ch("phone")["status"] != "unknown"' \
    10 >/dev/null || fail "chat not silent after its publisher died: $(tail -n 1 "$stats")"
echo "ok: p2 gone: chat silent, status unknown; phone still judged; the board live"

if ((HAS_DISPLAY)); then
    wait "$wb" || fail "the screen ended badly"
    # chat's tile: the stale tag, not a level; the ticker names it.
    awk -F'\t' '$2 == "status" && $3 == "STALE"' "$TMP/s.txt" | grep -q . ||
        fail "no STALE tag on chat's tile: $(cat "$TMP/s.txt")"
    grep -q $'\tticker\tChat: no data, last [0-9]* s ago' "$TMP/s.txt" ||
        fail "no ticker item for chat: $(grep ticker "$TMP/s.txt")"
    ! grep -q "All channels OK" "$TMP/s.txt" || fail "the ticker says all is OK"
    echo "ok: the screen greys chat's tile (STALE) and the ticker says \"Chat: no data, last N s ago\""
fi
