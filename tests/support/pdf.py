"""Reading a PDF back in tests: its text (whitespace folded) and how many images it holds."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def pdf_text(source: Path | bytes, password: str | None = None) -> str:
    """All extracted text of a PDF with runs of whitespace folded to one space."""
    data = source.read_bytes() if isinstance(source, Path) else source
    reader = PdfReader(io.BytesIO(data))
    if password is not None:
        reader.decrypt(password)
    return flat(" ".join(page.extract_text() or "" for page in reader.pages))


def image_count(path: Path) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def flat(text: str) -> str:
    return " ".join(text.split())
