"""Read-only panels: the guidance for the current step and the jurisdiction/review panel.

The guidance text is desktop/guidance.py's (desktop/resources/guidance/steps.json) and the review
panel's is the service's ReviewPanel (desktop/resources/jurisdictions); nothing legal is
written here.
Every string is HTML-escaped before it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.domain import ExceptionType, WorkflowStep
from desktop.guidance import guidance_notice, load_guidance
from desktop.ui.formatting import local_date, local_time
from desktop.ui.widgets.accessibility import named
from desktop.workflow.views import AbuseRule, ConsentStatus, ReviewPanel, StateRule


def _para(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _heading(text: str, level: int = 3) -> str:
    return f"<h{level}>{escape(text)}</h{level}>"


def _bullets(items: Iterable[str]) -> str:
    rows = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<ul>{rows}</ul>" if rows else ""


def _fields(rows: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<p><b>{escape(k)}:</b> {escape(v)}</p>" for k, v in rows if v)


class _ReadOnlyText(QTextBrowser):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, name)
        self.setOpenLinks(False)
        self.setTabChangesFocus(True)

    def plain_text(self) -> str:
        return self.toPlainText()


class GuidancePanel(_ReadOnlyText):
    """What to do and what to write on the current step, with the note for this exception."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Guidance for this step", parent)

    def show_step(self, step: WorkflowStep, exception: ExceptionType) -> None:
        guide = load_guidance()[step.value]
        note = guide.note_for(exception)
        parts = [
            _heading(guide.title),
            _para(guide.what_to_do),
            _heading("What to write", 4),
            _bullets(guide.what_to_write),
        ]
        if note:
            parts += [_heading(f"For {exception.label.lower()}", 4), _para(note)]
        parts.append(f"<p><i>{escape(guidance_notice())}</i></p>")
        self.setHtml("".join(parts))


class ReviewPanelView(_ReadOnlyText):
    """The jurisdiction's rule for this exception, the HIPAA and ethics bases, warnings, and
    whether the client's signed consent named this limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Jurisdiction and review panel", parent)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 14)

    def show_panel(self, panel: ReviewPanel) -> None:
        parts = [
            _heading(f"{panel.jurisdiction_name} ({panel.jurisdiction_code})"),
            _para(f"Rules last reviewed {local_date(panel.last_reviewed)}."),
            _state_rule(panel.state_rule),
            _abuse_rule(panel.abuse_rule),
            _heading("HIPAA basis", 4),
            _bullets(f"{b.citation}: {b.summary} ({b.applies_when})" for b in panel.hipaa_bases),
            _heading("Ethics codes", 4),
            _bullets(f"{e.code.value} {e.standard}: {e.summary}" for e in panel.ethics),
            _warnings(panel),
            _heading("Client's consent", 4),
            _consent(panel.consent),
            f"<p><i>{escape(panel.not_legal_advice)}</i></p>",
        ]
        self.setHtml("".join(parts))


def _state_rule(rule: StateRule | None) -> str:
    if rule is None:
        return ""
    rows = [
        ("Duty to warn or protect", rule.classification.capitalize()),
        ("Citation", rule.citation),
        ("What triggers it", rule.trigger),
        ("How it is discharged", rule.discharge),
        ("Confidence in this entry", rule.confidence),
        ("Sources disagree", "Yes" if rule.contested else ""),
        ("Notes", rule.notes),
    ]
    return _heading("State rule", 4) + _fields(rows)


def _abuse_rule(rule: AbuseRule | None) -> str:
    if rule is None:
        return ""
    return _heading("Abuse reporting", 4) + _fields(rule.rows())


def _warnings(panel: ReviewPanel) -> str:
    items = [f"{w.citation}: {w.text}" for w in panel.federal_warnings]
    items += list(panel.rule_warnings)
    return _heading("Warnings", 4) + _bullets(items) if items else ""


def _consent(consent: ConsentStatus) -> str:
    rows = [("Status", consent.sentence)]
    if consent.signed_at is not None:
        version = f", version {consent.template_version}" if consent.template_version else ""
        rows.append(("Consent", f"{consent.title}{version}"))
        rows.append(("Signed", local_time(consent.signed_at)))
    return _fields(rows)
