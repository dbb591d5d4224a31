"""The jurisdiction's abuse-reporting facts in plain words, saying "not known" where unsourced."""

from __future__ import annotations

from desktop.mandated_reporting import AbuseReporting
from desktop.workflow.views import AbuseRule

NOT_KNOWN = "Not known from a source for this jurisdiction"
UNKNOWN_AGENCY = (
    f"{NOT_KNOWN}. Call the state's protective-services hotline or local law enforcement, "
    "and check the statute."
)
UNKNOWN_DEADLINE = f"{NOT_KNOWN}. Report without delay: most states require an immediate report."


def abuse_rule(reporting: AbuseReporting) -> AbuseRule:
    """The review panel's abuse-reporting section."""
    return AbuseRule(
        agency=reporting.agency or UNKNOWN_AGENCY,
        deadline=deadline_text(reporting),
        citation=reporting.citation or NOT_KNOWN,
        known=reporting.known,
        notes=reporting.notes,
        hotline=reporting.hotline or "",
        written_report=_written(reporting),
        form=reporting.form or "",
        who_must_report=_who(reporting),
        tells_client=_tells_client(reporting),
        contested=reporting.contested,
        sources="; ".join(_source(s.title, s.url) for s in reporting.sources),
        last_reviewed=reporting.last_reviewed.isoformat(),
    )


def deadline_text(reporting: AbuseReporting) -> str:
    """The first-report timing: hours where known, the statute's words otherwise."""
    hours = reporting.deadline_hours
    if hours is not None:
        first = "Report immediately" if hours == 0 else f"Report within {hours} hours"
        return f"{first} ({reporting.oral_report})." if reporting.oral_report else f"{first}."
    if reporting.oral_report:
        return f"The statute says: {reporting.oral_report} (no hour count given)."
    return UNKNOWN_DEADLINE


def _written(reporting: AbuseReporting) -> str:
    hours = reporting.written_followup_hours
    if hours is not None:
        detail = f" ({reporting.written_report})" if reporting.written_report else ""
        return f"Within {hours} hours{detail}."
    return reporting.written_report or ""


def _who(reporting: AbuseReporting) -> str:
    mandated = reporting.mental_health_professionals_mandated
    if mandated is None:
        return "Whether mental-health professionals must report was not confirmed."
    if mandated:
        return "Mental-health professionals are mandated reporters."
    return "Mental-health professionals are not mandated reporters (a report may still be made)."


def _tells_client(reporting: AbuseReporting) -> str:
    notice = reporting.tells_client
    if not notice.known:
        return notice.notes
    must = "must" if notice.required else "need not"
    return f"The reporter {must} tell the client ({notice.citation}). {notice.notes}"


def _source(title: str, url: str | None) -> str:
    return f"{title} ({url})" if url else title
