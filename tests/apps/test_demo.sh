#!/usr/bin/env bash
# `wallboard --demo` headless: the in-process simulator feeds the board with no outside parts.
# The stats show the simulator's five channels fed by source "demo", never stale, and under
# the demo's event clock the stamped time runs --speed times faster than the wall clock. In a
# headless-only build, asking for a display is refused with advice.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

stats="$TMP/demo.jsonl"
start=$(now_ms)
"$WALLBOARD" --headless --demo --speed 600 --seed 7 --exit-after 3 --stats-json "$stats" \
    2>"$TMP/err" || fail "demo run failed: $(cat "$TMP/err")"
wall=$(($(now_ms) - start))
python3 - "$stats" "$wall" <<'PY' || fail "demo stats wrong"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
wall_ms = int(sys.argv[2])
assert len(lines) >= 2, "expected a line a second and one at exit, got %d" % len(lines)
last = lines[-1]
names = [c["channel"] for c in last["channels"]]
for n in ("phone", "chat", "email", "social", "webform"):
    assert n in names, "channel %s missing: %s" % (n, names)
assert [s["src"] for s in last["sources"]] == ["demo"], last["sources"]
assert last["received"] > 0 and last["refused"] == 0 and last["gaps"] == 0
assert not last["stale"]
# Simulated time: 600x the wall clock. Between the first and the last line at least one wall
# second passed, so at least 60 simulated seconds (a generous bound for a loaded machine).
span = last["ts"] - lines[0]["ts"]
assert span >= 60_000, "simulated time advanced only %d ms" % span
assert span <= 600 * wall_ms + 60_000, "simulated time ran too fast: %d ms" % span
PY
echo "ok: demo stats"

rc=0
"$WALLBOARD" --headless --demo --scenario no-such-day --exit-after 1 2>"$TMP/err" || rc=$?
[ "$rc" -eq 2 ] || fail "unknown scenario: exit $rc, expected 2"
grep -qF "no-such-day" "$TMP/err" || fail "unknown scenario not named: $(cat "$TMP/err")"

# A headless-only build (-DWB_BUILD_VIEW=OFF) asked for a display: a usage error (2) that
# says how to run it, and no stats line, as nothing ran.
if [ "$HAS_DISPLAY" = 0 ]; then
    rc=0
    "$WALLBOARD" --demo --exit-after 1 --stats-json "$TMP/nodisplay.jsonl" 2>"$TMP/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "display asked of a headless-only build: exit $rc, expected 2"
    grep -qF -- "--headless" "$TMP/err" || fail "no advice to use --headless: $(cat "$TMP/err")"
    [ ! -s "$TMP/nodisplay.jsonl" ] || fail "a stats line was written by a run that did not start"
    echo "ok: headless-only build refuses a display with a clear message"
fi
echo "PASS"
