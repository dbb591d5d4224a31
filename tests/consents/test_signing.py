"""Drawn-signature images and the loose typed-name rule."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.errors import UserInputError
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.signing.checks import check_signature_png, name_matches


def png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def test_a_drawn_signature_is_accepted() -> None:
    data = synthetic_signature_png("Robin Vale")
    assert check_signature_png(data, "Signature") == data
    drawn = Image.new("RGBA", (120, 40), (0, 0, 0, 0))
    drawn.putpixel((10, 10), (0, 0, 0, 255))
    assert check_signature_png(png_of(drawn), "Signature")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "missing"),
        (b"\xff\xd8\xff\xe0 a jpeg", "not a PNG"),
        (synthetic_signature_png("x")[:-30], "damaged"),
        (png_of(Image.new("L", (50, 20), 255)), "empty"),
        (png_of(Image.new("RGBA", (80, 30), (0, 0, 0, 0))), "empty"),
        (png_of(Image.new("RGB", (80, 30), (250, 250, 250))), "empty"),
    ],
)
def test_unusable_signatures_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(UserInputError, match=message) as caught:
        check_signature_png(data, "The client's signature")
    assert caught.value.message.startswith("The client's signature")


def test_corrupted_image_data_is_refused() -> None:
    data = bytearray(synthetic_signature_png("Robin Vale"))
    data[60] ^= 0xFF  # inside the compressed pixels: the chunk checksum no longer matches
    with pytest.raises(UserInputError, match="damaged"):
        check_signature_png(bytes(data), "Signature")


@pytest.mark.parametrize(
    ("typed", "recorded", "expected"),
    [
        ("Zoë Nguyễn", "Zoë Nguyễn", True),
        ("zoe  NGUYEN", "Zoë Nguyễn", True),
        ("Dana M. Kessler", "Dana Kessler", True),
        ("Dana Kessler", "Dana Marie Kessler", True),
        ("O'Brien, Sean", "Sean O'Brien", False),
        ("Dana Kesler", "Dana Kessler", False),
        ("Kessler", "Dana Kessler", False),
        ("", "Dana Kessler", False),
        ("李小龙", "李小龙", True),
    ],
)
def test_typed_name_rule(typed: str, recorded: str, expected: bool) -> None:
    assert name_matches(typed, recorded) is expected
