"""A synthetic drawn signature for demo data and tests: a tiny pure-Python PNG writer.

No Qt and no imaging library: a greyscale image with a looping pen stroke whose shape
depends on the name, encoded by hand (IHDR, one IDAT, IEND).
"""

from __future__ import annotations

import hashlib
import math
import struct
import zlib

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_INK = 20
_PAPER = 255


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_greyscale_png(rows: list[bytearray]) -> bytes:
    """An 8-bit greyscale PNG of ``rows`` (all the same length), filter type 0 per row."""
    height, width = len(rows), len(rows[0])
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        _PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def _stroke(name: str, width: int, height: int) -> list[tuple[int, int]]:
    seed = hashlib.sha256(name.encode("utf-8")).digest()
    loops = 4 + seed[0] % 4
    tall = height * (0.22 + (seed[1] % 10) / 100)
    swing = 10 + seed[2] % 10
    points = []
    steps = 6000
    for step in range(steps):
        t = step / steps
        angle = t * loops * math.tau
        x = 20 + t * (width - 60) + swing * math.cos(angle)
        y = height / 2 - tall * math.sin(angle) + 6 * math.sin(t * 3 * math.tau)
        points.append((int(x), int(y)))
    return points


def synthetic_signature_png(name: str, width: int = 360, height: int = 100) -> bytes:
    """A signature-like pen stroke for ``name`` as PNG bytes (synthetic, for demos and tests)."""
    rows = [bytearray([_PAPER]) * width for _ in range(height)]
    for x, y in _stroke(name, width, height):
        for dx in (0, 1):
            for dy in (0, 1):
                if 0 <= x + dx < width and 0 <= y + dy < height:
                    rows[y + dy][x + dx] = _INK
    return encode_greyscale_png(rows)
