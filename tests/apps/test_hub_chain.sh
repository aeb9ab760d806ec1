#!/usr/bin/env bash
# Chains and pairs. (1) Two sites, each a simulator behind its own site hub, and a central hub
# subscribed to both site hubs: a screen on the central hub shows, per channel, the sum of the
# two simulators' own today. (2) A failover pair: two hubs on the same simulator, one screen
# subscribed to both; the screen receives every event twice (counted as duplicates), hub P is
# killed -9 halfway, and at the end the screen shows exactly the simulator's today.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

# sum_stats OUT A B: a stats line whose channel today/waiting figures are A's plus B's.
sum_stats() {
    python3 - "$@" <<'PY'
import json, sys
out, a, b = sys.argv[1:4]
last = lambda p: json.loads([l for l in open(p).read().split("\n") if l.strip()][-1])
da, db = last(a), last(b)
bych = {c["channel"]: c for c in db["channels"]}
for c in da["channels"]:
    o = bych.get(c["channel"])
    if o:
        for k in c["today"]:
            if isinstance(c["today"][k], int):
                c["today"][k] += o["today"][k]
        c["waiting"] += o["waiting"]
open(out, "w").write(json.dumps(da) + "\n")
PY
}

for s in a b; do
    start_bg "$SIM" --bind "ipc://$TMP/sim-$s.ipc" --src "site-$s" --seed "$([ $s = a ] && echo 21 || echo 22)" \
        --speed 30 --start 09:00 --snapshot-every 1 --duration 12 --stats-json "$TMP/sim-$s.jsonl"
    eval "sim_$s=\$BG_PID"
    start_bg "$HUB" --connect "ipc://$TMP/sim-$s.ipc" --bind "ipc://$TMP/hub-$s.ipc" --id "hub-$s" \
        --clock event --snapshot-s 1 --exit-after 120
done
start_bg "$HUB" --connect "ipc://$TMP/hub-a.ipc" --connect "ipc://$TMP/hub-b.ipc" \
    --bind "ipc://$TMP/central.ipc" --id central --clock event --snapshot-s 1 \
    --stats-json "$TMP/central.jsonl" --exit-after 120
start_bg "$WALLBOARD" --headless --clock event --hub "ipc://$TMP/central.ipc" \
    --stats-json "$TMP/head-office.jsonl" --exit-after 120
# shellcheck disable=SC2154  # set by eval above
wait_exit "$sim_a" 60
# shellcheck disable=SC2154
wait_exit "$sim_b" 60
sum_stats "$TMP/sites.jsonl" "$TMP/sim-a.jsonl" "$TMP/sim-b.jsonl"
out=$(same_today "$TMP/sites.jsonl" "$TMP/head-office.jsonl" 20) || fail "head office differs from the sites: $out"
echo "ok: head office shows both sites: $out"
python3 - "$TMP/head-office.jsonl" <<'PY' || fail "head office does not see both sites' publishers"
import json, sys
d = json.loads([l for l in open(sys.argv[1]).read().split("\n") if l.strip()][-1])
srcs = {s["src"] for s in d["sources"]}
assert {"site-a", "site-b"} <= srcs, srcs
PY

# (2) failover pair.
pub="ipc://$TMP/pub.ipc"
start_bg "$SIM" --bind "$pub" --seed 31 --speed 30 --start 09:00 --snapshot-every 1 --duration 14 \
    --stats-json "$TMP/sim.jsonl"
sim=$BG_PID
start_bg "$HUB" --connect "$pub" --bind "ipc://$TMP/p.ipc" --id hub-p --clock event --snapshot-s 1 \
    --exit-after 120
hub_p=$BG_PID
start_bg "$HUB" --connect "$pub" --bind "ipc://$TMP/q.ipc" --id hub-q --clock event --snapshot-s 1 \
    --exit-after 120
start_bg "$WALLBOARD" --headless --clock event --connect "ipc://$TMP/p.ipc" --connect "ipc://$TMP/q.ipc" \
    --stats-json "$TMP/pair.jsonl" --exit-after 120
wait_stats "$TMP/pair.jsonl" 'd["duplicates"] > 0 and sum(c["today"]["answered"] for c in d["channels"]) > 0' 30 >/dev/null
echo "ok: the screen gets every event from both hubs (duplicates counted, applied once)"
sleep 3
kill -9 "$hub_p"
wait "$hub_p" 2>/dev/null || true
wait_exit "$sim" 60
out=$(same_today "$TMP/sim.jsonl" "$TMP/pair.jsonl" 20) || fail "after hub P was killed the screen differs from the publisher: $out"
echo "ok: after hub P was killed, the screen equals the publisher: $out"
echo "PASS"
