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

# The forecast's time-of-day shape on the demo's first day (it has no day before): phone's
# configured arrival_profile; chat, real time without one, none; e-mail, not real time, none.
printf '[channel.phone]\narrival_profile = 07:00 55, 08:00 147, 20:00 0\n[channel.chat]\nrealtime = true\n' \
    >"$TMP/shape.ini"
stats="$TMP/shape.jsonl"
"$WALLBOARD" --headless --demo --config "$TMP/shape.ini" --seed 7 --exit-after 2 \
    --stats-json "$stats" 2>"$TMP/err" || fail "demo with a profile failed: $(cat "$TMP/err")"
python3 - "$stats" <<'PY' || fail "forecast shape wrong"
import json, sys
last = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
shape = {c["channel"]: c["forecast"]["shape"] for c in last["channels"]}
assert shape["phone"] == "configured", shape
assert shape["chat"] == "none", shape
assert shape["email"] == "none", shape
assert last["channels"][0]["forecast"]["valid"], last["channels"][0]["forecast"]
PY
echo "ok: the configured profile shapes the demo's first day"

# The surge and the break on a blended floor: every line of the stats adds up. Busy (wrap-up)
# agents "here" summed over the channels never exceed the site's busy (wrap-up) agents, each
# agent counted once; the hints move at most the agents that can move (available ones, and
# busy or wrap-up ones on channels that are not real-time), and the site's agents add up; the
# site's service level today is the channels' met over counted.
for scenario in surge break; do
    stats="$TMP/$scenario.jsonl"
    "$WALLBOARD" --headless --demo --scenario "$scenario" --speed 60 --seed 5 --exit-after 4 \
        --stats-json "$stats" 2>"$TMP/err" || fail "$scenario run failed: $(cat "$TMP/err")"
    python3 - "$stats" <<'PY' || fail "$scenario: agent figures do not add up"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert lines, "no stats"
hinted = 0
for d in lines:
    a = d["agents"]
    assert a["signed_in"] == a["available"] + a["busy"] + a["wrapup"] + a["paused"], a
    assert a["signed_in"] > 0, a
    chs = d["channels"]
    busy_here = sum(c["agents"]["busy_here"] for c in chs)
    wrap_here = sum(c["agents"]["wrapup_here"] for c in chs)
    assert busy_here <= a["busy"], (busy_here, a)
    assert wrap_here <= a["wrapup"], (wrap_here, a)
    # Per channel "able to serve" counts do not add up (blended agents): at least one channel
    # must show that, or the floor is not blended and this test proves nothing.
    assert sum(c["agents"]["busy"] for c in chs) >= busy_here
    rt = {c["channel"] for c in chs if c["channel"] in ("phone", "chat")}
    movable_later = sum(c["agents"]["busy_here"] + c["agents"]["wrapup_here"]
                        for c in chs if c["channel"] not in rt)
    free_now = sum(h["free_now"] for h in d["hints"])
    later = sum(h["after_current"] for h in d["hints"])
    for h in d["hints"]:
        assert h["agents"] == h["free_now"] + h["after_current"], h
        assert h["to"] in rt and h["from"] != h["to"], h
    assert free_now <= a["available"], (free_now, a)
    assert later <= movable_later, (later, movable_later)
    assert free_now + later <= a["signed_in"] - a["paused"], d["hints"]
    hinted += bool(d["hints"])
    # The site's service level is what the channels judged, summed: each channel's today by
    # its own formula (docs/metrics.md section 4), met over counted.
    met = counted = 0
    for c in chs:
        t, f = c["today"], c["sl_formula"]
        ans, ab = t["answered"], t["abandoned"] - t["short_abandoned"]
        met += t["answered_in_sl"] + (t["abandoned_in_sl"] if f == "positive" else 0)
        counted += {"answered": ans, "ignore_abandoned": ans + ab - t["abandoned_in_sl"]}.get(
            f, ans + ab)
    st = d["site_today"]
    assert (st["met"], st["counted"]) == (met, counted), (st, met, counted)
    if counted:
        assert abs(st["sl_pct"] - round(100.0 * met / counted, 3)) < 0.0015, (st, met, counted)
    else:
        assert st["sl_pct"] is None, st
# Blending is real in these runs: some channel's "able to serve" busy exceeds its busy here.
last = lines[-1]
assert any(c["agents"]["busy"] > c["agents"]["busy_here"] for c in last["channels"])
print("%d lines, %d with hints" % (len(lines), hinted))
PY
    echo "ok: $scenario: agents add up, hints move agents who exist, the site SL is the channels' sum"
done

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
