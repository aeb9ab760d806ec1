#!/usr/bin/env bash
# A screen that starts while the hub's publisher is down: wallboard-sim publishes a few minutes
# of a day to wallboard-hub and stops; once the hub itself calls the publisher stale, screens
# start against the hub. Each must show the day the hub holds (the simulator's own "today",
# from its --stats-json, is the reference) and mark it stale from its very first stats line:
# the hub sends every source it holds, a silent one with how long it has been silent
# ("silent_ms", docs/protocol.md). Three checks, each a ctest test of its own
# (tests/apps/lib_checks.sh):
#   join     `wallboard --hub`: the hub's answer on its request port, then the hub's
#            periodic snapshots must not make the silent publisher look live
#   stream   `wallboard --connect` to the hub's PUB socket (no request) and a second hub
#            chained behind the first: the periodic snapshots alone
#   picture  the drawn screen (offscreen SDL, --screenshot --screen-text): the banner
#            "NO DATA since ...", no "waiting for data", the phone tile's answered count
# shellcheck disable=SC2317  # the check functions are called through run_check
set -euo pipefail
CHECKS=(join stream "picture screen")
# shellcheck source=tests/apps/lib_checks.sh
. "$(dirname "$0")/lib_checks.sh"
checks_parse "$@"
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

# The default staleness limit of the hub and the screens (no configuration is given).
STALE_S=5

# outage: the simulator publishes to a hub for 6 s and ends; returns once the hub holds the
# simulator's whole day and calls it stale. Sets HUB_URL and SIM_END (seconds since the epoch:
# the simulator's 6 s run from its own start, after the moment taken here, so it published
# until SIM_END at least and the hub heard it last no earlier than that, less a tick). Not
# the moment its exit is seen: that adds its shutdown (an ASan build's leak check, under qemu
# seconds) to the data's age.
outage() {
    local pub="ipc://$CHECK_DIR/pub.ipc" sim
    HUB_URL="ipc://$CHECK_DIR/hub.ipc"
    start_bg "$HUB" --connect "$pub" --bind "$HUB_URL" --clock event --snapshot-s 1 \
        --stats-json "$CHECK_DIR/hub.jsonl" --exit-after 120 2>"$CHECK_DIR/hub.err"
    SIM_END=$(python3 -c 'import time; print("%.3f" % (time.time() + 6))')
    start_bg "$SIM" --bind "$pub" --seed 21 --speed 60 --start 09:00 --snapshot-every 1 \
        --stats-json "$CHECK_DIR/sim.jsonl" --duration 6 2>"$CHECK_DIR/sim.err"
    sim=$BG_PID
    wait_exit "$sim" 60
    [ "$RC" -eq 0 ] || die "wallboard-sim exit code $RC"
    out=$(same_today "$CHECK_DIR/sim.jsonl" "$CHECK_DIR/hub.jsonl" 20) ||
        die "the hub does not hold the simulator's day"
    note "hub holds: $out"
    wait_stats "$CHECK_DIR/hub.jsonl" 'd["stale"] and d["sources"][0]["age_s"] > '"$STALE_S" 30 \
        >/dev/null || die "the hub never called the stopped simulator stale"
}

# stale_from_start STATS: every line of STATS that holds data is stale, and the newest one
# says the data is at least the staleness limit old and no older than the simulator's end
# (SIM_END, with a second for its last tick and the stats line's own age).
stale_from_start() {
    local out
    out=$(python3 - "$1" "$STALE_S" "$SIM_END" 2>&1 <<'PY'

import json, sys, time
path, stale_s, sim_end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
lines = [json.loads(l) for l in open(path).read().split("\n")[:-1] if l.strip()]
seen = [d for d in lines if d["ever_data"]]
assert seen, "no line with data"
fresh = [d["data_age_s"] for d in seen if not d["stale"]]
assert not fresh, "shown as fresh, data ages %s" % fresh
age, since_end = seen[-1]["data_age_s"], time.time() - sim_end
assert stale_s < age <= since_end + 1.0, "data age %.3f s, simulator ended %.3f s ago" % (age, since_end)
print("%d lines with data, all stale; data age %.1f s (simulator ended %.1f s ago)"
      % (len(seen), age, since_end))
PY
    ) || die "$(basename "$1"): not stale from the start: $out"
    note "$out"
}

check_join() {
    outage
    local st="$CHECK_DIR/join.jsonl"
    start_bg "$WALLBOARD" --headless --clock event --hub "$HUB_URL" --stats-json "$st" \
        --exit-after 60 2>"$CHECK_DIR/join.err"
    wait_grep "$CHECK_DIR/join.err" "joined the hub" 20
    grep -q "joined the hub: 1 snapshot(s)" "$CHECK_DIR/join.err" ||
        die "the hub's answer: $(cat "$CHECK_DIR/join.err")"
    # As soon as the screen has data, it is the simulator's day.
    wait_stats "$st" 'd["ever_data"]' 20 >/dev/null || die "the screen never got data"
    out=$(same_today "$CHECK_DIR/sim.jsonl" "$st" 0) ||
        die "the screen's first data is not the simulator's day"
    note "at once: $out"
    stale_from_start "$st"
    # Three of the hub's periodic snapshots later the day is still there and still stale.
    sleep 3.5
    out=$(same_today "$CHECK_DIR/sim.jsonl" "$st" 0) ||
        die "the screen lost the day"
    note "after 3.5 s: $out"
    stale_from_start "$st"
}

check_stream() {
    outage
    local st="$CHECK_DIR/stream.jsonl" chain="$CHECK_DIR/chain.jsonl"
    start_bg "$WALLBOARD" --headless --clock event --connect "$HUB_URL" --stats-json "$st" \
        --exit-after 60
    start_bg "$HUB" --id hub-b --connect "$HUB_URL" --bind "ipc://$CHECK_DIR/hub-b.ipc" \
        --clock event --stats-json "$chain" --exit-after 60 2>"$CHECK_DIR/hub-b.err"
    out=$(same_today "$CHECK_DIR/sim.jsonl" "$st" 15) ||
        die "the screen on the hub's stream never showed the day"
    note "screen: $out"
    stale_from_start "$st"
    out=$(same_today "$CHECK_DIR/sim.jsonl" "$chain" 15) ||
        die "the chained hub never got the day"
    note "chained hub: $out"
    stale_from_start "$chain"
}

check_picture() {
    [ "$HAS_DISPLAY" = 1 ] || skip "$WALLBOARD is a headless-only build (-DWB_BUILD_VIEW=OFF)"
    outage
    local txt="$CHECK_DIR/screen.tsv"
    # The picture is taken 3 s after the start, then the screen exits (no --exit-after).
    timeout 60 "$WALLBOARD" --clock event --hub "$HUB_URL" --window 1280x720 \
        --screenshot "$CHECK_DIR/screen.png" --screen-text "$txt" --screenshot-after 3 \
        --stats-json "$CHECK_DIR/screen.jsonl" 2>"$CHECK_DIR/screen.err" ||
        die "the screen failed: $(cat "$CHECK_DIR/screen.err")"
    [ -s "$CHECK_DIR/screen.png" ] || die "no screenshot"
    local out
    out=$(python3 - "$txt" "$CHECK_DIR/sim.jsonl" 2>&1 <<'PY'

import json, re, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
texts = [r[2] for r in rows]
assert not any("waiting for data" in t for t in texts), "waiting for data"
banner = [r[2] for r in rows if r[1] == "banner_text"]
assert banner and re.fullmatch(r"NO DATA since \d\d:\d\d:\d\d", banner[0]), banner
assert ["-1", "conn", "STALE"] in rows, "header not STALE"
# The phone tile (tile 0): the number after its "Answered" label.
tile = [r for r in rows if r[0] == "0"]
i = tile.index(["0", "label", "Answered"])
shown = int(tile[i + 1][2])
sim = json.loads(open(sys.argv[2]).read().splitlines()[-1])
want = next(c for c in sim["channels"] if c["channel"] == "phone")["today"]["answered"]
assert shown == want and want > 0, "phone answered %d on screen, %d at the simulator" % (shown, want)
print("banner %r, phone answered %d" % (banner[0], shown))
PY
    ) || die "the picture: ${out##*$'\n'}"
    note "$out"
    stale_from_start "$CHECK_DIR/screen.jsonl"
}

run_checks
