"""What signing and archiving a report cost (issue 19): ``python -m benchmarks.signing``.

For a short and a long report (rendered once by ReportBuilder) it times each step that
``write_signed_report`` adds after rendering: the archival rewrite (content records, sRGB
OutputIntent, XMP), the PAdES signature, the encrypted variant (content records + AES-256
+ signature) and ``verify_pdf``. The key is made by ``certificates.create_identity``, as
the vault makes it. Prints a Markdown table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from benchmarks.stats import timed_ms
from desktop.reports import archival
from desktop.reports.document import RenderedReport, ReportBuilder
from desktop.reports.pdf_signature import SignatureRequest, sign_pdf
from desktop.reports.verification import KnownCertificate, verify_pdf
from desktop.storage.certificates import Holder, create_identity

PASSWORD = "benchmark password"
_SENTENCE = "The client described the week, the plan we agreed on, and who to call if needed. "


@dataclass(frozen=True)
class Row:
    name: str
    pages: int
    size_kib: float
    samples: dict[str, list[float]]


def report(paragraphs: int) -> RenderedReport:
    """A report of ``paragraphs`` ~100-word paragraphs under headings, with a fields table."""
    builder = ReportBuilder("Incident report", "CONFIDENTIAL", "Client: Zoë Nguyễn (client #1)")
    for number in range(paragraphs):
        if number % 5 == 0:
            builder.heading(f"Section {number // 5 + 1}")
            builder.fields([("Recorded", "2026-11-29 10:00 UTC"), ("By", "Dr. Robin Vale")])
        builder.paragraph(_SENTENCE * 6)
    return builder.render()


def measure(paragraphs: int, runs: int) -> Row:
    rendered = report(paragraphs)
    made = create_identity(Holder("Dr. Robin Vale", "PhD", "PSY 1234", "CA"), datetime.now(UTC))
    request = SignatureRequest(made.certificate_der, made.private_key_der, "Prepared for counsel")
    info = archival.ArchivalInput(
        "Incident report",
        "Dr. Robin Vale",
        rendered.content,
        rendered.fingerprint,
        str(uuid.uuid4()),
        datetime.now(UTC),
    )
    archived = archival.prepare(rendered.pdf, info, None)
    signed = sign_pdf(archived, request)
    known = [KnownCertificate(made.certificate_der, "benchmark")]
    steps: dict[str, Callable[[], object]] = {
        "layout + render (for scale)": lambda: report(paragraphs),
        "archival (PDF/A) step": lambda: archival.prepare(rendered.pdf, info, None),
        "PAdES signature": lambda: sign_pdf(archived, request),
        "encrypted: records + AES-256 + signature": lambda: sign_pdf(
            archival.prepare(rendered.pdf, info, PASSWORD), request, PASSWORD
        ),
        "verify-report check": lambda: verify_pdf(signed, known),
    }
    samples = {name: timed_ms(work, runs) for name, work in steps.items()}
    return Row(f"{paragraphs} paragraphs", rendered.page_count, len(signed) / 1024, samples)


def markdown(rows: list[Row]) -> str:
    steps = list(rows[0].samples)
    lines = [
        "| Report | Pages | Signed size | " + " | ".join(steps) + " |",
        "|---" * (3 + len(steps)) + "|",
    ]
    for row in rows:
        medians = [f"{statistics.median(row.samples[s]):.0f} ms" for s in steps]
        lines.append(
            f"| {row.name} | {row.pages} | {row.size_kib:.0f} KiB | " + " | ".join(medians) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.signing")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="one small report, 2 runs")
    args = parser.parse_args(argv)
    sizes, runs = ((5,), 2) if args.quick else ((20, 400), args.runs)
    print(markdown([measure(size, runs) for size in sizes]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
