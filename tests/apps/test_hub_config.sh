#!/usr/bin/env bash
# wallboard-hub judges as the site does. Every --snapshot-s seconds the hub sends its own
# snapshot of each publisher it holds, built from its board: the day's and the rolling
# window's counters as the hub judged them (answered within T, short abandons). A screen takes
# them in place of its own counts, so the hub must judge by the screens' wallboard.ini, found
# as the wallboard finds it: --config, else $WB_CONFIG, else /etc/wallboard/wallboard.ini,
# else the wallboard's built-in configuration. Here the publisher sends contact events only
# (no snapshots of its own), so every snapshot the screen takes is the hub's.
#
# The day and the figures are lib_chat_day.sh's (chat T = 30 s, short abandons under 10 s, the
# ignore_abandoned formula, the Europe/Helsinki day): SL 66.667 %. Judged by the [defaults]
# values, as the hub judged without --config before it looked for the file, it would be 0 %,
# and the hub's day would be UTC's, not the screen's.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
# shellcheck source=tests/apps/lib_chat_day.sh
. "$(dirname "$0")/lib_chat_day.sh"
need_py_nanomsg

chat_day_ini "$TMP/wallboard.ini" "Hub config"
chat_day message >"$TMP/day.jsonl"

# publish_once URL FILE GO: binds a PUB socket, waits until the file GO exists (the hub is
# connected), sends FILE's lines once, one message each, and keeps the socket open for 120 s.
# Once: a repeated seq 1 would be a restarted publisher, counted again.
publish_once() {
    exec python3 - "$1" "$2" "$3" <<'PY'
import ctypes, os, sys, time
nn = ctypes.CDLL("libnanomsg.so.5")
AF_SP, NN_PUB = 1, 32
s = nn.nn_socket(AF_SP, NN_PUB)
if s < 0 or nn.nn_bind(s, sys.argv[1].encode()) < 0:
    sys.exit("publish_once: cannot bind " + sys.argv[1])
end = time.time() + 120
while not os.path.exists(sys.argv[3]) and time.time() < end:
    time.sleep(0.05)
for m in [l.encode() for l in open(sys.argv[2]).read().splitlines() if l.strip()]:
    nn.nn_send(s, m, len(m), 0)
time.sleep(max(0, end - time.time()))
PY
}

connected='d["transport"]["connections"] >= 1'

# (1) No --config: the hub reads what the wallboard reads, here $WB_CONFIG. The screen reads
# the same file with --config.
pub="ipc://$TMP/pub.ipc"
hub="ipc://$TMP/hub.ipc"
start_bg publish_once "$pub" "$TMP/day.jsonl" "$TMP/go"
WB_CONFIG="$TMP/wallboard.ini" start_bg "$HUB" --connect "$pub" --bind "$hub" --clock event \
    --snapshot-s 0.5 --stats-json "$TMP/hub.jsonl" --exit-after 120 2>"$TMP/hub.err"
start_event_wallboard "$hub" "$TMP/w.jsonl"
wait_stats "$TMP/hub.jsonl" "$connected" 30 >/dev/null || fail "the hub never connected: $(cat "$TMP/hub.err")"
wait_stats "$TMP/w.jsonl" "$connected" 30 >/dev/null || fail "the screen never connected to the hub"
touch "$TMP/go"
got=$(wait_stats "$TMP/hub.jsonl" "$CHAT_DONE_TODAY" 30) ||
    fail "the hub never counted the day: $(cat "$TMP/hub.err")"
check_chat "$got" || fail "the hub's board did not judge by \$WB_CONFIG: $got"
wait_stats "$TMP/w.jsonl" "$CHAT_DONE_TODAY" 30 >/dev/null || fail "the screen never counted the day"
# Four of the hub's snapshots (one every 0.5 s) and a stats line (one a second) after them.
sleep 2.5
check_chat "$(tail -n 1 "$TMP/w.jsonl")" ||
    fail "the hub's snapshots changed the screen's figures: $(tail -n 1 "$TMP/w.jsonl")"
grep -qF "wallboard-hub: snapshots judged by $TMP/wallboard.ini, time zone Europe/Helsinki" \
    "$TMP/hub.err" || fail "the configuration it judges by is not named: $(cat "$TMP/hub.err")"
echo "ok: \$WB_CONFIG without --config: chat SL 66.667 % today and rolling on the hub and, after its snapshots, on the screen"

# (2) A bad file named by $WB_CONFIG: one line naming file, line and key, exit 2.
printf '[channel.chat]\nsl_threshold_s = soon\n' >"$TMP/bad.ini"
rc=0
WB_CONFIG="$TMP/bad.ini" "$HUB" --connect "ipc://$TMP/b.ipc" --bind "ipc://$TMP/bh.ipc" \
    --exit-after 1 2>"$TMP/b.err" || rc=$?
[ "$rc" = 2 ] || fail "bad \$WB_CONFIG: exit $rc, want 2: $(cat "$TMP/b.err")"
[ "$(wc -l <"$TMP/b.err")" = 1 ] || fail "bad \$WB_CONFIG: not one line: $(cat "$TMP/b.err")"
grep -qF "wallboard-hub: $TMP/bad.ini:2: [channel.chat] sl_threshold_s" "$TMP/b.err" ||
    fail "bad \$WB_CONFIG: file, line and key not named: $(cat "$TMP/b.err")"
echo "ok: a bad \$WB_CONFIG: exit 2, file, line and key named"

# (3) --config wins over $WB_CONFIG; nothing found: the built-in configuration, said so.
WB_CONFIG="$TMP/bad.ini" "$HUB" --config "$TMP/wallboard.ini" --connect "ipc://$TMP/b.ipc" \
    --bind "ipc://$TMP/bh.ipc" --exit-after 0.3 2>"$TMP/c.err" || fail "--config: $(cat "$TMP/c.err")"
grep -qF "snapshots judged by $TMP/wallboard.ini, time zone Europe/Helsinki" "$TMP/c.err" ||
    fail "--config: $(cat "$TMP/c.err")"
if [ ! -e /etc/wallboard/wallboard.ini ]; then
    env -u WB_CONFIG "$HUB" --connect "ipc://$TMP/b.ipc" --bind "ipc://$TMP/bh.ipc" \
        --exit-after 0.3 2>"$TMP/n.err" || fail "no config: $(cat "$TMP/n.err")"
    grep -qF "snapshots judged by the wallboard's built-in configuration (no --config, \$WB_CONFIG or /etc/wallboard/wallboard.ini), time zone UTC" \
        "$TMP/n.err" || fail "no config: $(cat "$TMP/n.err")"
fi
echo "ok: --config before \$WB_CONFIG; no file: the built-in configuration, named"
echo "PASS"
