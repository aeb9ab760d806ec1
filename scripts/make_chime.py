#!/usr/bin/env python3
"""Writes assets/chime.wav, the wallboard's alarm chime, from nothing but sine waves.

Origin and licence: the sound is synthesised entirely by this script (no recording and no
third-party sample is involved), so it is the project's own work, distributed under the same
terms as the rest of the wallboard. Run it again to get the same file byte for byte:

    python3 scripts/make_chime.py [OUT.wav]     # default: assets/chime.wav

The chime is two bell-like notes, a major third apart, falling (E5 then C5, "ding-dong"):
each note is a fundamental with two soft overtones, a 6 ms attack against clicks and an
exponential decay. 22 050 Hz mono 16-bit PCM, about 1.3 s, so it is small and any SDL audio
driver (ALSA on a Raspberry Pi, PulseAudio, PipeWire) plays it without resampling trouble.
Peak level is -6 dBFS: the volume setting scales it down, never up.
"""
import math
import os
import struct
import sys
import wave

RATE = 22050
# (start s, frequency Hz, length s, decay time constant s)
NOTES = [(0.00, 659.25, 0.70, 0.22), (0.38, 523.25, 0.95, 0.30)]
# Overtones of a soft bell: (frequency ratio, relative amplitude).
PARTIALS = [(1.0, 1.0), (2.0, 0.28), (3.0, 0.09)]
ATTACK_S = 0.006
PEAK = 0.5  # -6 dBFS


def render():
    total = max(start + length for start, _, length, _ in NOTES)
    n = int(round(total * RATE))
    buf = [0.0] * n
    for start, freq, length, tau in NOTES:
        i0 = int(round(start * RATE))
        for k in range(int(round(length * RATE))):
            t = k / RATE
            env = min(1.0, t / ATTACK_S) * math.exp(-t / tau)
            # The last 20 ms fade to zero, so the note ends without a click.
            env *= min(1.0, (length - t) / 0.02)
            s = sum(a * math.sin(2 * math.pi * freq * r * t) for r, a in PARTIALS)
            if i0 + k < n:
                buf[i0 + k] += env * s
    peak = max(abs(x) for x in buf) or 1.0
    return [int(round(x / peak * PEAK * 32767)) for x in buf]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "assets", "chime.wav")
    samples = render()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack("<%dh" % len(samples), *samples))
    print("%s: %d samples, %.2f s" % (out, len(samples), len(samples) / RATE))


if __name__ == "__main__":
    main()
