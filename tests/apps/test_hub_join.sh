#!/usr/bin/env bash
# Instant join: a publisher that never sends snapshots, a hub that snapshots only every 60 s.
# A screen started late with --hub shows the whole day in its first stats line (written 1 s
# after start): at least what the hub showed before the screen started. A screen started at
# the same time with --connect only (no request) shows less: the join is what did it. At the
# end the early screen, the late screen and the hub show the same today (nothing counted twice
# by the join: messages held while waiting for the answer are applied only when newer).
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

pub="ipc://$TMP/pub.ipc"
hub_url="ipc://$TMP/hub.ipc"
start_bg "$SIM" --bind "$pub" --seed 5 --speed 40 --start 09:00 --snapshot-every 0 --duration 14
sim=$BG_PID
start_bg "$HUB" --connect "$pub" --bind "$hub_url" --clock event --snapshot-s 60 \
    --stats-json "$TMP/hub.jsonl" --exit-after 120 2>"$TMP/hub.err"
start_bg "$WALLBOARD" --headless --clock event --connect "$hub_url" --stats-json "$TMP/early.jsonl" \
    --exit-after 120
wait_stats "$TMP/hub.jsonl" 'sum(c["today"]["answered"] for c in d["channels"]) >= 10' 40 >/dev/null
before=$(today_total "$TMP/hub.jsonl")

start_bg "$WALLBOARD" --headless --clock event --hub "$hub_url" --stats-json "$TMP/late.jsonl" \
    --exit-after 120 2>"$TMP/late.err"
start_bg "$WALLBOARD" --headless --clock event --connect "$hub_url" --stats-json "$TMP/ctrl.jsonl" \
    --exit-after 120
wait_grep "$TMP/late.jsonl" '"channels"' 10
wait_grep "$TMP/ctrl.jsonl" '"channels"' 10
first_late=$(python3 - "$TMP/late.jsonl" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
print(sum(c["today"]["answered"] + c["today"]["abandoned"] + c["waiting"] for c in d["channels"]))
PY
)
first_ctrl=$(python3 - "$TMP/ctrl.jsonl" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1]).readline())
print(sum(c["today"]["answered"] + c["today"]["abandoned"] + c["waiting"] for c in d["channels"]))
PY
)
[ "$first_late" -ge "$before" ] ||
    fail "late screen's first line shows $first_late contacts, the hub had $before before it started"
[ "$first_ctrl" -lt "$before" ] ||
    fail "the control screen (no --hub) already showed $first_ctrl >= $before: the test proves nothing"
grep -q "joined the hub: 1 snapshot" "$TMP/late.err" || fail "no join: $(cat "$TMP/late.err")"
echo "ok: late screen showed $first_late contacts 1 s after start (hub had $before; without --hub: $first_ctrl)"

wait_exit "$sim" 60
sleep 1
for f in early late; do
    out=$(same_today "$TMP/hub.jsonl" "$TMP/$f.jsonl" 20) || fail "$f screen differs from the hub: $out"
    echo "ok: $f screen equals the hub: $out"
done
echo "PASS"
