#!/usr/bin/env python3
"""How much of a PNG screenshot is painted: for the page test that renders a handout in
headless Chromium. Prints JSON: width, height, the fraction of pixels that are not
white, and for each colour given (#rrggbb) how many pixels have exactly that colour.

    scripts/png_ink.py shot.png '#ffd700' '#5f005f'

Only the standard library: PNG's own zlib stream, unfiltered by hand (8-bit RGB/RGBA).
"""
import json
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG file")
    pos, idat, width, height, depth, ctype = 8, b"", 0, 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    if depth != 8 or ctype not in (2, 6):
        raise SystemExit(f"{path}: only 8-bit RGB or RGBA PNGs are read (depth {depth}, colour type {ctype})")
    channels = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return width, height, channels, rows


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    width, height, channels, rows = pixels(sys.argv[1])
    wanted = {h.lower(): 0 for h in sys.argv[2:]}
    inked = 0
    for line in rows:
        for x in range(0, len(line), channels):
            r, g, b = line[x], line[x + 1], line[x + 2]
            if (r, g, b) != (255, 255, 255):
                inked += 1
            if wanted:
                key = "#%02x%02x%02x" % (r, g, b)
                if key in wanted:
                    wanted[key] += 1
    print(json.dumps({"width": width, "height": height, "inked": inked / max(1, width * height), "colours": wanted}))


if __name__ == "__main__":
    main()
