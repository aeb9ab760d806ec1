#!/usr/bin/env bash
# wallboard-replay judges as the site does. Its snapshots (the one that stands for everything
# before --from, and the ones it sends every few seconds and after the end) carry the day's and
# the rolling window's counters as its own board judged them: answered within T, short
# abandons. A screen takes them in place of its own counts, so the replay must judge by the
# screen's wallboard.ini.
#
# The day and the figures are lib_chat_day.sh's (chat T = 30 s, short abandons under 10 s, the
# ignore_abandoned formula, the Europe/Helsinki day): SL 66.667 %. Judged by the [defaults]
# values, as the replayer judged before it read a configuration, the screen would show 0 %.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
REPLAY="$WB_BIN/wallboard-replay"
[ -x "$REPLAY" ] || fail "$REPLAY is not built"
# shellcheck source=tests/apps/lib_chat_day.sh
. "$(dirname "$0")/lib_chat_day.sh"

chat_day_ini "$TMP/wallboard.ini" "Replay config"
chat_day journal >"$TMP/day.jsonl"

# (1) --from 10:30 (local time by the file's timezone): the whole day comes as the replay's
# one snapshot, so the screen shows only what the replay's board judged.
url="ipc://$TMP/r1.ipc"
start_event_wallboard "$url" "$TMP/w1.jsonl"
start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --config "$TMP/wallboard.ini" --from 10:30 \
    --speed 100 --linger 30 2>"$TMP/r1.err"
got=$(wait_stats "$TMP/w1.jsonl" "$CHAT_DONE_TODAY" 30) ||
    fail "the snapshot never brought today's 3 answered and 1 abandoned: $(cat "$TMP/r1.err")"
check_chat "$got" || fail "the --from snapshot was not judged by the file: $got"
grep -qF "8 before --from sent as a snapshot" "$TMP/r1.err" || fail "$(cat "$TMP/r1.err")"
grep -qF "snapshots judged by $TMP/wallboard.ini, time zone Europe/Helsinki" "$TMP/r1.err" ||
    fail "the configuration it judges by is not named: $(cat "$TMP/r1.err")"
echo "ok: --config, --from: chat SL 66.667 % today and rolling (2 of 3 within 30 s, 1 short abandon)"

# (2) Line by line: the screen counts the lines itself, then the replay's snapshots after the
# end (one a second) replace its counts; they must leave the same figures.
url="ipc://$TMP/r2.ipc"
start_event_wallboard "$url" "$TMP/w2.jsonl"
start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --config "$TMP/wallboard.ini" --speed 100 \
    --linger 30 2>"$TMP/r2.err"
wait_stats "$TMP/w2.jsonl" "$CHAT_DONE_TODAY" 30 >/dev/null ||
    fail "the replayed lines never arrived: $(cat "$TMP/r2.err")"
wait_grep "$TMP/r2.err" "sent 8 lines" 30
# Two snapshots after the end, and a stats line (one a second) after them.
sleep 3.5
check_chat "$(tail -n 1 "$TMP/w2.jsonl")" ||
    fail "the snapshots after the end changed the screen's figures: $(tail -n 1 "$TMP/w2.jsonl")"
echo "ok: --config, line by line then snapshots: chat SL 66.667 % today and rolling"

# (3) No --config: the replay reads what the wallboard reads, here $WB_CONFIG.
url="ipc://$TMP/r3.ipc"
start_event_wallboard "$url" "$TMP/w3.jsonl"
WB_CONFIG="$TMP/wallboard.ini" start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --from 10:30 \
    --speed 100 --linger 30 2>"$TMP/r3.err"
got=$(wait_stats "$TMP/w3.jsonl" "$CHAT_DONE_TODAY" 30) ||
    fail "no day from the \$WB_CONFIG replay: $(cat "$TMP/r3.err")"
check_chat "$got" || fail "the replay did not judge by \$WB_CONFIG: $got"
grep -qF "snapshots judged by $TMP/wallboard.ini" "$TMP/r3.err" || fail "$(cat "$TMP/r3.err")"
echo "ok: \$WB_CONFIG without --config: chat SL 66.667 %"
echo "PASS"
