"""Releases of information: the client's written authorization to share (45 CFR 164.508).

A release stores every element a valid authorization needs and the exact authorization
text the client signed (the bundled text, filled in) with its hash. It can only be
revoked, once. Disclosures made under it go through desktop.services.accounting.disclosures with
the legal basis "authorization", which keeps them out of the accounting (164.528(a)(1)(iv)).

Psychotherapy notes: an authorization for them may not be combined with one for other
information (164.508(b)(3)(ii)). A release either covers psychotherapy notes and says so
in its description, or it does not cover them; disclosures are checked against that.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.consent_text import bundled_release_text, content_hash, render
from desktop.domain import LegalBasis, RecipientRole
from desktop.errors import NotFoundError, UserInputError, WorkflowError
from desktop.local_time import format_long_date
from desktop.models import Client, Disclosure, Release
from desktop.models.client import display_name
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.service import load_client
from desktop.services.consents.service import client_legal_name, client_names
from desktop.services.practice.practitioner import PractitionerService
from desktop.services.signing.checks import check_signature_png, name_matches
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import validation as v
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.release_views import (
    DisclosureDetails,
    ReleaseInput,
    ReleaseQueue,
    ReleaseSummary,
    ReleaseView,
    is_active,
    refusal,
    release_view,
    scope_refusal,
)

__all__ = [
    "DisclosureDetails",
    "ReleaseInput",
    "ReleaseService",
    "ReleaseSummary",
    "ReleaseView",
    "is_active",
]

NOTES_WORDS = "psychotherapy note"
_NOTHING_RECORDED = "Nothing was recorded."


class ReleaseService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def create(self, data: ReleaseInput) -> int:
        """Store a signed release with its filled-in authorization text; audited as SIGN."""
        clean = _validated(data)
        if not clean.who_may_disclose:
            profile = PractitionerService(self._vault).require()
            clean = replace(clean, who_may_disclose=profile.full_name)
        with self._vault.session() as session:
            client = load_client(session, clean.client_id)
            clean = _with_signer_authority(clean, client)
            text = _authorization_text(clean, client)
            row = _new_release(clean, text)
            session.add(row)
            session.flush()
            audit.record(
                session,
                audit.AuditAction.SIGN,
                actor=self._vault.actor,
                entity_type="release",
                entity_id=row.id,
                client_id=client.id,
            )
            return row.id

    def revoke(self, release_id: int, revoked_at: datetime, reason: str = "") -> None:
        """Record the client's revocation; sharing under the release stops from that moment."""
        when = v.not_future(revoked_at, "Date and time of the revocation")
        why = v.optional_text(reason, "Reason", 20_000).strip()
        with self._vault.session() as session:
            row = _load_release(session, release_id)
            if row.revoked_at is not None:
                raise WorkflowError("This release has already been revoked.")
            if when < row.signed_at:
                raise UserInputError("The revocation cannot be earlier than the signature.")
            row.revoked_at = when
            row.revocation_reason = why
            audit.record(
                session,
                audit.AuditAction.REVOKE,
                actor=self._vault.actor,
                entity_type="release",
                entity_id=release_id,
                client_id=row.client_id,
            )

    def get(self, release_id: int) -> ReleaseView:
        with self._vault.session() as session:
            row = _load_release(session, release_id)
            return release_view(row, _uses(session, [row.id]).get(row.id, 0))

    def for_client(self, client_id: int) -> list[ReleaseView]:
        """The client's releases, newest first."""
        with self._vault.session() as session:
            load_client(session, client_id)
            query = (
                select(Release)
                .where(Release.client_id == client_id)
                .order_by(Release.signed_at.desc(), Release.id.desc())
            )
            rows = list(session.scalars(query))
            uses = _uses(session, [row.id for row in rows])
            return [release_view(row, uses.get(row.id, 0)) for row in rows]

    @staticmethod
    def is_active(release: ReleaseView, on: date | None = None) -> bool:
        return is_active(release, on)

    def expiring_within(
        self, days: int = 30, *, today: date | None = None, limit: int | None = None
    ) -> list[ReleaseSummary]:
        """Releases of active clients that are still in effect and expire within ``days``,
        soonest first (the first ``limit`` of them)."""
        return self.expiring_queue(days, limit, today=today).rows

    def expiring_queue(
        self, days: int, limit: int | None, *, today: date | None = None
    ) -> ReleaseQueue:
        """How many releases expire within ``days``, and the first ``limit``: one statement."""
        start = today or date.today()
        end = start + timedelta(days=days)
        query = (
            select(
                Release.id,
                Release.client_id,
                Release.recipient_name,
                Release.expires_on,
                Client.first_name,
                Client.last_name,
                Client.preferred_name,
                func.count().over().label("total"),
            )
            .join(Client, Client.id == Release.client_id)
            .where(
                # Not indexable on purpose: SQLite then walks the releases by expiry day and
                # looks each client up, instead of scanning every active client (40 ms at
                # 10,000 clients, 0.9 s at 100,000) for the few releases that expire.
                func.coalesce(Client.archived, False).is_(False),
                Release.revoked_at.is_(None),
                Release.expires_on.is_not(None),
                Release.expires_on >= start,
                Release.expires_on <= end,
            )
            .order_by(Release.expires_on, Release.id)
            .limit(limit)
        )
        with self._vault.session() as session:
            found = list(session.execute(query))
        rows = [
            ReleaseSummary(
                id=row.id,
                client_id=row.client_id,
                client_display_name=display_name(row.first_name, row.last_name, row.preferred_name),
                recipient_name=row.recipient_name,
                expires_on=row.expires_on,
                days_left=(row.expires_on - start).days,
            )
            for row in found
        ]
        return ReleaseQueue(int(found[0].total) if found else 0, rows)

    def record_disclosure_under_release(self, release_id: int, details: DisclosureDetails) -> int:
        """Record one disclosure to the release's recipient.

        Refused, with nothing recorded, when the release was revoked, had expired or was
        not yet signed at the time of the disclosure, or does not cover psychotherapy notes
        that the disclosure includes (or covers only them and the disclosure has more).
        """
        when = v.not_future(details.disclosed_at, "Date and time of the disclosure")
        with self._vault.session() as session:
            release = release_view(_load_release(session, release_id))
            problem = refusal(release, when)
            if problem is not None:
                raise WorkflowError(problem, _NOTHING_RECORDED)
            _check_notes_scope(release, details)
            return add_disclosure(session, self._vault.actor, _disclosure(release, details, when))


# ----- helpers ------------------------------------------------------------------------------


def _validated(data: ReleaseInput) -> ReleaseInput:
    signed = v.not_future(data.signed_at, "Date and time of signing")
    description = v.required_text(
        data.information_description, "What information may be shared", 20_000
    )
    _check_notes_description(description, data.includes_psychotherapy_notes)
    event = v.optional_text(data.expiry_event, "Expiry event", 2000).strip()
    if data.expires_on is None and not event:
        raise UserInputError(
            "Enter when the release ends: an expiry date or an event (45 CFR 164.508(c)(1)(v)).",
        )
    if data.expires_on is not None and data.expires_on < signed.astimezone().date():
        raise UserInputError("The expiry date is before the date the release was signed.")
    signature = data.signature_png
    return replace(
        data,
        signed_at=signed,
        recipient_name=v.required_text(data.recipient_name, "Recipient name"),
        recipient_address=v.optional_text(data.recipient_address, "Recipient address", 2000),
        information_description=description,
        purpose=v.required_text(data.purpose, "Purpose", 20_000),
        who_may_disclose=v.optional_text(data.who_may_disclose, "Who may share", 300).strip(),
        expiry_event=event,
        signer_name=v.required_text(data.signer_name, "Signer's name", 200),
        personal_representative_authority=v.optional_text(
            data.personal_representative_authority, "Signer's authority", 2000
        ).strip(),
        signature_png=None if not signature else check_signature_png(signature, "The signature"),
    )


def _check_notes_description(description: str, for_notes: bool) -> None:
    names_notes = NOTES_WORDS in description.casefold()
    if for_notes and not names_notes:
        raise UserInputError(
            "A release for psychotherapy notes must say so in its description of what may be "
            "shared (45 CFR 164.508(c)(1)(i))."
        )
    if names_notes and not for_notes:
        raise UserInputError(
            "Psychotherapy notes need their own release, not combined with other information "
            "(45 CFR 164.508(b)(3)(ii)).",
            "Tick 'psychotherapy notes' and make a separate release for them.",
        )


def _with_signer_authority(data: ReleaseInput, client: Client) -> ReleaseInput:
    """A signer who is not the client needs a described authority (164.508(c)(1)(vi))."""
    if any(name_matches(data.signer_name, name) for name in client_names(client)):
        return data
    authority = data.personal_representative_authority
    if (
        not authority
        and client.guardian_name
        and name_matches(data.signer_name, client.guardian_name)
    ):
        authority = client.guardian_authority or client.guardian_relationship
    if not authority:
        raise UserInputError(
            "The signer is not the client: describe their authority to act for the client "
            "(for example parent of a minor or legal guardian), 45 CFR 164.508(c)(1)(vi)."
        )
    return replace(data, personal_representative_authority=authority)


def _expiry_text(data: ReleaseInput) -> str:
    if data.expires_on is not None and data.expiry_event:
        day = format_long_date(data.expires_on)
        return f"on {day}, or when {data.expiry_event}, whichever is first"
    if data.expires_on is not None:
        return f"on {format_long_date(data.expires_on)}"
    return f"when {data.expiry_event}"


def _authorization_text(data: ReleaseInput, client: Client) -> str:
    values = {
        "client_name": client_legal_name(client),
        "practitioner_name": data.who_may_disclose,
        "recipient_name": data.recipient_name,
        "recipient_address": data.recipient_address or "(not given)",
        "information_description": data.information_description,
        "purpose": data.purpose,
        "expiry": _expiry_text(data),
        "signer_name": data.signer_name,
        "personal_representative_authority": data.personal_representative_authority
        or "Not applicable: signed by the client.",
    }
    return render(bundled_release_text(), values)


def _new_release(data: ReleaseInput, text: str) -> Release:
    return Release(
        client_id=data.client_id,
        recipient_name=data.recipient_name,
        recipient_role=data.recipient_role.value,
        recipient_address=data.recipient_address,
        information_description=data.information_description,
        who_may_disclose=data.who_may_disclose,
        purpose=data.purpose,
        expires_on=data.expires_on,
        expiry_event=data.expiry_event,
        includes_psychotherapy_notes=data.includes_psychotherapy_notes,
        rendered_text=text,
        rendered_hash=content_hash(text),
        signer_name=data.signer_name,
        personal_representative_authority=data.personal_representative_authority,
        signature_png=data.signature_png,
        signed_at=data.signed_at.astimezone(UTC),
    )


def _uses(session: Session, release_ids: list[int]) -> dict[int, int]:
    """Recorded disclosures per release: the release shows as "used" on each of them."""
    query = (
        select(Disclosure.release_id, func.count())
        .where(Disclosure.release_id.in_(release_ids))
        .group_by(Disclosure.release_id)
    )
    return {
        release_id: int(count)
        for release_id, count in session.execute(query)
        if release_id is not None
    }


def _load_release(session: Session, release_id: int) -> Release:
    row = session.get(Release, release_id)
    if row is None:
        raise NotFoundError(f"Release #{release_id} does not exist.")
    return row


def _check_notes_scope(release: ReleaseView, details: DisclosureDetails) -> None:
    problem = scope_refusal(release, details.categories)
    if problem is not None:
        raise WorkflowError(f"{problem}.", _NOTHING_RECORDED)


def _disclosure(
    release: ReleaseView, details: DisclosureDetails, when: datetime
) -> DisclosureInput:
    try:
        role = RecipientRole(release.recipient_role)
    except ValueError:
        role = RecipientRole.OTHER
    return DisclosureInput(
        client_id=release.client_id,
        disclosed_at=when,
        recipient_name=release.recipient_name,
        recipient_role=role,
        recipient_address=release.recipient_address,
        method=details.method,
        categories=details.categories,
        description=details.description,
        purpose=details.purpose or release.purpose,
        legal_basis=LegalBasis.AUTHORIZATION,
        release_id=release.id,
        report_number=details.report_number,
        recipient_response=details.recipient_response,
    )
