#!/usr/bin/env bash
# publisher -> hub -> 3 headless screens, with the hub killed (-9) mid-day and restarted from
# its journal. The simulator's own model (--stats-json) is the independent reference: at the
# end every screen, and the hub, show exactly its "today" on every channel. The restarted hub
# rebuilds every line the journal held at the kill (flushed at least once a second).
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

pub="ipc://$TMP/pub.ipc"
hub_url="ipc://$TMP/hub.ipc"
journal="$TMP/journal"
hub_args=(--connect "$pub" --bind "$hub_url" --journal "$journal" --clock event --snapshot-s 1
    --id hub-a --exit-after 120)

start_bg "$SIM" --bind "$pub" --seed 12 --speed 30 --start 09:00 --snapshot-every 1 \
    --stats-json "$TMP/sim.jsonl" --duration 14
sim=$BG_PID
start_bg "$HUB" "${hub_args[@]}" --stats-json "$TMP/hub1.jsonl" 2>"$TMP/hub1.err"
hub=$BG_PID
for i in 1 2 3; do
    start_bg "$WALLBOARD" --headless --clock event --hub "$hub_url" --stats-json "$TMP/s$i.jsonl" \
        --exit-after 120 2>"$TMP/s$i.err"
done
for i in 1 2 3; do
    wait_stats "$TMP/s$i.jsonl" 'sum(c["today"]["answered"] for c in d["channels"]) > 0' >/dev/null
done
echo "ok: three screens see the day through the hub"

# kill -9 mid-day: the journal keeps what was flushed (at most the last second is lost).
sleep 2
kill -9 "$hub"
wait "$hub" 2>/dev/null || true
day_file=$(ls "$journal"/*.jsonl)
# Whole lines on disk, and whether a last line was cut short by the kill (a full buffer is
# written out wherever it ends).
on_disk=$(wc -l <"$day_file")
torn=0
[ -z "$(tail -c 1 "$day_file")" ] || torn=1
[ "$on_disk" -gt 10 ] || fail "the journal holds only $on_disk lines after ~5 s of a day"
start_bg "$HUB" "${hub_args[@]}" --stats-json "$TMP/hub2.jsonl" 2>"$TMP/hub2.err"
wait_grep "$TMP/hub2.err" "lines rebuilt"
grep -q "journal $day_file: $on_disk lines rebuilt in .* $torn torn, 0 bad" "$TMP/hub2.err" ||
    fail "restart did not rebuild the $on_disk journal lines: $(cat "$TMP/hub2.err")"
echo "ok: restarted hub rebuilt the $on_disk whole journal lines ($torn torn line skipped)"

wait_exit "$sim" 60
[ "$RC" -eq 0 ] || fail "wallboard-sim exit code $RC"
for f in hub2 s1 s2 s3; do
    out=$(same_today "$TMP/sim.jsonl" "$TMP/$f.jsonl" 20) || fail "$f today differs from the publisher's: $out"
    echo "ok: $f today equals the publisher's: $out"
done
echo "PASS"
