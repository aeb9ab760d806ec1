#!/usr/bin/env bash
# A publisher that dies and comes back, seen by the real binary: nanocat publishes a snapshot
# of source "acd" (two contacts waiting on phone) every 0.2 s; it is killed, the headless
# wallboard goes stale within stale_after_s; a new nanocat on the same address publishes a
# new snapshot (three waiting) and the same wallboard process shows it, no longer stale.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

command -v nanocat >/dev/null || { echo "SKIPPED: nanocat not installed (nanomsg-utils)"; exit 77; }

snapshot() { # snapshot N: a snapshot of source "acd" with N contacts waiting on phone
    local ts i w=""
    ts=$(now_ms)
    for ((i = 1; i <= $1; i++)); do
        w+="${w:+,}{\"id\":\"w$i\",\"channel\":\"phone\",\"queue\":\"phone\",\"ts\":$((ts - i * 1000))}"
    done
    printf '{"v":1,"type":"snapshot","ts":%s,"src":"acd","waiting":[%s],"in_service":[],"agents":[],"queues":[]}' \
        "$ts" "$w"
}

cfg="$TMP/wallboard.ini"
printf '[wallboard]\nsite = Restart test\nstale_after_s = 1\n\n[channel.phone]\n' >"$cfg"

for transport in ipc tcp; do
    if [ "$transport" = ipc ]; then
        url="ipc://$TMP/acd.ipc"
    else
        url="tcp://127.0.0.1:$(free_port)"
    fi
    stats="$TMP/stats-$transport.jsonl"
    start_bg nanocat --pub --bind "$url" --data "$(snapshot 2)" --interval 0.2
    pub=$BG_PID
    start_bg "$WALLBOARD" --headless --config "$cfg" --connect "$url" --stats-json "$stats" \
        --exit-after 120
    wb=$BG_PID
    wait_stats "$stats" 'not d["stale"] and ch("phone")["waiting"] == 2' >/dev/null

    kill "$pub"
    wait "$pub" 2>/dev/null || true
    wait_stats "$stats" 'd["stale"]' 20 >/dev/null
    echo "ok: $transport: stale after the publisher died"

    start_bg nanocat --pub --bind "$url" --data "$(snapshot 3)" --interval 0.2
    wait_stats "$stats" 'not d["stale"] and ch("phone")["waiting"] == 3 and d["resyncing"] == 0' \
        30 >/dev/null
    kill -0 "$wb" 2>/dev/null || fail "the wallboard did not survive the restart"
    echo "ok: $transport: fresh numbers from the restarted publisher"
    kill -TERM "$wb"
    wait_exit "$wb" 30
    [ "$RC" -eq 0 ] || fail "exit code $RC after SIGTERM"
done
echo "PASS"
