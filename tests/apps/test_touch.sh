#!/usr/bin/env bash
# Touch and mouse through the real binary: input played into SDL's event queue
# (WB_INPUT_SCRIPT, SDL_PushEvent) takes the same path as a panel's own events. A tap on a
# tile opens its channel's detail page, a tap goes back, a swipe
# and a click on the footer turn the page, a long-press and the A key acknowledge; on a screen
# turned 90 degrees a touch maps back to the layout's coordinates.
# Skipped (77) in a headless-only build.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

[ "$HAS_DISPLAY" = 1 ] || { echo "SKIP: headless-only build: no screen to touch"; exit 77; }

# 1280x720: the demo's first tile is at the top left, the footer along the bottom (y 665-713).
cat >"$TMP/touch.txt" <<'TXT'
# a tap on the first tile: its detail page
1500 down 200 250
1600 up 200 250
# a tap anywhere: back
3000 down 640 400
3100 up 640 400
# a swipe to the left: next page
3600 down 900 400
3700 move 750 405
3800 up 500 410
# the mouse: a click on the footer's right part: next page
4300 mdown 900 690
4400 mup 900 690
# a long-press with the mouse held 1.2 s: acknowledge
4900 mdown 640 300
6100 mup 640 300
# the A key
6600 key a
# a swipe to the right: previous page (the run lasts 11 s: under load, with sanitizers, the
# frames that play the script come late, and 8 s once lost this last swipe)
7000 down 300 400
7100 move 500 400
7200 up 700 400
TXT
env SDL_VIDEODRIVER=offscreen WB_INPUT_SCRIPT="$TMP/touch.txt" "$WALLBOARD" --demo --speed 10 \
    --seed 3 --window 1280x720 --exit-after 11 2>"$TMP/err" || fail "touch run failed: $(cat "$TMP/err")"
python3 - "$TMP/err" <<'PY' || fail "wrong actions: $(grep -E 'input|acknowledged' "$TMP/err")"
import re, sys
lines = [l.strip() for l in open(sys.argv[1]) if "input:" in l or "acknowledged" in l]
want = [
    r"input: tap at \d+,\d+: open the detail page of channel 0$",
    r"input: tap at \d+,\d+: back from the detail page$",
    r"input: swipe left at \d+,\d+: next page$",
    r"input: tap at \d+,\d+: next page$",
    r"input: long-press at \d+,\d+: acknowledge$",
    r"alarms acknowledged \(long-press\)$",
    r"alarms acknowledged \(key\)$",
    r"input: swipe right at \d+,\d+: previous page$",
]
assert len(lines) == len(want), "\n".join(lines)
for l, w in zip(lines, want):
    assert re.search(w, l), "%r does not match %r" % (l, w)
PY
echo "ok: tap, back, swipe, footer click, long-press and key"

# Turned 90 degrees on a 720x1280 panel, the layout is 1280x720: a touch at window (700, 20)
# is layout (20, 20) (the burn-in shift may move it by 2 px at most). The run lasts 6 s for a
# tap at 1.5 s: on a loaded machine 2.5 s once ended before the tap was played.
printf '1500 down 700 20\n1600 up 700 20\n' >"$TMP/rot.txt"
env SDL_VIDEODRIVER=offscreen WB_INPUT_SCRIPT="$TMP/rot.txt" "$WALLBOARD" --demo --speed 10 \
    --seed 3 --window 720x1280 --rotate 90 --exit-after 6 2>"$TMP/rot.err" ||
    fail "rotated run failed: $(cat "$TMP/rot.err")"
python3 - "$TMP/rot.err" <<'PY' || fail "rotated touch mapped wrong: $(grep input: "$TMP/rot.err")"
import re, sys
m = [re.search(r"input: tap at (\d+),(\d+)", l) for l in open(sys.argv[1])]
m = [x for x in m if x]
assert len(m) == 1
x, y = int(m[0].group(1)), int(m[0].group(2))
assert abs(x - 20) <= 2 and abs(y - 20) <= 2, (x, y)
PY
echo "ok: a touch on a rotated screen"

# A bad script is reported with its file and line and ignored; the screen runs.
printf '100 down 1 1\n50 up 1 1\n' >"$TMP/bad.txt"
env SDL_VIDEODRIVER=offscreen WB_INPUT_SCRIPT="$TMP/bad.txt" "$WALLBOARD" --demo --window 480x320 \
    --exit-after 1 2>"$TMP/bad.err" || fail "a bad script stopped the screen"
grep -qF "WB_INPUT_SCRIPT $TMP/bad.txt:2: times must not decrease (script ignored)" "$TMP/bad.err" ||
    fail "no clear message for a bad script: $(cat "$TMP/bad.err")"
echo "ok: a bad input script"
