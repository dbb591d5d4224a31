"""The signed-consent PDF: the full text as signed, the signatures, and how to verify them.

It holds the text the client read (rendered from the stored snapshot, headings in bold),
the signature images, names, dates and times (local with zone, and UTC), the template key,
version and hash, the hash of the signed text (re-checked now), any revocation and addenda.
"""

from __future__ import annotations

from datetime import datetime

from desktop.local_time import format_moment
from desktop.reports.document import RenderedReport, ReportBuilder
from desktop.reports.output import ReportSigning
from desktop.workflow.consent_views import ConsentView

TITLE = "Signed consent"
LEGEND = "CONFIDENTIAL — CONTAINS PROTECTED HEALTH INFORMATION"
SIGNING = ReportSigning(TITLE, "Signed consent record")


def build_consent_report(
    view: ConsentView, client_name: str, *, generated_at: datetime | None = None
) -> RenderedReport:
    """Lay out the consent report in memory."""
    builder = ReportBuilder(
        TITLE,
        LEGEND,
        f"Client: {client_name}",
        generated_at=generated_at,
    )
    _summary(builder, view)
    _signatures(builder, view)
    _revocation_and_addenda(builder, view)
    builder.page_break()
    builder.heading("The text as signed")
    add_signed_text(builder, view.rendered_text)
    return builder.render()


def _summary(builder: ReportBuilder, view: ConsentView) -> None:
    builder.heading(view.title)
    state = "Revoked" if view.revoked else "In effect"
    builder.fields(
        [
            ("Status", state),
            ("Form version", f"Version {view.template_version} of “{view.title}”"),
            ("Read to the end at", format_moment(view.read_to_end_at)),
            ("Signed at", format_moment(view.signed_at)),
            ("Typed name of signer", view.signer_name),
            ("Parent or guardian", _guardian(view)),
            ("Minor consenting alone under", view.minor_consent_basis or "Not applicable"),
            ("Witness", view.witness_name or "None"),
            ("Practitioner", view.practitioner_name),
            ("Countersigned at", format_moment(view.countersigned_at)),
        ]
    )
    builder.heading("Verification", 2)
    builder.paragraph(f"Template version hash (SHA-256): {view.template_hash}")
    builder.paragraph(f"Signed text hash (SHA-256): {view.rendered_hash}")
    builder.paragraph(_integrity(view))
    builder.heading("Limits of confidentiality this consent explains", 2)
    builder.table(
        ["#", "Limit"], [[str(n), lim.label] for n, lim in enumerate(view.limits, 1)], (1, 12)
    )


def _integrity(view: ConsentView) -> str:
    if view.text_intact:
        return "The stored text matches its hash: it is the text that was signed."
    return "WARNING: the stored text does not match its hash. Restore from a backup."


def _guardian(view: ConsentView) -> str:
    if not view.guardian_name:
        return "None"
    relation = f" ({view.guardian_relationship})" if view.guardian_relationship else ""
    return view.guardian_name + relation


def _signatures(builder: ReportBuilder, view: ConsentView) -> None:
    builder.heading("Signatures")
    builder.image_png(
        view.signature_png, f"Signature of {view.signer_name}, {format_moment(view.signed_at)}"
    )
    if view.guardian_signature_png:
        builder.image_png(view.guardian_signature_png, f"Signature of {view.guardian_name}")
    if view.practitioner_signature_png:
        builder.image_png(
            view.practitioner_signature_png,
            f"Countersignature of {view.practitioner_name}, {format_moment(view.countersigned_at)}",
        )


def _revocation_and_addenda(builder: ReportBuilder, view: ConsentView) -> None:
    if view.revocation is not None:
        builder.heading("Revocation")
        builder.fields(
            [
                ("Revoked at", format_moment(view.revocation.revoked_at)),
                ("Reason", view.revocation.reason or "None given"),
                ("Recorded at", format_moment(view.revocation.recorded_at)),
            ]
        )
    if view.addenda:
        builder.heading("Addenda")
        for addendum in view.addenda:
            builder.fields(
                [
                    ("Added at", format_moment(addendum.created_at)),
                    ("By", addendum.author),
                    ("Text", addendum.text),
                ]
            )


def add_signed_text(builder: ReportBuilder, text: str) -> None:
    """The stored text, line by line: "# " and "## " lines as headings, the rest as written."""
    block: list[str] = []
    for line in text.split("\n"):
        level = 1 if line.startswith("# ") else 2 if line.startswith("## ") else 0
        if not level:
            block.append(line)
            continue
        _flush(builder, block)
        builder.heading(line.lstrip("#").strip(), level + 1)
    _flush(builder, block)


def _flush(builder: ReportBuilder, block: list[str]) -> None:
    paragraph = "\n".join(block).strip("\n")
    if paragraph:
        builder.paragraph(paragraph)
    block.clear()
