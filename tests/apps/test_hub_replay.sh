#!/usr/bin/env bash
# Record and replay. (1) A journal written by hand, replayed --from 10:30 --to 10:45 at speed
# 1000: what came before 10:30 arrives as one snapshot, then the lines up to 10:45, and the
# screen on event time shows the wall at 10:45, worked by hand below. (2) A screen records
# what it receives from the simulator (--record); replaying the record to a second screen
# shows the same today as the first.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"
REPLAY="$WB_BIN/wallboard-replay"

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Replay
[channel.phone]
sl_threshold_s = 20
sl_target_pct = 80
sl_formula = offered
INI
# 2024-03-05 in UTC: 08:00:00 = 1709625600000; 10:00 = +7200 s; 10:32 = +9120 s; 11:00 = +10800 s.
D=1709625600000
line() { # line TIME_MS TYPE ID
    printf '{"rx":%s,"msg":{"v":1,"type":"%s","ts":%s,"src":"acd","id":"%s","channel":"phone"}}\n' \
        "$1" "$2" "$1" "$3"
}
{
    line "$D" contact.queued c1                    # 08:00:00
    line "$((D + 10000))" contact.answered c1      # 08:00:10: waited 10 s, within 20 s
    line "$((D + 7200000))" contact.queued c2      # 10:00:00
    line "$((D + 7230000))" contact.answered c2    # 10:00:30: waited 30 s, over 20 s
    line "$((D + 9120000))" contact.queued c3      # 10:32:00, still waiting at 10:45
    line "$((D + 10800000))" contact.abandoned c3  # 11:00:00: after --to, never sent
    line "$((D + 10900000))" contact.queued c4     # 11:01:40: after --to, never sent
} >"$TMP/day.jsonl"

url="ipc://$TMP/replay.ipc"
start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$url" \
    --stats-json "$TMP/wall.jsonl" --exit-after 60
start_bg "$REPLAY" "$TMP/day.jsonl" --bind "$url" --from 10:30 --to 10:45 --speed 1000 --linger 30 \
    2>"$TMP/replay.err"
wait_stats "$TMP/wall.jsonl" \
    'ch("phone")["today"]["answered"] == 2 and ch("phone")["today"]["answered_in_sl"] == 1 and ch("phone")["waiting"] == 1' \
    20 >/dev/null
sleep 1.5
wait_stats "$TMP/wall.jsonl" \
    'ch("phone")["today"]["abandoned"] == 0 and ch("phone")["waiting"] == 1 and ch("phone")["today"]["answered"] == 2' \
    5 >/dev/null
grep -q "4 before --from sent as a snapshot" "$TMP/replay.err" || fail "$(cat "$TMP/replay.err")"
grep -q "sent 1 lines" "$TMP/replay.err" || fail "$(cat "$TMP/replay.err")"
echo "ok: the wall at 10:45: 2 answered (1 within 20 s), 1 waiting, c3's abandon at 11:00 not sent"

# (2) record, then replay the record.
pub="ipc://$TMP/pub.ipc"
start_bg "$SIM" --bind "$pub" --seed 3 --speed 40 --start 09:00 --snapshot-every 2 --duration 10 \
    --stats-json "$TMP/sim.jsonl"
sim=$BG_PID
start_bg "$WALLBOARD" --headless --clock event --connect "$pub" --record "$TMP/rec.jsonl" \
    --stats-json "$TMP/a.jsonl" --exit-after 60
wait_exit "$sim" 60
same_today "$TMP/sim.jsonl" "$TMP/a.jsonl" 20 >/dev/null
sleep 1.5
[ "$(grep -c '' "$TMP/rec.jsonl")" -gt 20 ] || fail "the record holds too few lines"
url2="ipc://$TMP/replay2.ipc"
start_bg "$WALLBOARD" --headless --clock event --connect "$url2" --stats-json "$TMP/b.jsonl" \
    --exit-after 60
start_bg "$REPLAY" "$TMP/rec.jsonl" --bind "$url2" --speed 50 --linger 30 2>"$TMP/replay2.err"
out=$(same_today "$TMP/a.jsonl" "$TMP/b.jsonl" 30) || fail "the replayed record differs from the recorded screen: $out"
echo "ok: replayed record shows the recorded screen's today: $out"
echo "PASS"
