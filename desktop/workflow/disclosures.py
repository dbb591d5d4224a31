"""One disclosure as entered: its typed input, the checks on it and its stored columns.

Every path that discloses (incident, release, insurance, court) builds a DisclosureInput; the
accounting service stores it (45 CFR 164.528).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from desktop.domain import (
    MINIMUM_NECESSARY_EXEMPT,
    PSYCHOTHERAPY_NOTES_BASES,
    DisclosureMethod,
    InformationCategory,
    LegalBasis,
    RecipientRole,
)
from desktop.errors import UserInputError
from desktop.workflow import validation as v


@dataclass(frozen=True)
class DisclosureInput:
    client_id: int
    disclosed_at: datetime
    recipient_name: str
    recipient_role: RecipientRole
    method: DisclosureMethod
    categories: tuple[InformationCategory, ...]
    description: str
    purpose: str
    legal_basis: LegalBasis
    minimum_necessary: str = ""
    recipient_address: str = ""
    incident_id: int | None = None
    release_id: int | None = None
    report_number: str = ""
    recipient_response: str = ""


def validated(data: DisclosureInput) -> DisclosureInput:
    """Check one disclosure; the message names the first missing or invalid item."""
    if not data.categories:
        raise UserInputError("Choose at least one category of information that was disclosed.")
    notes = InformationCategory.PSYCHOTHERAPY_NOTES in data.categories
    if notes and data.legal_basis not in PSYCHOTHERAPY_NOTES_BASES:
        raise UserInputError(
            "Psychotherapy notes need the client's authorization or a court order "
            "(45 CFR 164.508(a)(2)); a subpoena or this legal basis alone is not enough."
        )
    minimum = v.optional_text(data.minimum_necessary, "Minimum-necessary justification").strip()
    if not minimum and data.legal_basis not in MINIMUM_NECESSARY_EXEMPT:
        raise UserInputError(
            "Explain why what was disclosed was the minimum necessary (45 CFR 164.502(b))."
        )
    return replace(
        data,
        disclosed_at=v.not_future(data.disclosed_at, "Date and time of the disclosure"),
        recipient_name=v.required_text(data.recipient_name, "Recipient name"),
        recipient_address=v.optional_text(data.recipient_address, "Recipient address", 2000),
        description=v.required_text(data.description, "What was disclosed", v.MAX_LONG_TEXT),
        purpose=v.required_text(data.purpose, "Purpose", v.MAX_LONG_TEXT),
        minimum_necessary=minimum,
        report_number=v.optional_text(data.report_number, "Report number", 100).strip(),
        recipient_response=v.optional_text(data.recipient_response, "Recipient's response"),
        categories=tuple(dict.fromkeys(data.categories)),
    )


def disclosure_columns(clean: DisclosureInput) -> dict[str, object]:
    """The stored columns of one validated disclosure; accountability follows its legal basis."""
    return {
        "client_id": clean.client_id,
        "incident_id": clean.incident_id,
        "release_id": clean.release_id,
        "disclosed_at": clean.disclosed_at,
        "recipient_name": clean.recipient_name,
        "recipient_role": clean.recipient_role.value,
        "recipient_address": clean.recipient_address,
        "method": clean.method,
        "categories": [c.value for c in clean.categories],
        "description": clean.description,
        "purpose": clean.purpose,
        "legal_basis": clean.legal_basis,
        "accountable": clean.legal_basis.accountable,
        "minimum_necessary": clean.minimum_necessary,
        "psychotherapy_notes_included": InformationCategory.PSYCHOTHERAPY_NOTES in clean.categories,
        "report_number": clean.report_number,
        "recipient_response": clean.recipient_response,
    }
