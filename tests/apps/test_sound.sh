#!/usr/bin/env bash
# The audible alarm through the real binary, on SDL's disk audio driver (SDL_AUDIODRIVER=disk
# writes the mixed samples into SDL_DISKAUDIOFILE instead of a sound card):
#   - the bundled chime is what scripts/make_chime.py makes;
#   - audio that cannot be opened is said once and the screen runs on;
#   - a channel in alarm sounds the chime, again every repeat_min while unacknowledged, and a
#     long-press (played into SDL's event queue) acknowledges: silence after it, past the
#     repeat time too;
#   - in the night window the chime stays silent, unless at_night.
# Skipped (77) in a headless-only build, and where the disk audio driver cannot open.
set -euo pipefail
# shellcheck source=tests/apps/lib_wallboard.sh
. "$(dirname "$0")/lib_wallboard.sh"

[ "$HAS_DISPLAY" = 1 ] || { echo "SKIP: headless-only build: no sound"; exit 77; }
: "${WB_SRC:?WB_SRC must name the source tree}"

# The chime is 22 050 Hz mono 16-bit: 44 100 bytes a second in the disk driver's file.
BPS=44100

# ---- the bundled chime is the script's output ----
python3 "$WB_SRC/scripts/make_chime.py" "$TMP/chime.wav" >/dev/null
python3 - "$WB_SRC/assets/chime.wav" "$TMP/chime.wav" <<'PY' || fail "assets/chime.wav is not what scripts/make_chime.py makes"
import struct, sys, wave
def read(p):
    with wave.open(p) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050), p
        d = w.readframes(w.getnframes())
    return struct.unpack("<%dh" % (len(d) // 2), d)
a, b = read(sys.argv[1]), read(sys.argv[2])
assert len(a) == len(b), (len(a), len(b))
# Another libm may round a sample the other way: within 1, never more.
assert max(abs(x - y) for x, y in zip(a, b)) <= 1
# -6 dBFS peak: 0.5 * 32767 = 16383.5.
assert 16383 <= max(abs(x) for x in a) <= 16384, max(abs(x) for x in a)
PY
echo "ok: assets/chime.wav is scripts/make_chime.py's output"

# Every channel is in alarm as soon as it has data (waiting >= 0); the chime repeats every
# 0.05 min = 3 s while unacknowledged.
cat >"$TMP/sound.ini" <<'INI'
[defaults]
alarm_waiting = 0
[sound]
enabled = true
volume_pct = 100
repeat_min = 0.05
INI

run_screen() { # run_screen ENV... -- ARGS...: the demo on an off-screen window
    local envs=()
    while [ "$1" != "--" ]; do
        envs+=("$1")
        shift
    done
    shift
    env SDL_VIDEODRIVER=offscreen "${envs[@]}" "$WALLBOARD" --demo --speed 10 --seed 3 \
        --window 640x360 "$@"
}

# ---- no audio: said once, the screen runs on ----
run_screen SDL_AUDIODRIVER=no-such-driver -- --config "$TMP/sound.ini" --exit-after 3 \
    --stats-json "$TMP/noaudio.jsonl" 2>"$TMP/noaudio.err" ||
    fail "without audio the wallboard failed: $(cat "$TMP/noaudio.err")"
n=$(grep -c "running without sound" "$TMP/noaudio.err" || true)
[ "$n" = 1 ] || fail "expected one 'running without sound' line, got $n: $(cat "$TMP/noaudio.err")"
python3 - "$TMP/noaudio.jsonl" <<'PY' || fail "without audio the screen did not run on"
import json, sys
last = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
assert last["frames"] > 0, last["frames"]
assert any(c["status"] == "alarm" for c in last["channels"]), "no alarm to sound for"
PY
echo "ok: no audio device: one line, the screen runs on"

# ---- sound, repeat, acknowledge ----
audio="$TMP/audio.raw"
# A long-press (1.2 s, longer than the 0.8 s that makes one) 10 s after the screen opened.
printf '10000 down 320 180\n11200 up 320 180\n' >"$TMP/ack.txt"
start_bg env SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$audio" WB_INPUT_SCRIPT="$TMP/ack.txt" \
    SDL_VIDEODRIVER=offscreen "$WALLBOARD" --demo --speed 10 --seed 3 --window 640x360 \
    --config "$TMP/sound.ini" --exit-after 60 2>"$TMP/disk.err"
pid=$BG_PID
end=$((SECONDS + 30))
until grep -qE "alarm chime ready|running without sound" "$TMP/disk.err"; do
    [ "$SECONDS" -lt "$end" ] || fail "the sound never started: $(cat "$TMP/disk.err")"
    sleep 0.1
done
if grep -q "running without sound" "$TMP/disk.err"; then
    sleep 1
    kill -0 "$pid" 2>/dev/null || fail "the wallboard stopped without audio: $(cat "$TMP/disk.err")"
    echo "SKIP: SDL's disk audio driver cannot open here: $(grep 'without sound' "$TMP/disk.err")"
    exit 77
fi
wait_grep "$TMP/disk.err" "alarms acknowledged (long-press)" 40
s1=$(stat -c %s "$audio")
# The policy runs once a second and the chime lasts 1.33 s: allow both, then listen for 4.5 s
# of audio, longer than the 3 s repeat.
sleep 2.5
s2=$(stat -c %s "$audio")
end=$((SECONDS + 30))
while [ "$(stat -c %s "$audio")" -lt $((s2 + 9 * BPS / 2)) ]; do
    [ "$SECONDS" -lt "$end" ] || fail "the disk audio driver stopped writing"
    sleep 0.2
done
s3=$(stat -c %s "$audio")
kill "$pid"
wait_exit "$pid" 10
[ "$RC" = 0 ] || fail "exit $RC after SIGTERM: $(cat "$TMP/disk.err")"
python3 - "$audio" "$s1" "$s2" "$s3" <<'PY' || fail "wrong samples (see above)"
import struct, sys
path, s1, s2, s3 = sys.argv[1], *map(int, sys.argv[2:])
d = open(path, "rb").read()
s = struct.unpack("<%dh" % (len(d) // 2), d[: len(d) // 2 * 2])
pre, post = s[: s1 // 2], s[s2 // 2 : s3 // 2]
peak = max(abs(x) for x in pre)
# Full volume: the chime's own peak (16384), not a faint click.
assert peak >= 12000, "before the acknowledgement the peak is only %d" % peak
# Chimes are sounds separated by at least 0.3 s of silence: the alarm, then its repeats.
runs, quiet, inside = 0, 10**9, False
for x in pre:
    if x != 0:
        if not inside and quiet >= 6615:
            runs += 1
        inside, quiet = True, 0
    else:
        quiet += 1
        if quiet >= 6615:
            inside = False
assert runs >= 2, "expected the chime and a repeat before the acknowledgement, heard %d" % runs
loud = sum(1 for x in post if x != 0)
assert loud == 0, "%d non-silent samples in the %.1f s after the acknowledgement" % (
    loud, len(post) / 22050)
print("chimes before the acknowledgement: %d (peak %d); silence after it: %.1f s" % (
    runs, peak, len(post) / 22050))
PY
echo "ok: the alarm sounds, repeats, and a long-press silences it"

# ---- the night window ----
# A night from an hour ago to an hour from now (UTC, the default time zone).
read -r nstart nend < <(python3 -c '
import time
t = time.gmtime(time.time() - 3600); u = time.gmtime(time.time() + 3600)
print("%02d:%02d %02d:%02d" % (t.tm_hour, t.tm_min, u.tm_hour, u.tm_min))')
for at_night in false true; do
    cp "$TMP/sound.ini" "$TMP/night.ini"
    printf '[display]\nnight_mode = dim\nnight_start = %s\nnight_end = %s\n[sound]\nat_night = %s\n' \
        "$nstart" "$nend" "$at_night" >>"$TMP/night.ini"
    rm -f "$audio"
    run_screen SDL_AUDIODRIVER=disk SDL_DISKAUDIOFILE="$audio" -- --config "$TMP/night.ini" \
        --exit-after 5 2>"$TMP/night.err" || fail "night run failed: $(cat "$TMP/night.err")"
    loud=$(python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
print(sum(1 for x in struct.unpack("<%dh" % (len(d) // 2), d[: len(d) // 2 * 2]) if x))' "$audio")
    if [ "$at_night" = false ]; then
        [ "$loud" = 0 ] || fail "at night $loud non-silent samples"
    else
        [ "$loud" -gt 1000 ] || fail "at_night = true, yet only $loud non-silent samples"
    fi
done
echo "ok: silent at night, unless at_night"
