#!/usr/bin/env bash
# wallboard-replay reads a journal line as JSON: a line spaced out, or with its members the
# other way round, as another tool may write it, is replayed like the writer's own compact
# line (the message as written, spaces and all). A line that is not a journal line is skipped,
# counted, and named with its file, line number and reason. A path that is no regular file (a
# device, which would be read for ever, or a FIFO, whose open would wait for a writer) is said
# to be and not read, and the replay stops.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
REPLAY="$WB_BIN/wallboard-replay"

cat >"$TMP/wallboard.ini" <<'INI'
[wallboard]
site = Replay lines
[channel.phone]
sl_threshold_s = 20
sl_target_pct = 80
INI
# 2024-03-05 08:00:00 UTC; the lines 10 s apart.
D=1709625600000
j="$TMP/day.jsonl"
{
    # 1. The writer's own form: c1 queued at 08:00:00.
    printf '{"rx":%s,"msg":{"v":1,"type":"contact.queued","ts":%s,"src":"acd","id":"c1","channel":"phone"}}\n' "$D" "$D"
    # 2. Spaced throughout: c1 answered at 08:00:10, 10 s after it queued (within 20 s).
    printf '{ "rx": %s, "msg": { "v": 1, "type": "contact.answered", "ts": %s, "src": "acd", "id": "c1", "channel": "phone" } }\n' \
        "$((D + 10000))" "$((D + 10000))"
    # 3. The members the other way round, spaced: c2 queued at 08:00:20, still waiting.
    printf '{"msg": {"v": 1, "type": "contact.queued", "ts": %s, "src": "acd", "id": "c2", "channel": "phone"}, "rx": %s}\n' \
        "$((D + 20000))" "$((D + 20000))"
    # 4. Not a journal line: the receive time as a float.
    printf '{"rx": 1.70962563e12, "msg": {"v": 1, "type": "contact.queued", "ts": %s, "src": "acd", "id": "c3", "channel": "phone"}}\n' \
        "$((D + 30000))"
    # 5. Not JSON at all.
    printf 'hello\n'
} >"$j"

url="ipc://$TMP/replay.ipc"
start_bg "$WALLBOARD" --headless --clock event --config "$TMP/wallboard.ini" --connect "$url" \
    --stats-json "$TMP/wall.jsonl" --exit-after 60
start_bg "$REPLAY" "$j" --bind "$url" --speed 100 --linger 30 2>"$TMP/replay.err"
# 1 answered within 20 s, 1 waiting: the spaced line and the reversed one both arrived; c3
# (line 4) never did.
wait_stats "$TMP/wall.jsonl" \
    'ch("phone")["today"]["answered"] == 1 and ch("phone")["today"]["answered_in_sl"] == 1 and ch("phone")["waiting"] == 1 and d["refused"] == 0' \
    30 >/dev/null || fail "spaced lines not replayed: $(cat "$TMP/replay.err")"
echo "ok: a spaced line and a reversed one replayed: 1 answered within 20 s, 1 waiting"

for want in \
    "$j:4: line skipped: \"rx\": expected the receive time in whole milliseconds since the epoch" \
    "$j:5: line skipped: not a JSON object: expected {\"rx\":MS,\"msg\":{...}}" \
    "$j: 3 lines (0 torn, 2 bad skipped)"; do
    grep -qF -- "$want" "$TMP/replay.err" || fail "no '$want' in: $(cat "$TMP/replay.err")"
done
[ "$(grep -c 'line skipped' "$TMP/replay.err")" -eq 2 ] ||
    fail "lines 1 to 3 reported as skipped: $(cat "$TMP/replay.err")"
echo "ok: the two bad lines named by file, line and reason, and counted"

mkfifo "$TMP/fifo"
for f in /dev/zero "$TMP/fifo"; do
    rc=0
    timeout 20 "$REPLAY" "$f" --config "$TMP/wallboard.ini" 2>"$TMP/dev.err" || rc=$?
    [ "$rc" -eq 1 ] || fail "$f: exit $rc, expected 1 (124: it hung): $(cat "$TMP/dev.err")"
    grep -qF "wallboard-replay: $f: not a regular file (a device, a pipe or a directory): not read" \
        "$TMP/dev.err" || fail "$f: $(cat "$TMP/dev.err")"
done
echo "ok: /dev/zero and a FIFO are not read (they hung the replayer)"
echo "PASS"
