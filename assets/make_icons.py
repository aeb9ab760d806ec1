#!/usr/bin/env python3
"""Generates the channel icons in this directory (NAME.bmp).

Each icon is a white shape on a transparent background, 128x128, 32-bit BMP with an alpha
channel (BITMAPV4HEADER), so SDL_LoadBMP reads it without SDL_image and the renderer tints it
with a colour modulation. Shapes are unions and differences of circles, capsules, rounded
rectangles and triangles, anti-aliased by 4x4 supersampling. Pure Python, no dependencies:

    python3 assets/make_icons.py [--preview DIR]   # --preview also writes PNG previews
"""
import math
import os
import struct
import sys
import zlib

N = 128
SS = 4


def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def capsule(x0, y0, x1, y1, r):
    dx, dy = x1 - x0, y1 - y0
    ll = dx * dx + dy * dy

    def f(x, y):
        t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / ll))
        px, py = x0 + t * dx - x, y0 + t * dy - y
        return px * px + py * py <= r * r

    return f


def rrect(x0, y0, x1, y1, r):
    def f(x, y):
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    return f


def tri(ax, ay, bx, by, cx, cy):
    def s(px, py, qx, qy, x, y):
        return (x - qx) * (py - qy) - (px - qx) * (y - qy)

    def f(x, y):
        d1, d2, d3 = s(ax, ay, bx, by, x, y), s(bx, by, cx, cy, x, y), s(cx, cy, ax, ay, x, y)
        neg = d1 < 0 or d2 < 0 or d3 < 0
        pos = d1 > 0 or d2 > 0 or d3 > 0
        return not (neg and pos)

    return f


def arc(cx, cy, r, a0, a1, w):
    """A stroke of width 2w along a circle arc from angle a0 to a1 (degrees, y down)."""

    def f(x, y):
        a = math.degrees(math.atan2(y - cy, x - cx)) % 360
        lo, hi = a0 % 360, a1 % 360
        inside = lo <= a <= hi if lo <= hi else (a >= lo or a <= hi)
        if not inside:
            return False
        d = math.hypot(x - cx, y - cy)
        return abs(d - r) <= w

    return f


def union(*fs):
    return lambda x, y: any(f(x, y) for f in fs)


def minus(a, *bs):
    return lambda x, y: a(x, y) and not any(b(x, y) for b in bs)


def phone():
    # A handset: a thick quarter arc with a rounded piece at each end (ear and mouth).
    cx, cy, r = 100, 100, 64
    body = arc(cx, cy, r, 180, 270, 12)
    ear = capsule(90, 36, 110, 30, 17)
    mouth = capsule(36, 90, 30, 110, 17)
    return union(body, ear, mouth, circle(cx - r * 0.7071, cy - r * 0.7071, 12))


def chat():
    bubble = rrect(10, 16, 118, 94, 22)
    tail = tri(30, 84, 58, 90, 22, 118)
    dots = union(circle(38, 55, 9), circle(64, 55, 9), circle(90, 55, 9))
    return minus(union(bubble, tail), dots)


def email():
    outer = rrect(8, 24, 120, 104, 10)
    inner = rrect(18, 34, 110, 94, 4)
    flap = union(capsule(18, 36, 64, 72, 6), capsule(110, 36, 64, 72, 6))
    return union(minus(outer, inner), flap)


def social():
    # The "share" glyph: three nodes joined by two links.
    return union(circle(96, 28, 18), circle(32, 64, 18), circle(96, 100, 18),
                 capsule(32, 64, 96, 28, 6), capsule(32, 64, 96, 100, 6))


def webform():
    page = rrect(16, 8, 112, 120, 12)
    hole = rrect(26, 18, 102, 110, 6)
    lines = union(rrect(36, 32, 92, 44, 5), rrect(36, 58, 92, 70, 5), rrect(36, 84, 70, 96, 5))
    return union(minus(page, hole), lines)


def generic():
    return union(minus(circle(64, 64, 56), circle(64, 64, 42)), circle(64, 64, 20))


ICONS = {"phone": phone, "chat": chat, "email": email, "social": social, "webform": webform,
         "generic": generic}


def raster(f):
    rows = []
    for y in range(N):
        row = []
        for x in range(N):
            hits = 0
            for sy in range(SS):
                for sx in range(SS):
                    if f(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS):
                        hits += 1
            row.append(round(255 * hits / (SS * SS)))
        rows.append(row)
    return rows


def write_bmp(path, alpha):
    # BITMAPV4HEADER with BI_BITFIELDS: 32-bit BGRA, bottom-up rows.
    pix = bytearray()
    for row in reversed(alpha):
        for a in row:
            pix += bytes((255, 255, 255, a))
    hdr = struct.pack("<IiiHHIIiiII", 108, N, N, 1, 32, 3, len(pix), 2835, 2835, 0, 0)
    hdr += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    hdr += struct.pack("<I", 0x73524742)  # LCS_sRGB
    hdr += bytes(36 + 12)  # endpoints and gamma: unused with sRGB
    off = 14 + len(hdr)
    fh = struct.pack("<2sIHHI", b"BM", off + len(pix), 0, 0, off)
    with open(path, "wb") as fp:
        fp.write(fh + hdr + pix)


def write_png(path, alpha):
    raw = b"".join(b"\x00" + bytes(v for a in row for v in (a, a, a)) for row in alpha)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

    with open(path, "wb") as fp:
        fp.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 2, 0, 0, 0))
                 + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    preview = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--preview" else None
    for name, make in ICONS.items():
        alpha = raster(make())
        write_bmp(os.path.join(here, name + ".bmp"), alpha)
        if preview:
            write_png(os.path.join(preview, name + ".png"), alpha)


if __name__ == "__main__":
    main()
