"""The archival step: content records inside the PDF, PDF/A-2b for unencrypted copies, encryption.

Every report carries its canonical content records (what its fingerprint is computed over)
in the catalog's page-piece dictionary under ``/Confide``, so ``confide verify-report`` can
recompute the printed fingerprint from the file alone. An unencrypted report becomes
PDF/A-2b: an sRGB OutputIntent (the ICC profile shipped in resources/color), XMP metadata
(pdfaid part 2, conformance B; title, author, dates, producer) matching the document
information dictionary; reportlab already embeds every font. PDF/A forbids encryption, so a
password-protected copy gets the content records and AES-256 encryption, and no PDF/A claim.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from desktop.errors import UserInputError
from desktop.resources import resource_path

PIECE_NAME = "/Confide"
CONTENT_SCHEME = "confide-report-content-v1"
PRODUCER = "Confide"
SRGB_IDENTIFIER = "sRGB IEC61966-2.1"
_XMP_TEMPLATE = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{created}</xmp:ModifyDate>
   <xmp:CreatorTool>{producer}</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


@dataclass(frozen=True)
class ArchivalInput:
    """What the archival step writes into the file besides the rendered pages."""

    title: str
    author: str
    content: bytes
    fingerprint: str
    export_id: str
    created: datetime


def prepare(pdf: bytes, info: ArchivalInput, password: str | None) -> bytes:
    """Return ``pdf`` with its content records, as PDF/A-2b, or encrypted when ``password``."""
    if password is not None and not password:
        raise UserInputError("The report password is empty.", "Type a password or choose none.")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    _add_content_records(writer, info)
    if password is None:
        _make_pdfa(writer, info)
    else:
        writer.encrypt(
            user_password=password,
            owner_password=secrets.token_urlsafe(32),
            algorithm="AES-256",
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _add_content_records(writer: PdfWriter, info: ArchivalInput) -> None:
    content = DecodedStreamObject()
    content.set_data(info.content)
    private = DictionaryObject(
        {
            NameObject("/Scheme"): TextStringObject(CONTENT_SCHEME),
            NameObject("/Fingerprint"): TextStringObject(info.fingerprint),
            NameObject("/ExportId"): TextStringObject(info.export_id),
            NameObject("/Content"): writer._add_object(content.flate_encode()),
        }
    )
    data = DictionaryObject(
        {
            NameObject("/LastModified"): TextStringObject(_pdf_date(info.created)),
            NameObject("/Private"): private,
        }
    )
    pieces = DictionaryObject({NameObject(PIECE_NAME): data})
    writer._root_object[NameObject("/PieceInfo")] = pieces


def _make_pdfa(writer: PdfWriter, info: ArchivalInput) -> None:
    profile = DecodedStreamObject()
    profile.set_data(_srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFA1"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB_IDENTIFIER),
            NameObject("/Info"): TextStringObject(SRGB_IDENTIFIER),
            NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
        }
    )
    root = writer._root_object
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    root[NameObject("/Metadata")] = writer._add_object(_xmp_stream(info))
    _replace_info(writer, info)


def _xmp_stream(info: ArchivalInput) -> StreamObject:
    xmp = _XMP_TEMPLATE.format(
        title=escape(info.title),
        author=escape(info.author),
        created=info.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        producer=PRODUCER,
    )
    stream = DecodedStreamObject()
    stream.set_data(xmp.encode("utf-8"))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    return stream


def _replace_info(writer: PdfWriter, info: ArchivalInput) -> None:
    """The information dictionary says exactly what the XMP says (PDF/A requires they agree)."""
    stamp = _pdf_date(info.created)
    values = {
        "/Title": info.title,
        "/Author": info.author,
        "/Creator": PRODUCER,
        "/Producer": PRODUCER,
        "/CreationDate": stamp,
        "/ModDate": stamp,
    }
    info_dict = writer._info.get_object() if writer._info is not None else None
    if isinstance(info_dict, DictionaryObject):
        info_dict.clear()
    writer.add_metadata(values)


def _pdf_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


@lru_cache(maxsize=1)
def _srgb_profile() -> bytes:
    return resource_path("color", "sRGB.icc").read_bytes()
