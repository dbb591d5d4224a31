"""The typed inputs and outputs of the consent service, and their conversion from rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.consent_text import content_hash
from desktop.domain import ConfidentialityLimit
from desktop.models import Addendum, Consent, ConsentRevocation, ConsentTemplate
from desktop.services.consents.templates import TemplateView, view_of
from desktop.storage import audit
from desktop.workflow.addenda import addendum_view
from desktop.workflow.consent_views import ConsentView, RevocationView


@dataclass(frozen=True)
class RenderedConsent:
    """A template version filled in for one client: show ``text`` in full, then sign it.

    ``expected_signers`` are the names the typed name may match (client, guardian);
    ``warnings`` are plain sentences the signing screen should show (e.g. a minor on the
    adult form).
    """

    client_id: int
    template: TemplateView
    text: str
    text_hash: str
    expected_signers: tuple[str, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class SignInput:
    """What the signing screen collected.

    ``rendered_text`` is exactly the text shown (RenderedConsent.text). ``read_to_end_at``
    is when the client reached its end; None means they did not, and signing is refused.
    ``signed_at`` defaults to now and ``countersigned_at`` to the signing time;
    ``practitioner_name`` defaults to the name in your profile.
    """

    client_id: int
    template_id: int
    rendered_text: str
    read_to_end_at: datetime | None
    signer_name: str
    signature_png: bytes
    practitioner_signature_png: bytes
    practitioner_name: str = ""
    countersigned_at: datetime | None = None
    guardian_name: str = ""
    guardian_relationship: str = ""
    guardian_signature_png: bytes | None = None
    witness_name: str = ""
    signed_at: datetime | None = None
    minor_consent_basis: str = ""
    """For a client under 18 at signing with no guardian signature: the statute under which
    they may consent alone (45 CFR 164.502(g)(3)(i))."""


@dataclass(frozen=True)
class ConsentListing:
    """A signed consent as a list shows it: no text, no signature images."""

    id: int
    title: str
    template_key: str
    template_version: int
    signed_at: datetime
    revoked: bool


def template_view(row: ConsentTemplate) -> TemplateView:
    return view_of(row)


def new_consent(data: SignInput, template: ConsentTemplate) -> Consent:
    """The row for a validated SignInput (times already checked and in UTC)."""
    assert data.read_to_end_at is not None and data.signed_at is not None
    return Consent(
        client_id=data.client_id,
        template_id=template.id,
        template_key=template.key,
        template_version=template.version,
        template_hash=template.content_hash,
        title=template.title,
        rendered_text=data.rendered_text,
        rendered_hash=content_hash(data.rendered_text),
        limits=list(template.limits),
        read_to_end_at=data.read_to_end_at,
        signer_name=data.signer_name,
        signature_png=data.signature_png,
        signed_at=data.signed_at,
        guardian_name=data.guardian_name,
        guardian_relationship=data.guardian_relationship,
        guardian_signature_png=data.guardian_signature_png,
        witness_name=data.witness_name,
        minor_consent_basis=data.minor_consent_basis,
        practitioner_name=data.practitioner_name,
        practitioner_signature_png=data.practitioner_signature_png,
        countersigned_at=data.countersigned_at,
    )


def consent_view(session: Session, row: Consent) -> ConsentView:
    revocation = session.scalars(
        select(ConsentRevocation).where(ConsentRevocation.consent_id == row.id)
    ).first()
    addenda = session.scalars(
        select(Addendum)
        .where(Addendum.consent_id == row.id)
        .order_by(Addendum.created_at, Addendum.id)
    )
    return ConsentView(
        id=row.id,
        client_id=row.client_id,
        template_id=row.template_id,
        template_key=row.template_key,
        template_version=row.template_version,
        template_hash=row.template_hash,
        title=row.title,
        rendered_text=row.rendered_text,
        rendered_hash=row.rendered_hash,
        text_intact=content_hash(row.rendered_text) == row.rendered_hash,
        limits=tuple(ConfidentialityLimit(name) for name in row.limits),
        read_to_end_at=row.read_to_end_at,
        signer_name=row.signer_name,
        signature_png=row.signature_png,
        signed_at=row.signed_at,
        guardian_name=row.guardian_name,
        guardian_relationship=row.guardian_relationship,
        guardian_signature_png=row.guardian_signature_png,
        witness_name=row.witness_name,
        minor_consent_basis=row.minor_consent_basis,
        practitioner_name=row.practitioner_name,
        practitioner_signature_png=row.practitioner_signature_png,
        countersigned_at=row.countersigned_at,
        revocation=None
        if revocation is None
        else RevocationView(revocation.revoked_at, revocation.reason, revocation.recorded_at),
        addenda=tuple(addendum_view(a) for a in addenda),
    )


def add_consent_addendum(session: Session, actor: str, consent: Consent, text: str) -> int:
    row = Addendum(client_id=consent.client_id, consent_id=consent.id, author=actor, text=text)
    session.add(row)
    session.flush()
    audit.record(
        session,
        audit.AuditAction.ADDENDUM,
        actor=actor,
        entity_type="consent",
        entity_id=consent.id,
        client_id=consent.client_id,
        detail={"addendum_id": row.id},
    )
    return row.id
