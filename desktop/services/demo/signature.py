"""A synthetic drawn signature for demo data and tests, drawn with Pillow.

A greyscale image with a looping pen stroke whose shape depends on the name; no Qt.
"""

from __future__ import annotations

import hashlib
import io
import math

from PIL import Image, ImageDraw

_INK = 20
_PAPER = 255
_PEN_WIDTH = 2


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
    image = Image.new("L", (width, height), _PAPER)
    ImageDraw.Draw(image).line(_stroke(name, width, height), fill=_INK, width=_PEN_WIDTH)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
