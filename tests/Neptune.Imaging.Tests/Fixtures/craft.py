#!/usr/bin/env python3
"""Writes PNG files for cases ImageMagick does not produce on request: tRNS colour keys on greyscale and RGB,
image data split over many IDAT chunks, every filter type in one image, and an Adam7 image smaller than 8x8.
Uses only the Python standard library (zlib, struct). Pixel values come from a fixed formula, so the output is
reproducible; ImageMagick decodes every file afterwards to give the expected pixels."""
import struct
import sys
import zlib


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(kind, row, prev, bpp):
    out = bytearray()
    for i, x in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out.append((x - pred) & 0xFF)
    return bytes([kind]) + bytes(out)


def png(width, height, depth, color_type, rows, extra=b"", idat_size=None, filters=None, interlace=0, bpp=1):
    """rows: list of raw scanlines (bytes, without filter byte); for interlace=1, the list of pass rows in order."""
    raw = bytearray()
    prev = None
    for index, row in enumerate(rows):
        if prev is None or len(prev) != len(row) or (interlace and index in interlace_starts):
            prev = bytes(len(row))
        kind = filters[index % len(filters)] if filters else 0
        raw += filter_row(kind, row, prev, bpp)
        prev = row
    data = zlib.compress(bytes(raw), 9)
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, interlace)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra
    size = idat_size or len(data)
    for start in range(0, len(data), size):
        out += chunk(b"IDAT", data[start:start + size])
    return out + chunk(b"IEND", b"")


interlace_starts = set()


def value(x, y, k):
    return (x * 37 + y * 91 + k * 53 + x * y * 7) & 0xFF


def main(out_dir):
    global interlace_starts
    w, h = 13, 11

    # Greyscale 8-bit with a tRNS key that matches some pixels.
    rows = [bytes(value(x, y, 0) & 0xF0 for x in range(w)) for y in range(h)]
    key = rows[2][3]
    open(f"{out_dir}/gray8-trns.png", "wb").write(
        png(w, h, 8, 0, rows, extra=chunk(b"tRNS", struct.pack(">H", key)), filters=[0, 1, 2, 3, 4]))

    # Greyscale 2-bit with a tRNS key.
    rows2 = []
    for y in range(h):
        samples = [(x + y) % 4 for x in range(w)] + [0] * 3
        rows2.append(bytes((samples[i] << 6) | (samples[i + 1] << 4) | (samples[i + 2] << 2) | samples[i + 3]
                           for i in range(0, w, 4)))
    open(f"{out_dir}/gray2-trns.png", "wb").write(png(w, h, 2, 0, rows2, extra=chunk(b"tRNS", struct.pack(">H", 1))))

    # RGB 8-bit with a tRNS key.
    rows = [bytes(v for x in range(w) for v in ((x * 40) & 0xC0, (y * 50) & 0xC0, 0x80)) for y in range(h)]
    open(f"{out_dir}/rgb8-trns.png", "wb").write(
        png(w, h, 8, 2, rows, extra=chunk(b"tRNS", struct.pack(">HHH", 0x40, 0x40, 0x80)), filters=[4, 3, 2, 1, 0], bpp=3))

    # RGB 16-bit with a tRNS key compared at full 16-bit precision.
    def px16(x, y):
        return ((x * 5000) & 0xFFFF, (y * 6000) & 0xFFFF, 0x1234)
    rows = [b"".join(struct.pack(">HHH", *px16(x, y)) for x in range(w)) for y in range(h)]
    open(f"{out_dir}/rgb16-trns.png", "wb").write(
        png(w, h, 16, 2, rows, extra=chunk(b"tRNS", struct.pack(">HHH", 10000, 12000, 0x1234)), filters=[1, 4], bpp=6))

    # RGBA 8-bit, every filter type, image data in 17-byte IDAT chunks, plus ancillary chunks to skip.
    rows = [bytes(value(x, y, k) for x in range(w) for k in range(4)) for y in range(h)]
    extra = chunk(b"tEXt", b"Comment\x00made by craft.py") + chunk(b"gAMA", struct.pack(">I", 45455))
    open(f"{out_dir}/rgba8-multi-idat.png", "wb").write(
        png(w, h, 8, 6, rows, extra=extra, idat_size=17, filters=[0, 1, 2, 3, 4], bpp=4))

    # Adam7 RGB 8-bit, 3x2: passes 2, 3 and 5 are empty.
    full = [[(value(x, y, 0), value(x, y, 1), value(x, y, 2)) for x in range(3)] for y in range(2)]
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    rows, interlace_starts = [], set()
    for x0, y0, dx, dy in passes:
        pw = len(range(x0, 3, dx))
        ph = len(range(y0, 2, dy))
        if pw == 0 or ph == 0:
            continue
        interlace_starts.add(len(rows))
        for y in range(y0, 2, dy):
            rows.append(bytes(c for x in range(x0, 3, dx) for c in full[y][x]))
    open(f"{out_dir}/rgb8-adam7-3x2.png", "wb").write(png(3, 2, 8, 2, rows, interlace=1, filters=[1, 4], bpp=3))
    interlace_starts = set()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
