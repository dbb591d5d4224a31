"""A small PDF report builder shared by every Confide report.

Every string handed to :class:`ReportBuilder` is treated as user text: it is cleaned
and escaped by :func:`desktop.reports.text.rich`, never parsed as markup. Every page
carries the legend, the title and subject at the top, and the generation time and
"Page x of y" at the bottom. The PDF metadata is fixed ("Confide report") so no
client information leaks into document properties.

The content fingerprint is SHA-256 over a canonical encoding of what was added, in
order (see :func:`_encode_record`); page layout, spacers, page breaks and the
generation time are not part of it, so the same content always gives the same
fingerprint.
"""

from __future__ import annotations

import hashlib
import io
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial
from typing import Any

from reportlab.lib import colors, units
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop.local_time import format_datetime, zone_label
from desktop.reports.text import (
    BOLD_FONT,
    REGULAR_FONT,
    clean_text,
    registered_fonts,
    rich,
)

FINGERPRINT_LABEL = "Content fingerprint (SHA-256):"
IMAGE_UNREADABLE = "(image could not be read)"
METADATA_TITLE = "Confide report"
_FINGERPRINT_SCHEME = b"confide-report-content-v1\x1e"
_MM: float = units.mm
_PAGE_SIZE = LETTER
_MARGIN_X = 20 * _MM
_MARGIN_TOP = 28 * _MM
_MARGIN_BOTTOM = 22 * _MM
_FRAME_PADDING = 6  # reportlab Frame's default inner padding, in points
_CONTENT_X = _MARGIN_X + _FRAME_PADDING
_CONTENT_WIDTH = _PAGE_SIZE[0] - 2 * _CONTENT_X
_HEADER_MAX_CHARS = 100
_CHUNK_CHARS = 1500  # one Paragraph per line, long lines cut: Paragraph layout is quadratic
# A value longer than this leaves its table cell and flows as paragraphs after a label row:
# reportlab re-splits an oversized cell on every page (quadratic; 200k words took ~130 s).
LONG_VALUE_CHARS = 1200
LONG_VALUE_LINES = 12
MOVED_BELOW = "(full text below)"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAX_IMAGE_PIXELS = 16_000_000
_GREY = colors.HexColor("#555555")
_LEGEND_RED = colors.HexColor("#8B0000")

Flowable = Any  # reportlab ships no type hints
_Part = Callable[[], list[Flowable]]


@dataclass(frozen=True)
class RenderedReport:
    """A finished PDF held in memory, with its content fingerprint."""

    pdf: bytes
    fingerprint: str
    page_count: int
    content: bytes = b""  # the canonical records the fingerprint is computed over


def content_fingerprint(content: bytes) -> str:
    """The fingerprint of a report's canonical content records (as ReportBuilder computes it)."""
    return hashlib.sha256(_FINGERPRINT_SCHEME + content).hexdigest()


class ReportBuilder:
    """Collects a report's content in order, then renders it to PDF bytes.

    ``title``, ``legend`` (e.g. "PRIVILEGED AND CONFIDENTIAL — PREPARED FOR COUNSEL")
    and ``subject_label`` (whom the report is about, e.g. "Client: Zoë Nguyễn") are
    printed at the top of every page and are part of the fingerprint. ``generated_at``
    (timezone-aware; default: now, in local time) is printed at the bottom of every
    page in its own zone and in UTC.
    """

    def __init__(
        self,
        title: str,
        legend: str,
        subject_label: str,
        *,
        generated_at: datetime | None = None,
    ) -> None:
        if generated_at is not None and generated_at.tzinfo is None:
            raise ValueError("generated_at must be timezone-aware")
        self._title = clean_text(title)
        self._legend = clean_text(legend)
        self._subject = clean_text(subject_label)
        self._generated_at = generated_at
        self._digest = hashlib.sha256(_FINGERPRINT_SCHEME)
        self._content = bytearray()
        self._parts: list[_Part] = []
        self._record("report", title, legend, subject_label)
        self._parts.append(partial(_title_block, self._title, self._subject))

    def heading(self, text: str, level: int = 1) -> None:
        """Add a heading; ``level`` is 1, 2 or 3."""
        if level not in (1, 2, 3):
            raise ValueError("heading level must be 1, 2 or 3")
        self._record("heading", str(level), text)
        self._parts.append(partial(_heading, text, level))

    def paragraph(self, text: str) -> None:
        """Add user text of any length; line breaks are kept."""
        self._record("paragraph", text)
        self._parts.append(partial(_text_flowables, text, "body"))

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        """Add a two-column label/value table; values may be long and multi-line."""
        self._record("fields")
        for label, value in rows:
            self._record("field", label, value)
        self._parts.append(partial(_fields_table, [(label, value) for label, value in rows]))

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        col_widths: Sequence[float] | None = None,
    ) -> None:
        """Add a table that splits across pages and repeats its header.

        ``col_widths`` are relative weights (e.g. ``(1, 3)``) scaled to the page width.
        """
        widths = _column_widths(len(header), col_widths)
        if any(len(row) != len(header) for row in rows):
            raise ValueError("every table row needs one cell per header column")
        self._record("table", *header)
        for row in rows:
            self._record("row", *row)
        data = [list(header)] + [list(row) for row in rows]
        self._parts.append(partial(_data_table, data, widths))

    def image_png(
        self, png: bytes, caption: str, max_width_mm: float = 80, max_height_mm: float = 30
    ) -> None:
        """Add a PNG (e.g. a drawn signature) fitted into the box, with its caption below.

        An unreadable image is shown as "(image could not be read)" instead.
        """
        png = bytes(png)
        self._record("image", caption, png)
        size = _png_size(png)
        box = (max_width_mm * _MM, max_height_mm * _MM)
        self._parts.append(partial(_image_block, png, size, caption, box))

    def page_break(self) -> None:
        self._parts.append(lambda: [PageBreak()])

    def spacer(self, mm: float = 4) -> None:
        height = max(mm, 0.0) * _MM
        self._parts.append(lambda: [Spacer(1, height)])

    @property
    def fingerprint(self) -> str:
        """SHA-256 (hex) of the content added so far."""
        return self._digest.hexdigest()

    def render(self) -> RenderedReport:
        """Lay out the report, ending with its fingerprint, and return the PDF bytes."""
        fingerprint = self.fingerprint
        story = [flowable for part in self._parts for flowable in part()]
        story.append(_fingerprint_block(fingerprint))
        generated_at = self._generated_at or datetime.now().astimezone()
        pdf, pages = _build_pdf(story, partial(self._decorate_page, _timestamp(generated_at)))
        return RenderedReport(pdf, fingerprint, pages, bytes(self._content))

    def _record(self, kind: str, *fields: str | bytes) -> None:
        record = _encode_record(kind, fields)
        self._digest.update(record)
        self._content += record

    def _decorate_page(self, generated: str, canvas: Any, _doc: Any) -> None:
        """Draw the running header and the generation time (page numbers come later)."""
        width, height = _PAGE_SIZE
        top = height - 10 * _MM
        top -= _draw_text(canvas, _shorten(self._legend), "legend", top)
        heading = " · ".join(part for part in (self._title, self._subject) if part)
        _draw_text(canvas, _shorten(heading), "header", top - 1)
        canvas.saveState()
        canvas.setStrokeColor(_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(_CONTENT_X, height - 24 * _MM, width - _CONTENT_X, height - 24 * _MM)
        canvas.line(_CONTENT_X, 17 * _MM, width - _CONTENT_X, 17 * _MM)
        canvas.restoreState()
        _draw_text(canvas, f"Generated {generated}", "footer", 15 * _MM)


def _encode_record(kind: str, fields: Sequence[str | bytes]) -> bytes:
    """One content item: kind and fields separated by US (0x1F), ended by RS (0x1E).

    Text fields are clean_text() output in UTF-8, which never contains US or RS;
    binary fields are written as ``<decimal length>:<bytes>``.
    """
    encoded = [kind.encode()] + [_encode_field(field) for field in fields]
    return b"\x1f".join(encoded) + b"\x1e"


def _encode_field(field: str | bytes) -> bytes:
    if isinstance(field, bytes):
        return str(len(field)).encode() + b":" + field
    return clean_text(field).encode("utf-8")


def _timestamp(moment: datetime) -> str:
    """E.g. "Nov 25, 2025, 2:03 PM · times in EST (UTC-05:00)": the report names its zone once."""
    return f"{format_datetime(moment)} · times in {zone_label(moment)}"


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _HEADER_MAX_CHARS else flat[: _HEADER_MAX_CHARS - 1] + "…"


def _draw_text(canvas: Any, text: str, style: str, top: float) -> float:
    """Draw one header/footer paragraph with its top at ``top``; return its height."""
    paragraph = Paragraph(rich(text, bold=style == "legend"), _styles()[style])
    _, height = paragraph.wrapOn(canvas, _CONTENT_WIDTH, 40 * _MM)
    paragraph.drawOn(canvas, _CONTENT_X, top - height)
    return float(height)


class _PageCountingCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Holds every page until save() so each can say "Page x of y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR_FONT, 8)
            self.setFillColor(_GREY)
            self.drawRightString(_PAGE_SIZE[0] - _CONTENT_X, 12 * _MM, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _build_pdf(story: list[Flowable], on_page: Callable[[Any, Any], None]) -> tuple[bytes, int]:
    registered_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=_PAGE_SIZE,
        leftMargin=_MARGIN_X,
        rightMargin=_MARGIN_X,
        topMargin=_MARGIN_TOP,
        bottomMargin=_MARGIN_BOTTOM,
        title=METADATA_TITLE,
        author="Confide",
        subject="",
        creator="Confide",
        keywords=[],
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page, canvasmaker=_PageCountingCanvas)
    return buffer.getvalue(), int(doc.page)


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    registered_fonts()
    body = ParagraphStyle("body", fontName=REGULAR_FONT, fontSize=10, leading=13)
    small = ParagraphStyle("small", body, fontSize=8, leading=10, textColor=_GREY)
    return {
        "body": body,
        "cell": ParagraphStyle("cell", body, fontSize=9, leading=11.5),
        "title": ParagraphStyle("title", body, fontName=BOLD_FONT, fontSize=16, leading=20),
        "subject": ParagraphStyle("subject", body, fontSize=11, leading=14, spaceAfter=8),
        "h1": _heading_style("h1", body, 14),
        "h2": _heading_style("h2", body, 12),
        "h3": _heading_style("h3", body, 10.5),
        "caption": small,
        "header": small,
        "footer": small,
        "legend": ParagraphStyle(
            "legend", small, fontSize=8.5, textColor=_LEGEND_RED, alignment=TA_CENTER
        ),
    }


def _heading_style(name: str, body: ParagraphStyle, size: float) -> ParagraphStyle:
    return ParagraphStyle(
        name, body, fontSize=size, leading=size * 1.3, spaceBefore=8, spaceAfter=4, keepWithNext=1
    )


def _text_flowables(text: str, style_name: str, bold: bool = False) -> list[Flowable]:
    """User text as one Paragraph per line (long lines cut), blank lines as space."""
    style = _styles()[style_name]
    flowables: list[Flowable] = []
    for line in clean_text(text).split("\n"):
        if not line.strip():
            flowables.append(Spacer(1, style.leading))
            continue
        flowables.extend(Paragraph(rich(chunk, bold), style) for chunk in _chunks(line))
    return flowables or [Spacer(1, 0)]


def _chunks(line: str) -> Iterator[str]:
    """Cut ``line`` into pieces of at most _CHUNK_CHARS, at a space where possible."""
    while len(line) > _CHUNK_CHARS:
        cut = line.rfind(" ", _CHUNK_CHARS // 2, _CHUNK_CHARS)
        cut = cut if cut > 0 else _CHUNK_CHARS
        yield line[:cut]
        line = line[cut:]
    yield line


def _title_block(title: str, subject: str) -> list[Flowable]:
    styles = _styles()
    blocks = [Paragraph(rich(title, bold=True), styles["title"])]
    if subject:
        blocks.append(Paragraph(rich(subject), styles["subject"]))
    return blocks


def _heading(text: str, level: int) -> list[Flowable]:
    return [Paragraph(rich(text, bold=True), _styles()[f"h{level}"])]


def is_long(value: str) -> bool:
    """True when ``value`` is too long to sit in a table cell and must flow as paragraphs."""
    return len(value) > LONG_VALUE_CHARS or value.count("\n") >= LONG_VALUE_LINES


def _fields_table(rows: list[tuple[str, str]]) -> list[Flowable]:
    """Label/value rows; a long value gets a label row of its own, then flows below it."""
    widths = [_CONTENT_WIDTH * 0.32, _CONTENT_WIDTH * 0.68]
    flowables: list[Flowable] = []
    pending: list[list[Any]] = []
    for label, value in rows:
        if not is_long(value):
            pending.append([_text_flowables(label, "cell", True), _text_flowables(value, "cell")])
            continue
        if pending:
            flowables.append(_table(pending, widths, header_rows=0))
            pending = []
        flowables.extend(_long_value(label, value))
    if pending:
        flowables.append(_table(pending, widths, header_rows=0))
    return flowables


def _long_value(label: str, value: str) -> list[Flowable]:
    """A full-width label row, then the value as body paragraphs outside any table."""
    label_row = _table([[_text_flowables(label, "cell", True)]], [_CONTENT_WIDTH], 0)
    label_row.keepWithNext = 1
    return [label_row, *_text_flowables(value, "body"), Spacer(1, 2 * _MM)]


def _data_table(data: list[list[str]], widths: list[float]) -> list[Flowable]:
    """A table with a repeated header; a row with long cells is cut out of the grid.

    Such a row keeps its short cells in the table (long ones read "(full text below)"), and
    each long cell follows as a label row ("<column>, row n") and paragraphs; the table then
    resumes with its header.
    """
    header, *rows = data
    head = [_text_flowables(cell, "cell", bold=True) for cell in header]
    if not rows:
        return [_table([head], widths, 1), Paragraph(rich("(none)"), _styles()["caption"])]
    flowables: list[Flowable] = []
    pending: list[list[Any]] = []
    for number, row in enumerate(rows, start=1):
        long_cells = [(header[i], cell) for i, cell in enumerate(row) if is_long(cell)]
        shown = [MOVED_BELOW if is_long(cell) else cell for cell in row]
        pending.append([_text_flowables(cell, "cell") for cell in shown])
        if not long_cells:
            continue
        flowables.append(_table([head, *pending], widths, header_rows=1))
        pending = []
        for column, cell in long_cells:
            flowables.extend(_long_value(f"{column}, row {number}", cell))
    if pending:
        flowables.append(_table([head, *pending], widths, header_rows=1))
    return flowables


def _table(cells: list[list[Any]], widths: list[float], header_rows: int) -> Flowable:
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#E6E6E6")))
    table = Table(
        cells,
        colWidths=widths,
        repeatRows=header_rows,
        splitInRow=1,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=6,
    )
    table.setStyle(TableStyle(style))
    return table


def _column_widths(columns: int, weights: Sequence[float] | None) -> list[float]:
    if columns == 0:
        raise ValueError("a table needs at least one column")
    chosen = list(weights) if weights is not None else [1.0] * columns
    if len(chosen) != columns or any(weight <= 0 for weight in chosen):
        raise ValueError("col_widths needs one positive weight per column")
    total = sum(chosen)
    return [_CONTENT_WIDTH * weight / total for weight in chosen]


def _png_size(png: bytes) -> tuple[int, int] | None:
    """The PNG's pixel size if it decodes completely, else None (never raises)."""
    if len(png) < 24 or not png.startswith(_PNG_SIGNATURE) or png[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", png[16:24])
    if not 0 < width * height <= _MAX_IMAGE_PIXELS:
        return None
    try:
        ImageReader(io.BytesIO(png)).getRGBData()  # decode it all now, not mid-layout
    except Exception:  # Pillow raises many kinds for damaged data
        return None
    return width, height


def _image_block(
    png: bytes, size: tuple[int, int] | None, caption: str, box: tuple[float, float]
) -> list[Flowable]:
    caption_style = _styles()["caption"]
    if size is None:
        shown = [Paragraph(rich(IMAGE_UNREADABLE), _styles()["body"])]
    else:
        scale = min(box[0] / size[0], box[1] / size[1])
        image = Image(io.BytesIO(png), width=size[0] * scale, height=size[1] * scale)
        image.hAlign = "LEFT"
        shown = [image]
    return [KeepTogether([*shown, Paragraph(rich(caption), caption_style), Spacer(1, 2 * _MM)])]


def _fingerprint_block(fingerprint: str) -> Flowable:
    styles = _styles()
    note = (
        "Computed by Confide over this report's text and images, in order; page headers, "
        "footers and the generation time are not included."
    )
    return KeepTogether(
        [
            Spacer(1, 6 * _MM),
            Paragraph(rich(f"{FINGERPRINT_LABEL} {fingerprint}"), styles["cell"]),
            Paragraph(rich(note), styles["caption"]),
        ]
    )
