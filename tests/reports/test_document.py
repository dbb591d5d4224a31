"""The shared report builder and report output: literal text, paging, fingerprint, writing."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import struct
import time
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from desktop.errors import DiskFullError, UserInputError
from desktop.local_time import format_datetime, zone_label
from desktop.reports import output
from desktop.reports.document import (
    FINGERPRINT_LABEL,
    IMAGE_UNREADABLE,
    METADATA_TITLE,
    RenderedReport,
    ReportBuilder,
)
from desktop.reports.output import read_password_file, write_report
from desktop.storage.files import atomic_write_bytes

LEGEND = "PRIVILEGED AND CONFIDENTIAL — PREPARED FOR COUNSEL"
TITLE = "Incident report"
SUBJECT = "Client: Zoë Nguyễn"
WHEN = datetime(2025, 11, 25, 14, 3, tzinfo=timezone(timedelta(hours=-5)))
STAMP = format_datetime(WHEN)  # in the computer's locale and zone
ZONE = zone_label(WHEN)
VISIBLE = [
    "<b>",
    "&amp;",
    "<font size=40>",
    "<img src='/etc/passwd'>",
    '<a href="http://x">',
    "Zoë Nguyễn",
    "李小龙",
    "🙂",
]
FINGERPRINT = re.compile(re.escape(FINGERPRINT_LABEL) + r"\s*([0-9a-f]{64})")


def make_png(width: int = 60, height: int = 20) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    row = b"\x00" + bytes([20, 20, 120, 255]) * width
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def builder(title: str = TITLE, subject: str = SUBJECT) -> ReportBuilder:
    return ReportBuilder(title, LEGEND, subject, generated_at=WHEN)


def nasty_report() -> RenderedReport:
    report = builder()
    report.heading("What was said <b>")
    report.paragraph("\n".join(VISIBLE) + "\nbidi\u202eevil\u202c and NUL\x00here")
    report.fields([("Name <i>", "Zoë Nguyễn"), ("Note", "李小龙 🙂 &amp;")])
    return report.render()


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def long_report() -> RenderedReport:
    report = builder()
    report.paragraph("\n".join(f"Line {i}: " + "words " * 40 for i in range(200)))
    report.paragraph(" ".join(["unbroken"] * 30_000))  # one 270k-character line
    report.fields([("Statement", "\n".join(f"row {i} " + "x " * 60 for i in range(300)))])
    report.table(
        ["Date", "Recipient", "What was disclosed"],
        [[f"2025-01-{i % 28 + 1:02d}", f"Recipient {i}", "details " * 30] for i in range(120)],
        col_widths=(1, 2, 4),
    )
    return report.render()


@pytest.fixture(scope="module")
def nasty() -> RenderedReport:
    return nasty_report()


@pytest.fixture(scope="module")
def long() -> RenderedReport:
    return long_report()


def test_user_text_appears_literally(nasty: RenderedReport) -> None:
    text = "\n".join(page_texts(nasty.pdf))
    for visible in VISIBLE:
        assert visible in text
    assert "What was said <b>" in text
    assert "Name <i>" in text
    assert "bidievil and NULhere" in text
    assert "\u202e" not in text
    assert "\x00" not in text


def test_markup_in_user_text_makes_no_link_or_image(nasty: RenderedReport) -> None:
    for page in PdfReader(io.BytesIO(nasty.pdf)).pages:
        assert "/Annots" not in page
        assert len(page.images) == 0


def test_every_page_has_legend_title_and_page_x_of_n(long: RenderedReport) -> None:
    texts = page_texts(long.pdf)
    assert long.page_count == len(texts) > 3
    for number, text in enumerate(texts, start=1):
        assert LEGEND in text
        assert f"{TITLE} · {SUBJECT}" in text
        assert f"Page {number} of {len(texts)}" in text
        assert f"Generated {STAMP} · times in {ZONE}" in text


def test_long_content_spans_pages_quickly() -> None:
    started = time.perf_counter()
    report = long_report()
    assert report.page_count > 10
    assert time.perf_counter() - started < 20


def test_long_table_repeats_its_header(long: RenderedReport) -> None:
    pages_with_rows = [text for text in page_texts(long.pdf) if "Recipient 1" in text]
    assert len(pages_with_rows) > 1
    assert all("What was disclosed" in text for text in pages_with_rows)


def test_fingerprint_is_printed_on_the_last_page_only(nasty: RenderedReport) -> None:
    *others, last = page_texts(nasty.pdf)
    match = FINGERPRINT.search(last)
    assert match is not None
    assert match.group(1) == nasty.fingerprint
    assert all(FINGERPRINT_LABEL not in text for text in others)


def test_same_content_gives_same_fingerprint_regardless_of_layout_and_time() -> None:
    first = builder()
    first.paragraph("Same text")
    second = ReportBuilder(TITLE, LEGEND, SUBJECT, generated_at=datetime.now(UTC))
    second.spacer(20)
    second.paragraph("Same text")
    second.page_break()
    assert first.render().fingerprint == second.render().fingerprint


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.paragraph("Same text."),
        lambda r: r.heading("Same text"),
        lambda r: r.fields([("Same text", "")]),
        lambda r: r.table(["Same text"], []),
        lambda r: r.image_png(make_png(), "Same text"),
    ],
)
def test_different_content_gives_different_fingerprint(change: object) -> None:
    reference = builder()
    reference.paragraph("Same text")
    changed = builder()
    change(changed)  # type: ignore[operator]
    assert reference.fingerprint != changed.fingerprint


def test_fingerprint_separates_fields() -> None:
    one, two = builder(), builder()
    one.fields([("ab", "c")])
    two.fields([("a", "bc")])
    assert one.fingerprint != two.fingerprint


def test_image_is_embedded() -> None:
    report = builder()
    report.image_png(make_png(), "Signature of client")
    rendered = report.render()
    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert sum(len(page.images) for page in reader.pages) == 1
    assert "Signature of client" in reader.pages[0].extract_text()


@pytest.mark.parametrize(
    "png",
    [b"", b"not a png", make_png()[:60], make_png()[:33] + b"\x00" * 40, make_png(0, 10)],
    ids=["empty", "garbage", "truncated", "damaged", "zero-width"],
)
def test_unreadable_image_becomes_a_note(png: bytes) -> None:
    report = builder()
    report.image_png(png, "Signature of client")
    rendered = report.render()
    text = page_texts(rendered.pdf)[0]
    assert IMAGE_UNREADABLE in text
    assert "Signature of client" in text


def test_huge_image_dimensions_are_refused_without_decoding() -> None:
    report = builder()
    report.image_png(make_png(1, 1)[:16] + struct.pack(">II", 100_000, 100_000), "Bomb")
    assert IMAGE_UNREADABLE in page_texts(report.render().pdf)[0]


def test_metadata_has_no_user_text(nasty: RenderedReport) -> None:
    metadata = PdfReader(io.BytesIO(nasty.pdf)).metadata
    assert metadata is not None
    assert metadata.title == METADATA_TITLE
    values = " ".join(str(value) for value in metadata.values())
    for secret in ("Zoë", "Nguy", TITLE, "What was said"):
        assert secret not in values


def test_render_twice_gives_the_same_fingerprint_and_pages() -> None:
    report = builder()
    report.paragraph("text")
    report.table(["a"], [["b"]])
    first, second = report.render(), report.render()
    assert first.fingerprint == second.fingerprint
    assert first.page_count == second.page_count == 1


def test_bad_arguments_are_programming_errors() -> None:
    report = builder()
    with pytest.raises(ValueError, match="level"):
        report.heading("x", level=4)
    with pytest.raises(ValueError, match="col_widths"):
        report.table(["a", "b"], [], col_widths=(1,))
    with pytest.raises(ValueError, match="row"):
        report.table(["a", "b"], [["only one"]])
    with pytest.raises(ValueError, match="timezone"):
        ReportBuilder(TITLE, LEGEND, SUBJECT, generated_at=datetime(2025, 1, 1))


# --- output -----------------------------------------------------------------------------


def test_plain_write_is_private(tmp_path: Path, nasty: RenderedReport) -> None:
    target = tmp_path / "report.pdf"
    write_report(target, nasty.pdf)
    assert target.read_bytes() == nasty.pdf
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_encrypted_write_opens_only_with_the_password(
    tmp_path: Path, nasty: RenderedReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[bytes] = []

    def spy(path: Path, data: bytes) -> None:
        written.append(data)
        atomic_write_bytes(path, data)

    monkeypatch.setattr(output, "atomic_write_bytes", spy)
    target = tmp_path / "report.pdf"
    write_report(target, nasty.pdf, password="correct horse")

    assert written == [target.read_bytes()]  # the only bytes that reached the disk
    data = target.read_bytes()
    assert METADATA_TITLE.encode() not in data  # strings are encrypted too
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert not reader.decrypt("wrong")
    assert reader.decrypt("correct horse")
    assert "李小龙" in reader.pages[0].extract_text()
    assert reader.metadata is not None
    assert reader.metadata.title == METADATA_TITLE


def test_encryption_uses_aes_256(tmp_path: Path, nasty: RenderedReport) -> None:
    target = tmp_path / "report.pdf"
    write_report(target, nasty.pdf, password="pw")
    encrypt = PdfReader(target).trailer["/Encrypt"].get_object()
    assert isinstance(encrypt, DictionaryObject)
    assert (encrypt.get("/V"), encrypt.get("/R")) == (5, 6)  # AES-256, revision 6


def test_empty_password_is_refused_and_nothing_written(
    tmp_path: Path, nasty: RenderedReport
) -> None:
    with pytest.raises(UserInputError):
        write_report(tmp_path / "report.pdf", nasty.pdf, password="")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_plain_error(tmp_path: Path, nasty: RenderedReport) -> None:
    with pytest.raises(UserInputError, match="folder"):
        write_report(tmp_path / "missing" / "report.pdf", nasty.pdf, password="pw")
    assert list(tmp_path.iterdir()) == []


def test_failed_replace_leaves_no_temp_file_and_keeps_the_old_report(
    tmp_path: Path, nasty: RenderedReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old report")

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(DiskFullError):
        write_report(target, nasty.pdf, password="pw")
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]
    assert target.read_bytes() == b"old report"


@pytest.mark.parametrize(
    ("content", "password"),
    [
        (b"secret\n", "secret"),
        (b"secret\r\nsecond line\n", "secret"),
        (b"\xef\xbb\xbfwith bom", "with bom"),
        (b"  spaces kept  \n", "  spaces kept  "),
        ("pässwörd 李\n".encode(), "pässwörd 李"),
    ],
)
def test_read_password_file(tmp_path: Path, content: bytes, password: str) -> None:
    path = tmp_path / "pw.txt"
    path.write_bytes(content)
    assert read_password_file(path) == password


@pytest.mark.parametrize("content", [b"", b"\n", b"\r\nsecret\n", b"\xff\xfe\x00"])
def test_empty_or_unreadable_password_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "pw.txt"
    path.write_bytes(content)
    with pytest.raises(UserInputError):
        read_password_file(path)


def test_missing_password_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="does not exist"):
        read_password_file(tmp_path / "nope.txt")
