"""The typed inputs and outputs of the release service, and the validity rule of a release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.consent_text import content_hash
from desktop.domain import DisclosureMethod, InformationCategory, RecipientRole
from desktop.models import Release


@dataclass(frozen=True)
class ReleaseInput:
    """An authorization as the client signed it (the elements of 45 CFR 164.508(c)).

    One of ``expires_on`` and ``expiry_event`` is required (both may be given: the
    earlier ends it). ``who_may_disclose`` defaults to the name in your profile.
    ``personal_representative_authority`` is required when the signer is not the client.
    ``signature_png`` is optional: a release signed on paper is recorded without a drawn
    signature, and the paper original is kept.
    """

    client_id: int
    recipient_name: str
    recipient_role: RecipientRole
    information_description: str
    purpose: str
    signer_name: str
    signed_at: datetime
    recipient_address: str = ""
    who_may_disclose: str = ""
    expires_on: date | None = None
    expiry_event: str = ""
    includes_psychotherapy_notes: bool = False
    personal_representative_authority: str = ""
    signature_png: bytes | None = None


@dataclass(frozen=True)
class DisclosureDetails:
    """One disclosure made under a release; the recipient is the release's recipient.

    ``purpose`` defaults to the release's purpose.
    """

    disclosed_at: datetime
    method: DisclosureMethod
    categories: tuple[InformationCategory, ...]
    description: str
    purpose: str = ""
    report_number: str = ""
    recipient_response: str = ""


@dataclass(frozen=True)
class ReleaseView:
    id: int
    client_id: int
    recipient_name: str
    recipient_role: str
    recipient_address: str
    information_description: str
    who_may_disclose: str
    purpose: str
    expires_on: date | None
    expiry_event: str
    includes_psychotherapy_notes: bool
    rendered_text: str
    rendered_hash: str
    text_intact: bool
    signer_name: str
    personal_representative_authority: str
    signature_png: bytes | None
    signed_at: datetime
    revoked_at: datetime | None
    revocation_reason: str
    times_used: int = 0
    """How many recorded disclosures rest on this release (from any path)."""

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class ReleaseSummary:
    """A release about to expire, for the dashboard."""

    id: int
    client_id: int
    client_display_name: str
    recipient_name: str
    expires_on: date
    days_left: int


@dataclass(frozen=True)
class ReleaseQueue:
    """How many releases expire soon, and the first of them."""

    total: int
    rows: list[ReleaseSummary]


def release_view(row: Release, times_used: int = 0) -> ReleaseView:
    return ReleaseView(
        id=row.id,
        client_id=row.client_id,
        recipient_name=row.recipient_name,
        recipient_role=row.recipient_role,
        recipient_address=row.recipient_address,
        information_description=row.information_description,
        who_may_disclose=row.who_may_disclose,
        purpose=row.purpose,
        expires_on=row.expires_on,
        expiry_event=row.expiry_event,
        includes_psychotherapy_notes=row.includes_psychotherapy_notes,
        rendered_text=row.rendered_text,
        rendered_hash=row.rendered_hash,
        text_intact=content_hash(row.rendered_text) == row.rendered_hash,
        signer_name=row.signer_name,
        personal_representative_authority=row.personal_representative_authority,
        signature_png=row.signature_png,
        signed_at=row.signed_at,
        revoked_at=row.revoked_at,
        revocation_reason=row.revocation_reason,
        times_used=times_used,
    )


def is_active(release: ReleaseView, on: date | None = None) -> bool:
    """Whether the release may be used on day ``on`` (default today), in local dates.

    Not yet signed, past its expiry date, or revoked on or before that day: not active.
    An expiry *event* cannot be checked by Confide; revoke the release when it happens.
    """
    day = on or date.today()
    if day < release.signed_at.astimezone().date():
        return False
    if release.expires_on is not None and day > release.expires_on:
        return False
    return release.revoked_at is None or day < release.revoked_at.astimezone().date()


def refusal(release: ReleaseView, at: datetime) -> str | None:
    """Why a disclosure at ``at`` may not be made under this release, or None if it may."""
    if release.revoked_at is not None and at >= release.revoked_at:
        return "This release was revoked, so it cannot cover this disclosure."
    if release.expires_on is not None and at.astimezone().date() > release.expires_on:
        return "This release had expired by the date of this disclosure."
    if at < release.signed_at:
        return "The disclosure is dated before the client signed this release."
    return None


NOTES_ONLY = frozenset({InformationCategory.PSYCHOTHERAPY_NOTES, InformationCategory.IDENTITY})
"""What a psychotherapy-notes release may carry: the notes and who they are about."""


def release_refusal(release: ReleaseView, client_id: int, at: datetime) -> str | None:
    """Why this release cannot cover a disclosure about ``client_id`` at ``at``, or None."""
    if release.client_id != client_id:
        return "This release was signed for another client"
    problem = refusal(release, at)
    return problem.rstrip(".") if problem else None


def recipient_refusal(release: ReleaseView, recipient_name: str) -> str | None:
    """The release must name this recipient (45 CFR 164.508(c)(1)(iii)); case and spacing aside."""
    named = " ".join(release.recipient_name.split()).casefold()
    if " ".join(recipient_name.split()).casefold() != named:
        return "This release names another recipient, so it does not cover this one"
    return None


def scope_refusal(release: ReleaseView, categories: tuple[InformationCategory, ...]) -> str | None:
    """Psychotherapy notes need a notes release, which covers nothing else (164.508(b)(3)(ii))."""
    chosen = set(categories)
    if (
        InformationCategory.PSYCHOTHERAPY_NOTES in chosen
        and not release.includes_psychotherapy_notes
    ):
        return "This release does not cover psychotherapy notes (45 CFR 164.508(a)(2))"
    if release.includes_psychotherapy_notes and not chosen <= NOTES_ONLY:
        return (
            "This release covers psychotherapy notes only; other information needs its own "
            "release (45 CFR 164.508(b)(3)(ii))"
        )
    return None
