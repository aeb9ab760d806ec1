#!/usr/bin/env bash
# wallboard-hub says what it refuses, as a screen does: once per reason per minute, with the
# count since its last line, never the message itself. A publisher repeats a message with no
# "channel" (missing_field) and one that is not JSON (bad_json) five times a second for three
# seconds: the hub's stderr has one line for each reason (both were said nothing of before),
# and its stats count them all.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"
# shellcheck source=tests/apps/lib_hub.sh
. "$(dirname "$0")/lib_hub.sh"

command -v nanocat >/dev/null || { echo "SKIPPED: nanocat not installed (nanomsg-utils)"; exit 77; }

u1="ipc://$TMP/p1.ipc"
u2="ipc://$TMP/p2.ipc"
start_bg nanocat --pub --bind "$u1" --interval 0.2 \
    --data '{"v":1,"type":"contact.queued","ts":1,"src":"p","id":"secret-id"}'
start_bg nanocat --pub --bind "$u2" --interval 0.2 --data 'not json secret'
"$HUB" --connect "$u1" --connect "$u2" --bind "ipc://$TMP/out.ipc" --stats-json "$TMP/hub.jsonl" \
    --exit-after 3 2>"$TMP/hub.err" || fail "the hub ended badly: $(cat "$TMP/hub.err")"
for reason in missing_field bad_json; do
    n=$(grep -c "^wallboard-hub: refused [0-9]* message(s): .*$reason" "$TMP/hub.err" || true)
    [ "$n" = 1 ] || fail "$n lines for '$reason' (want 1): $(cat "$TMP/hub.err")"
done
! grep -q secret "$TMP/hub.err" || fail "the hub printed what a message contained"
python3 - "$TMP/hub.jsonl" <<'PY' || fail "stats: $(tail -n 1 "$TMP/hub.jsonl")"
import json, sys
d = json.loads(open(sys.argv[1]).read().strip().split("\n")[-1])
r = d["refused_by_reason"]
assert r["missing_field"] >= 5 and r["bad_json"] >= 5, r
PY
echo "ok: the hub said each reason once ($(grep -c refused "$TMP/hub.err") lines) and counted them all"
