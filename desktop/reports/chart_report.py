"""The client chart: the whole record of one client as one paginated PDF (45 CFR 164.524).

Demographics, guardian and emergency contacts, contact permissions, consents (version,
hashes, signatures, the text as signed), releases, progress notes in date order,
incidents (a summary each, pointing to the incident report for counsel), disclosures and
addenda. Psychotherapy notes are left out unless chosen, and the chart says so either way.
Page x of y, the legend, escaping and the content fingerprint come from ReportBuilder.
"""

from __future__ import annotations

from datetime import datetime

from desktop.contact_permissions import describe
from desktop.domain import ExceptionType, InformationCategory, RecipientRole
from desktop.local_time import NOT_RECORDED, format_date, format_moment
from desktop.reports.consent_report import add_signed_text
from desktop.reports.document import RenderedReport, ReportBuilder
from desktop.reports.output import ReportSigning
from desktop.workflow.chart_views import (
    Chart,
    ChartDisclosure,
    ChartIncident,
    ChartNote,
)
from desktop.workflow.consent_views import ConsentView
from desktop.workflow.release_views import ReleaseView

TITLE = "Client chart"
SIGNING = ReportSigning(TITLE, "Client record (chart)")
LEGEND = "CONFIDENTIAL — CONTAINS PROTECTED HEALTH INFORMATION"
NONE = "None"
NOTES_LEFT_OUT = (
    "Psychotherapy notes are not part of this chart. They are kept apart from the rest of "
    "the record and are excluded from a client's right of access (45 CFR 164.524(a)(1)(i)); "
    "they are released only when chosen explicitly."
)
NOTES_INCLUDED = (
    "Psychotherapy notes are included in this chart because they were chosen explicitly. "
    "Releasing them to anyone but the client needs the client's specific authorization or "
    "another basis in 45 CFR 164.508(a)(2). General information, not legal advice."
)


def build_chart_report(chart: Chart, *, generated_at: datetime | None = None) -> RenderedReport:
    """Lay out the chart of one client and render it to PDF bytes in memory."""
    client = chart.client
    builder = ReportBuilder(
        TITLE,
        LEGEND,
        f"Client: {client.display_name}",
        generated_at=generated_at,
    )
    _scope(builder, chart)
    _demographics(builder, chart)
    _consents(builder, chart.consents)
    _releases(builder, chart.releases)
    _notes(builder, chart)
    _incidents(builder, chart.incidents)
    _disclosures(builder, chart.disclosures)
    _addenda(builder, chart)
    return builder.render()


# ----- sections ---------------------------------------------------------------------------


def _scope(builder: ReportBuilder, chart: Chart) -> None:
    period = (
        f"Records dated on or after {format_date(chart.since)}; demographics as they are now."
        if chart.since
        else "The whole record."
    )
    builder.fields(
        [
            ("What this chart covers", period),
            ("Consents", str(len(chart.consents))),
            ("Releases", str(len(chart.releases))),
            ("Notes", str(len(chart.notes))),
            ("Incidents", str(len(chart.incidents))),
            ("Disclosures", str(len(chart.disclosures))),
            ("Addenda", str(len(chart.addenda))),
        ]
    )
    builder.paragraph(NOTES_INCLUDED if chart.psychotherapy_notes_included else NOTES_LEFT_OUT)


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def _demographics(builder: ReportBuilder, chart: Chart) -> None:
    data = chart.client.data
    builder.heading("Demographics")
    birth = format_date(data.date_of_birth) if data.date_of_birth else NOT_RECORDED
    builder.fields(
        [
            ("First name", data.first_name),
            ("Last name", data.last_name),
            ("Preferred name", data.preferred_name or NONE),
            ("Date of birth", birth + (" (a minor)" if chart.client.is_minor else "")),
            ("Email", data.email or NONE),
            ("Phone", data.phone or NONE),
            ("Address", data.address or NONE),
            ("Insurance payer", data.insurance_payer or NONE),
            ("Insurance member ID", data.insurance_member_id or NONE),
            ("Self-pay restriction (45 CFR 164.522(a)(1)(vi))", _yes(data.self_pay_restriction)),
            ("Restriction notes", data.restriction_notes or NONE),
            ("Archived", _yes(chart.client.archived)),
        ]
    )
    if data.guardian_name:
        builder.heading("Parent, guardian or personal representative", 2)
        builder.fields(
            [
                ("Name", data.guardian_name),
                ("Relationship", data.guardian_relationship or NONE),
                ("Phone", data.guardian_phone or NONE),
                ("Authority", data.guardian_authority or NONE),
            ]
        )
    builder.heading("Emergency contacts", 2)
    rows = [(c.name, c.relationship, c.phone) for c in data.emergency_contacts]
    builder.table(("Name", "Relationship", "Phone"), rows, col_widths=(2, 1.5, 1.5))
    builder.heading("Contact permissions", 2)
    builder.fields(
        [
            *((c.label, describe(p)) for c, p in data.contact.by_channel().items()),
            ("Contact notes", data.contact_notes or NONE),
        ]
    )


def _consents(builder: ReportBuilder, consents: tuple[ConsentView, ...]) -> None:
    builder.heading(f"Consents ({len(consents)})")
    if not consents:
        builder.paragraph("No signed consent on file.")
    for consent in consents:
        builder.heading(f"Consent #{consent.id}: {consent.title}", 2)
        builder.fields(_consent_rows(consent))
        builder.image_png(
            consent.signature_png,
            f"Signature of {consent.signer_name}, {format_moment(consent.signed_at)}",
        )
        if consent.guardian_signature_png:
            builder.image_png(
                consent.guardian_signature_png, f"Signature of {consent.guardian_name}"
            )
        if consent.practitioner_signature_png:
            builder.image_png(
                consent.practitioner_signature_png,
                f"Countersignature of {consent.practitioner_name}",
            )
        builder.heading("The text as signed", 3)
        add_signed_text(builder, consent.rendered_text)


def _consent_rows(consent: ConsentView) -> list[tuple[str, str]]:
    revocation = consent.revocation
    revoked = (
        f"Revoked {format_moment(revocation.revoked_at)}. {revocation.reason}".strip()
        if revocation
        else "In effect"
    )
    intact = "matches" if consent.text_intact else "DOES NOT MATCH"
    return [
        ("Status", revoked),
        ("Template and version", f"{consent.template_key}, version {consent.template_version}"),
        ("Template hash (SHA-256)", consent.template_hash),
        ("Signed text hash (SHA-256)", f"{consent.rendered_hash} ({intact} the stored text)"),
        ("Limits of confidentiality explained", ", ".join(lim.label for lim in consent.limits)),
        ("Read to the end at", format_moment(consent.read_to_end_at)),
        ("Signed by", consent.signer_name),
        ("Signed at", format_moment(consent.signed_at)),
        ("Parent or guardian", consent.guardian_name or NONE),
        ("Witness", consent.witness_name or NONE),
        ("Practitioner", consent.practitioner_name),
        ("Countersigned at", format_moment(consent.countersigned_at)),
    ]


def _releases(builder: ReportBuilder, releases: tuple[ReleaseView, ...]) -> None:
    builder.heading(f"Releases of information ({len(releases)})")
    if not releases:
        builder.paragraph("No release on file.")
    for release in releases:
        builder.heading(f"Release #{release.id} to {release.recipient_name}", 2)
        builder.fields(_release_rows(release))
        if release.signature_png:
            builder.image_png(release.signature_png, f"Signature of {release.signer_name}")


def _release_rows(release: ReleaseView) -> list[tuple[str, str]]:
    expiry = " or ".join(
        part
        for part in (
            format_date(release.expires_on) if release.expires_on else "",
            release.expiry_event,
        )
        if part
    )
    revoked = (
        f"Revoked {format_moment(release.revoked_at)}. {release.revocation_reason}".strip()
        if release.revoked_at
        else "Not revoked"
    )
    intact = "matches" if release.text_intact else "DOES NOT MATCH"
    return [
        ("Recipient", f"{release.recipient_name} ({_role(release.recipient_role)})"),
        ("Recipient address", release.recipient_address or NONE),
        ("Information to be released", release.information_description),
        ("Includes psychotherapy notes", _yes(release.includes_psychotherapy_notes)),
        ("Who may disclose", release.who_may_disclose),
        ("Purpose", release.purpose),
        ("Expires", expiry or NONE),
        ("Signed by", release.signer_name),
        ("Personal representative's authority", release.personal_representative_authority or NONE),
        ("Signed at", format_moment(release.signed_at)),
        ("Status", revoked),
        ("Signed text hash (SHA-256)", f"{release.rendered_hash} ({intact} the stored text)"),
    ]


def _role(code: str) -> str:
    try:
        return RecipientRole(code).label
    except ValueError:
        return code


def _notes(builder: ReportBuilder, chart: Chart) -> None:
    builder.heading(f"Notes ({len(chart.notes)}), in date order")
    if not chart.psychotherapy_notes_included:
        left_out = chart.psychotherapy_notes_left_out
        builder.paragraph(
            f"Psychotherapy notes are left out of this chart ({left_out} not shown)."
            if left_out
            else "Psychotherapy notes are left out of this chart."
        )
    if not chart.notes:
        builder.paragraph("No notes in this chart.")
    for note in chart.notes:
        builder.heading(_note_heading(note), 3)
        builder.paragraph(note.body)


def _note_heading(note: ChartNote) -> str:
    kind = "Psychotherapy note" if note.kind.value == "psychotherapy" else "Progress note"
    return f"{kind} of {format_date(note.session_date)} (note #{note.id})"


def _incidents(builder: ReportBuilder, incidents: tuple[ChartIncident, ...]) -> None:
    builder.heading(f"Incidents ({len(incidents)})")
    if not incidents:
        builder.paragraph("No break-confidentiality incident recorded.")
        return
    builder.paragraph(
        "Each incident is summarized here. Its full record (every step, the review, "
        "consultations, evidence and the audit trail) is in its incident report for counsel "
        "(exported from the incident's workflow window, or with confide report incident ID)."
    )
    for incident in incidents:
        builder.heading(f"Incident #{incident.id}: {_exception(incident.exception_type)}", 2)
        builder.fields(_incident_rows(incident))


def _exception(code: str) -> str:
    try:
        return ExceptionType(code).label
    except ValueError:
        return code


def _incident_rows(incident: ChartIncident) -> list[tuple[str, str]]:
    if incident.finalized_at is None:
        state = f"Open, at {incident.current_step.label}"
    else:
        state = f"Finalized {format_moment(incident.finalized_at)} by {incident.finalized_by}"
    return [
        ("Title", incident.title or _exception(incident.exception_type)),
        ("Opened", format_moment(incident.opened_at)),
        ("State", state),
        ("Outcome", incident.outcome.replace("_", " ") or "Not decided yet"),
        ("Content hash (SHA-256)", incident.content_hash or "None yet (set at sign-off)"),
        ("Full record", f"Incident report for counsel, incident #{incident.id}"),
    ]


def _disclosures(builder: ReportBuilder, disclosures: tuple[ChartDisclosure, ...]) -> None:
    builder.heading(f"Disclosures ({len(disclosures)})")
    if not disclosures:
        builder.paragraph("No disclosure recorded.")
    for number, item in enumerate(disclosures, start=1):
        builder.heading(f"Disclosure {number} (record #{item.id})", 3)
        builder.fields(_disclosure_rows(item))


def _disclosure_rows(item: ChartDisclosure) -> list[tuple[str, str]]:
    source = (
        f"Incident #{item.incident_id}"
        if item.incident_id
        else f"Release #{item.release_id}"
        if item.release_id
        else "Recorded directly"
    )
    return [
        ("Date and time", format_moment(item.disclosed_at)),
        ("Recipient", f"{item.recipient_name} ({_role(item.recipient_role)})"),
        ("Recipient address", item.recipient_address or NONE),
        ("Method", item.method.replace("_", " ").capitalize()),
        ("Categories", ", ".join(_category(c) for c in item.categories)),
        ("What was disclosed", item.description),
        ("Purpose", item.purpose),
        ("Legal basis", item.legal_basis.citation),
        ("In the accounting of disclosures", _yes(item.legal_basis.accountable)),
        ("Recorded under", source),
    ]


def _category(code: str) -> str:
    try:
        return InformationCategory(code).label
    except ValueError:
        return code


def _addenda(builder: ReportBuilder, chart: Chart) -> None:
    builder.heading(f"Addenda ({len(chart.addenda)})")
    if not chart.addenda:
        builder.paragraph("No addenda.")
    for item in chart.addenda:
        addendum = item.addendum
        builder.heading(
            f"{item.about}: addendum of {format_moment(addendum.created_at)} by {addendum.author}",
            3,
        )
        builder.paragraph(addendum.text)
