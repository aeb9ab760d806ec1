#!/usr/bin/env bash
# ws:// is taken by every program alike, as tcp:// and ipc:// are: what a publisher binds, a
# screen or a hub can connect to. Over the loopback, a simulator binds ws://; a screen
# subscribes to it directly, and a hub subscribes too and serves a second screen on a ws://
# of its own, that screen joining with --hub ws:// (the hub's reply socket on the next port).
# Both screens receive the day: messages arrive, none refused, and answered contacts counted.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

sim_port=$(free_port)
hub_port=$(free_port)
sim_url="ws://127.0.0.1:$sim_port"
hub_url="ws://127.0.0.1:$hub_port"

# A busy morning at 60 times its pace: answered contacts within seconds.
start_bg "$SIM" --bind "$sim_url" --scenario surge --seed 11 --start 09:00 --speed 60 \
    2>"$TMP/sim.err"
start_bg "$WALLBOARD" --headless --clock event --connect "$sim_url" --stats-json "$TMP/direct.jsonl" \
    --exit-after 120 2>"$TMP/direct.err"
start_bg "$HUB" --connect "$sim_url" --bind "$hub_url" --clock event --exit-after 120 \
    2>"$TMP/hub.err"
wait_grep "$TMP/hub.err" "screens on $hub_url (requests on ws://127.0.0.1:$((hub_port + 1)))" 30
start_bg "$WALLBOARD" --headless --clock event --hub "$hub_url" --stats-json "$TMP/via_hub.jsonl" \
    --exit-after 120 2>"$TMP/via_hub.err"

want='d["received"] > 0 and d["refused"] == 0 and sum(c["today"]["answered"] for c in d["channels"]) > 0'
wait_stats "$TMP/direct.jsonl" "$want" 60 >/dev/null ||
    fail "the screen on $sim_url got nothing: $(cat "$TMP/direct.err" "$TMP/sim.err")"
echo "ok: a screen receives a publisher's ws:// (messages, none refused, answers counted)"
wait_stats "$TMP/via_hub.jsonl" "$want" 60 >/dev/null ||
    fail "the screen on the hub's $hub_url got nothing: $(cat "$TMP/via_hub.err" "$TMP/hub.err")"
grep -qF "joined the hub" "$TMP/via_hub.err" ||
    fail "the screen never joined the hub over ws://: $(cat "$TMP/via_hub.err")"
echo "ok: a hub subscribes over ws:// and serves a screen that joins it with --hub ws://"
echo "PASS"
