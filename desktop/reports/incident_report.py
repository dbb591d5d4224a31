"""The incident report for counsel: a complete, honest record of one break-confidentiality case.

Cover page, timeline, each step in order with who and when, the review panel, risk
assessment, options, consultations, legal counsel, client notification, every disclosure and
every attempt, the discharge-rule status, the rationale, sign-off and attestation, addenda and
the incident's audit trail. Page x of y, the legend and the content fingerprint come from
ReportBuilder, which escapes every string. Psychotherapy-note content is never included: the
incident holds none, and nothing here reads notes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from desktop.domain import StepStatus, WorkflowStep
from desktop.jurisdictions import NOT_LEGAL_ADVICE
from desktop.local_time import NOT_RECORDED, format_date, format_moment
from desktop.reports.document import RenderedReport, ReportBuilder
from desktop.reports.how_to_check import add_how_to_check
from desktop.reports.output import ReportSigning
from desktop.workflow.audit_labels import action_label, actor_label, record_label
from desktop.workflow.describe import field_sections, format_value
from desktop.workflow.discharge import no_duty_sentence
from desktop.workflow.engine import StepState
from desktop.workflow.exceptions import DutyRule, profile
from desktop.workflow.fields import ATTESTATION_TEXT, DisclosureDecision, DisclosureFields
from desktop.workflow.timeline import timeline
from desktop.workflow.views import DisclosureView, IncidentView, ReviewPanel

TITLE = "Incident report"
LEGEND = "PRIVILEGED AND CONFIDENTIAL — PREPARED FOR COUNSEL"
SIGNING = ReportSigning(TITLE, "Prepared for counsel")
Section = Callable[[ReportBuilder, IncidentView], None]


def build_incident_report(
    view: IncidentView,
    *,
    generated_at: datetime | None = None,
    certificate_fingerprint: str = "",
) -> RenderedReport:
    """Lay out the report for ``view`` and render it to PDF bytes in memory.

    With the signer's ``certificate_fingerprint`` it ends with "How to check this report".
    """
    builder = ReportBuilder(
        TITLE,
        LEGEND,
        f"Client: {view.client_display_name}",
        generated_at=generated_at,
    )
    _cover(builder, view)
    builder.page_break()
    _timeline(builder, view)
    for state in view.steps:
        builder.heading(f"Step {state.step.number}: {state.step.label}")
        _step_header(builder, state)
        _STEP_SECTIONS[state.step](builder, view)
    _addenda(builder, view)
    _audit_trail(builder, view)
    if certificate_fingerprint:
        add_how_to_check(builder, certificate_fingerprint)
    return builder.render()


# ----- cover and timeline -----------------------------------------------------------------


def _cover(builder: ReportBuilder, view: IncidentView) -> None:
    builder.heading(f"Incident #{view.id}: {view.exception_type.label}")
    who = view.practitioner
    clinician = ", ".join(part for part in (who.name, who.credentials) if part)
    review = view.review
    birth = format_date(view.client_date_of_birth) if view.client_date_of_birth else NOT_RECORDED
    rows = [
        ("Client", view.client_display_name),
        ("Date of birth", birth),
        ("Incident type", view.exception_type.label),
        ("Title", view.title or view.exception_type.label),
        ("Jurisdiction", f"{review.jurisdiction_name} ({review.jurisdiction_code})"),
        ("Clinician", clinician or NOT_RECORDED),
        ("License number", who.license_number or NOT_RECORDED),
        ("Opened", format_moment(view.opened_at)),
        ("Due", _due(view)),
        ("Status", _status_line(view)),
        ("Outcome", _outcome(view)),
        ("Content hash (SHA-256)", _hash_line(view)),
    ]
    builder.fields(rows)
    builder.spacer()
    builder.paragraph(
        "Prepared at the clinician's request for their lawyer. It contains client "
        "information disclosed for legal advice; do not forward it. Psychotherapy notes are "
        "never included."
    )


def _due(view: IncidentView) -> str:
    if view.due_at is None:
        return "No deadline recorded"
    late = " — OVERDUE" if view.overdue else ""
    return f"{format_moment(view.due_at)}{late}. {view.due_reason}".strip()


def _status_line(view: IncidentView) -> str:
    if view.finalized_at is None:
        return "Open (draft): not signed off; contents may still change."
    return f"Signed off and finalized {format_moment(view.finalized_at)} by {view.finalized_by}."


def _outcome(view: IncidentView) -> str:
    if view.outcome == DisclosureDecision.NOT_DISCLOSED.value:
        return "Decided not to disclose (see the rationale in step 7)."
    count = len(view.disclosures)
    return f"{count} disclosure(s) recorded." if count else "No disclosure recorded yet."


def _hash_line(view: IncidentView) -> str:
    if not view.content_hash:
        return "None yet (set at sign-off)"
    verdict = "matches the record" if view.hash_verified else "DOES NOT MATCH the record"
    return f"{view.content_hash} ({verdict} at export)"


def _timeline(builder: ReportBuilder, view: IncidentView) -> None:
    builder.heading("Timeline")
    rows = [(format_moment(event.at), event.what) for event in timeline(view)]
    builder.table(("When", "What"), rows, col_widths=(2, 3))


# ----- steps ------------------------------------------------------------------------------


def _step_header(builder: ReportBuilder, state: StepState) -> None:
    rows = [("Status", state.status.label)]
    if state.status is StepStatus.NOT_APPLICABLE:
        rows.append(("Reason it is not applicable", state.not_applicable_reason))
    if state.completed_at is not None:
        rows.append(("Recorded by", f"{state.completed_by}, {format_moment(state.completed_at)}"))
    if state.updated_at is not None:
        rows.append(("Last saved", format_moment(state.updated_at)))
    builder.fields(rows)
    hidden = "Attestation" if state.step is WorkflowStep.SIGN_OFF else None
    for title, content in field_sections(state.fields):
        if title:
            builder.heading(title, 3)
        builder.fields([row for row in content if row[0] != hidden])


def _situation(builder: ReportBuilder, view: IncidentView) -> None:
    if view.warnings:
        builder.heading("Cautions recorded for this case", 3)
        for warning in view.warnings:
            builder.paragraph(warning)


def _review(builder: ReportBuilder, view: IncidentView) -> None:
    _review_panel(builder, view.review)
    builder.heading("Options considered, chosen and rejected", 3)
    rows = [
        ("Chosen" if o.chosen else "Rejected", o.option, o.reason, format_moment(o.recorded_at))
        for o in view.options
    ]
    builder.table(("Decision", "Option", "Reason", "Recorded"), rows, col_widths=(1, 2, 4, 2))


def _review_panel(builder: ReportBuilder, panel: ReviewPanel) -> None:
    builder.heading(f"The rule in {panel.jurisdiction_name} (reviewed {panel.last_reviewed})", 3)
    rule = panel.state_rule
    if rule is not None:
        contested = " Sources disagree about this rule." if rule.contested else ""
        builder.fields(
            [
                ("Duty to warn or protect", rule.classification.capitalize()),
                ("Citation", rule.citation),
                ("Trigger", rule.trigger),
                ("How the duty is discharged", rule.discharge),
                ("Confidence in the data", f"{rule.confidence.capitalize()}.{contested}"),
                ("Notes", rule.notes),
            ]
        )
    if panel.abuse_rule is not None:
        builder.fields(panel.abuse_rule.rows())
    rows = [(b.citation, f"{b.applies_when} {b.summary}") for b in panel.hipaa_bases]
    builder.table(("HIPAA basis", "When and what"), rows, col_widths=(1, 4))
    ethics = [(f"{e.code.value} {e.standard}", e.summary) for e in panel.ethics]
    builder.table(("Ethics code", "Standard"), ethics, col_widths=(1, 4))
    for warning in panel.federal_warnings:
        builder.paragraph(f"{warning.citation}: {warning.text}")
    builder.fields(_consent_rows(panel))
    builder.paragraph(panel.not_legal_advice or NOT_LEGAL_ADVICE)


def _consent_rows(panel: ReviewPanel) -> list[tuple[str, str]]:
    consent = panel.consent
    rows = [("Client's consent", consent.sentence)]
    if consent.consent_id is not None:
        version = f", version {consent.template_version}" if consent.template_version else ""
        rows.append(("Consent on file", f"#{consent.consent_id}: {consent.title}{version}"))
        rows.append(("Signed", format_moment(consent.signed_at)))
    return rows


def _documentation(builder: ReportBuilder, view: IncidentView) -> None:
    rows = [
        (
            e.kind.label,
            format_moment(e.occurred_at) if e.occurred_at else "",
            e.source,
            e.content,
            _attachment(e.attachment_name, e.attachment_size, e.attachment_sha256),
        )
        for e in view.evidence
    ]
    header = ("Kind", "When", "Source", "Content", "Attachment")
    builder.table(header, rows, col_widths=(1.2, 1.6, 1.2, 4, 1.8))


def _attachment(name: str, size: int, digest: str) -> str:
    if not size:
        return ""
    return f"{name or 'attachment'} ({size:,} bytes; SHA-256 {digest})"


def _consultations(builder: ReportBuilder, view: IncidentView, legal: bool) -> None:
    rows = [
        (
            format_moment(c.consulted_at),
            f"{c.consultant_name}" + (f" ({c.consultant_role})" if c.consultant_role else ""),
            c.advice,
            format_value(c.identifying_info_shared),
        )
        for c in view.consultations
        if c.is_legal_counsel == legal
    ]
    header = ("When", "Who", "Advice", "Identifying information shared")
    builder.table(header, rows, col_widths=(2, 2, 4, 1.4))


def _consultation(builder: ReportBuilder, view: IncidentView) -> None:
    _consultations(builder, view, legal=False)


def _legal_counsel(builder: ReportBuilder, view: IncidentView) -> None:
    _consultations(builder, view, legal=True)


def _client_notification(builder: ReportBuilder, view: IncidentView) -> None:
    rows = [
        (format_moment(a.attempted_at), a.method.value.replace("_", " "), a.outcome.label, a.notes)
        for a in view.attempts
        if a.recipient_role.value == "client"
    ]
    if rows:
        builder.heading("Attempts to reach the client", 3)
        builder.table(("When", "Method", "Outcome", "Notes"), rows, col_widths=(2, 1, 1.4, 4))


def _disclosure(builder: ReportBuilder, view: IncidentView) -> None:
    decided = view.step(WorkflowStep.DISCLOSURE).fields
    assert isinstance(decided, DisclosureFields)
    if decided.decision is DisclosureDecision.NOT_DISCLOSED:
        builder.heading("Decision not to disclose", 3)
        builder.paragraph(decided.rationale or NOT_RECORDED)
    builder.heading(f"Disclosures ({len(view.disclosures)})", 3)
    for number, item in enumerate(view.disclosures, start=1):
        builder.fields(_disclosure_rows(number, item))
    builder.heading(f"Every attempt to reach someone ({len(view.attempts)})", 3)
    rows = [
        (
            format_moment(a.attempted_at),
            f"{a.recipient_name} ({a.recipient_role.label})",
            a.method.value.replace("_", " "),
            a.outcome.label,
            a.report_number,
            a.notes,
        )
        for a in view.attempts
    ]
    header = ("When", "Who", "Method", "Outcome", "Report number", "Notes")
    builder.table(header, rows, col_widths=(2, 2, 1, 1.2, 1.3, 2.5))
    _discharge(builder, view)


def _disclosure_rows(number: int, item: DisclosureView) -> list[tuple[str, str]]:
    return [
        (f"Disclosure {number}", f"{item.recipient_name} ({item.recipient_role.label})"),
        ("Address", item.recipient_address or NOT_RECORDED),
        ("Date and time", format_moment(item.disclosed_at)),
        ("Method", item.method.value.replace("_", " ").capitalize()),
        ("Categories of information", ", ".join(c.label for c in item.categories)),
        ("What was disclosed", item.description),
        ("Why (purpose)", item.purpose),
        ("Legal basis", f"{item.legal_basis.citation}" + _accountable(item.accountable)),
        ("Minimum-necessary justification", item.minimum_necessary or "Not required"),
        ("Report number", item.report_number or "None"),
        ("Recipient's response", item.recipient_response or NOT_RECORDED),
    ]


def _accountable(accountable: bool) -> str:
    return " (in the client's accounting of disclosures)" if accountable else ""


def _discharge(builder: ReportBuilder, view: IncidentView) -> None:
    rule = view.review.state_rule
    others = profile(view.exception_type).duty is DutyRule.PROTECT_OTHERS
    if rule is None or not (others or view.discharge_gaps):
        return
    builder.heading("Discharge of the duty to warn or protect", 3)
    disclosure = view.step(WorkflowStep.DISCLOSURE).fields
    no_duty = no_duty_sentence(disclosure) if isinstance(disclosure, DisclosureFields) else None
    acknowledged = getattr(
        view.step(WorkflowStep.SIGN_OFF).fields, "undischarged_acknowledgement", ""
    )
    if no_duty is not None:
        builder.paragraph(no_duty)
    elif view.discharge_gaps:
        for gap in view.discharge_gaps:
            builder.paragraph(gap)
        if acknowledged:
            builder.fields([("Clinician's acknowledgement of the undischarged duty", acknowledged)])
    elif rule.classification == "mandatory":
        builder.paragraph("The recorded disclosures meet the jurisdiction's discharge rule.")
    else:
        builder.paragraph(f"This jurisdiction's rule is {rule.classification}: no discharge rule.")
    builder.paragraph(NOT_LEGAL_ADVICE)


def _sign_off(builder: ReportBuilder, view: IncidentView) -> None:
    state = view.step(WorkflowStep.SIGN_OFF)
    attested = getattr(state.fields, "attestation", False)
    builder.heading("Attestation", 3)
    builder.paragraph(ATTESTATION_TEXT)
    signed = (
        f"Attested by {view.finalized_by}, {format_moment(view.finalized_at)}."
        if attested and view.finalized_at
        else "Not attested yet."
    )
    builder.paragraph(signed)


_STEP_SECTIONS: dict[WorkflowStep, Section] = {
    WorkflowStep.SITUATION: _situation,
    WorkflowStep.REVIEW: _review,
    WorkflowStep.DOCUMENTATION: _documentation,
    WorkflowStep.CONSULTATION: _consultation,
    WorkflowStep.LEGAL_COUNSEL: _legal_counsel,
    WorkflowStep.CLIENT_NOTIFICATION: _client_notification,
    WorkflowStep.DISCLOSURE: _disclosure,
    WorkflowStep.SIGN_OFF: _sign_off,
}


# ----- after sign-off ---------------------------------------------------------------------


def _addenda(builder: ReportBuilder, view: IncidentView) -> None:
    builder.heading(f"Addenda ({len(view.addenda)})")
    if not view.addenda:
        builder.paragraph("No addenda.")
    for addendum in view.addenda:
        builder.heading(f"Addendum of {format_moment(addendum.created_at)} by {addendum.author}", 3)
        builder.paragraph(addendum.text)


def _audit_trail(builder: ReportBuilder, view: IncidentView) -> None:
    builder.heading("Audit trail for this incident")
    rows = [
        (
            str(e.seq),
            format_moment(e.occurred_at),
            actor_label(e.actor),
            action_label(e.action),
            record_label(e.entity_type, e.entity_id),
            e.detail,
        )
        for e in view.audit_trail
    ]
    header = ("#", "When", "Who", "Action", "Record", "Detail")
    builder.table(header, rows, col_widths=(0.6, 2, 1.4, 1, 1.4, 2.6))
