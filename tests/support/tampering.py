"""Two ways a signed report gets changed: a flipped byte, and an appended edit."""

from __future__ import annotations

import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader
from pypdf.generic import ArrayObject, IndirectObject


def flip_byte_in_content_stream(data: bytes, password: str | None = None) -> bytes:
    """Change one byte inside page 1's content stream (same length, so offsets still hold)."""
    reader = PdfReader(io.BytesIO(data), password=password)
    raw = reader.pages[0].raw_get("/Contents")
    ref = raw[0] if isinstance(raw, ArrayObject) else raw
    assert isinstance(ref, IndirectObject)
    header = re.search(rb"(?<![0-9])%d 0 obj" % ref.idnum, data)
    assert header is not None
    start = data.index(b"stream", header.end()) + len(b"stream")
    start += 2 if data[start : start + 2] == b"\r\n" else 1
    changed = bytearray(data)
    changed[start + 20] ^= 0x01
    return bytes(changed)


def append_text_update(data: bytes) -> bytes:
    """An incremental update that draws new text on page 1, as an editing tool would."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    font = next(iter(page["/Resources"]["/Font"]))
    added = generic.StreamObject(
        stream_data=f"BT {font} 14 Tf 72 40 Td (NOT DISCLOSED) Tj ET".encode()
    )
    contents = page["/Contents"]
    refs = (
        list(contents) if isinstance(contents, generic.ArrayObject) else [page.raw_get("/Contents")]
    )
    page["/Contents"] = generic.ArrayObject([*refs, writer.add_object(added)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
