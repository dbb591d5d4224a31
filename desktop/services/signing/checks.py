"""Checks shared by everything that is signed: drawn-signature images and typed names.

A drawn signature must be a real, complete PNG with something drawn on it. A typed name
must be the recorded name of the person signing, compared loosely (see :func:`name_matches`).
Messages name the field, never the person.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings

from PIL import Image, UnidentifiedImageError

from desktop.errors import UserInputError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 4_000_000
MAX_SIGNATURE_PIXELS = 16_000_000
_WORD = re.compile(r"[^\W_]+", flags=re.UNICODE)
_DECODE_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    ValueError,
    SyntaxError,
    Warning,
)


def check_signature_png(data: bytes | None, label: str) -> bytes:
    """Return ``data`` if it is a complete PNG with a visible mark on it.

    Refused: nothing, bytes that do not start with the PNG signature, a damaged or
    truncated image, one over 16 megapixels, and a blank one (every pixel the same
    colour, or fully transparent).
    """
    if not data:
        raise UserInputError(f"{label} is missing.", "Draw the signature on the pad.")
    data = bytes(data)
    if len(data) > MAX_SIGNATURE_BYTES:
        raise UserInputError(f"{label} is too large to be a drawn signature.")
    if not data.startswith(PNG_SIGNATURE):
        raise UserInputError(f"{label} is not a PNG image.", "Draw the signature again.")
    image = _decoded(data, label)
    if _is_blank(image):
        raise UserInputError(f"{label} is empty.", "Draw the signature on the pad, then sign.")
    return data


def _decoded(data: bytes, label: str) -> Image.Image:
    damaged = UserInputError(f"{label} is a damaged image.", "Clear the pad and sign again.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG"])
            width, height = image.size
            if not 0 < width * height <= MAX_SIGNATURE_PIXELS:
                raise damaged
            image.load()
    except _DECODE_ERRORS as exc:
        raise damaged from exc
    return image


def _is_blank(image: Image.Image) -> bool:
    """True when nothing visible is drawn: no opaque pixel, or one uniform colour."""
    rgba = image.convert("RGBA")
    _, alpha_high = rgba.getchannel("A").getextrema()
    if alpha_high == 0:
        return True
    flattened = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flattened.alpha_composite(rgba)
    low, high = flattened.convert("L").getextrema()
    return bool(low == high)


def name_words(name: str) -> tuple[str, ...]:
    """A name as comparable words: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(word.casefold() for word in _WORD.findall(plain))


def name_matches(typed: str, recorded: str) -> bool:
    """Whether a typed signature name is, loosely, the recorded name.

    Case, accents, punctuation and extra spaces do not matter ("zoe nguyen" matches
    "Zoë Nguyễn"), and middle names or initials may be added or left out as long as
    the first and the last word agree ("Dana M. Kessler" matches "Dana Kessler").
    """
    given, known = name_words(typed), name_words(recorded)
    if not given or not known:
        return False
    if given == known:
        return True
    return len(given) >= 2 and len(known) >= 2 and (given[0], given[-1]) == (known[0], known[-1])
