"""Bulk rows for a synthetic vault: batches, the audit chain, consents, releases, disclosures."""

from __future__ import annotations

import functools
import io
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from PIL import Image, ImageDraw
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from benchmarks.corpus import TextMaker
from desktop.consent_text import bundled_release_text, bundled_templates, content_hash, render
from desktop.domain import DisclosureMethod, InformationCategory, LegalBasis, RecipientRole
from desktop.local_time import format_long_date
from desktop.models import AuditEvent, Consent, ConsentTemplate, Disclosure, Release
from desktop.services.clients.service import is_minor
from desktop.services.consents.templates import template_source
from desktop.storage import audit
from desktop.workflow import disclosures as disclosure_rules
from desktop.workflow.client_views import ClientInput

JURISDICTION_NAME = "California"
BATCH_ROWS = 5_000
_SIX_YEARS = 6 * 365


@dataclass(frozen=True)
class ClientFacts:
    client_id: int
    data: ClientInput
    created: datetime

    @property
    def legal_name(self) -> str:
        return f"{self.data.first_name} {self.data.last_name}"


class Batch:
    """Rows of one model, inserted with executemany every BATCH_ROWS rows.

    ``parents`` are the batches this one's foreign keys point into: they are flushed first.
    """

    def __init__(self, session: Session, model: type[Any], parents: tuple[Batch, ...] = ()) -> None:
        self._session = session
        self._model = model
        self._rows: list[dict[str, object]] = []
        self.parents = parents

    def add(self, **values: object) -> None:
        self._rows.append(values)
        if len(self._rows) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if self._rows:
            self._session.execute(insert(self._model), self._rows)
            self._rows = []


class AuditLog:
    """Audit events for bulk-created records, hash-chained exactly as desktop.storage.audit does."""

    def __init__(self, head: audit.ChainHead, actor: str, anchor: datetime) -> None:
        self._seq = head.count
        self._previous = head.last_hash
        self.actor = actor
        self._anchor = anchor
        self._rows: list[dict[str, object]] = []

    @classmethod
    def continuing(cls, session: Session, actor: str, anchor: datetime) -> AuditLog:
        return cls(audit.chain_head(session), actor, anchor)

    def add(
        self,
        action: str,
        entity_type: str,
        entity_id: int,
        client_id: int | None,
        detail: dict[str, object] | None = None,
    ) -> None:
        self._seq += 1
        event = AuditEvent(
            seq=self._seq,
            occurred_at=self._anchor + timedelta(microseconds=self._seq),
            actor=self.actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            client_id=client_id,
            detail=dict(detail or {}),
            prev_hash=self._previous,
        )
        event.hash = audit.hash_of(event)
        self._previous = event.hash
        columns = AuditEvent.__table__.columns.keys()
        self._rows.append({name: getattr(event, name) for name in columns if name != "id"})

    def flush(self, session: Session) -> None:
        for start in range(0, len(self._rows), BATCH_ROWS):
            session.execute(insert(AuditEvent), self._rows[start : start + BATCH_ROWS])
        self._rows = []


@dataclass
class Context:
    session: Session
    rng: random.Random
    text: TextMaker
    anchor: datetime
    log: AuditLog
    clients: list[ClientFacts]
    disclosures: Batch = field(init=False)
    disclosure_count: int = 0

    def __post_init__(self) -> None:
        self.disclosures = Batch(self.session, Disclosure)

    def log_actor(self) -> str:
        return self.log.actor

    def moment(self, within_days: int, *, before: datetime | None = None) -> datetime:
        end = before or self.anchor
        return end - timedelta(minutes=self.rng.randint(60, within_days * 24 * 60))

    def add_disclosure(self, data: disclosure_rules.DisclosureInput) -> int:
        """Validate with the service's own rules, then queue the row add_disclosure would store."""
        clean = disclosure_rules.validated(data)
        self.disclosure_count += 1
        self.disclosures.add(
            id=self.disclosure_count,
            **disclosure_rules.disclosure_columns(clean),
            recorded_at=clean.disclosed_at + timedelta(hours=2),
        )
        detail: dict[str, object] = {
            "incident_id": clean.incident_id,
            "release_id": clean.release_id,
        }
        self.log.add("disclose", "disclosure", self.disclosure_count, clean.client_id, detail)
        return self.disclosure_count


@functools.cache
def signature_png() -> bytes:
    """A small drawn-signature PNG (a wavy stroke), like the signing pad produces."""
    image = Image.new("L", (480, 140), 255)
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 70 + 35 * math.sin(x / 23.0) * math.cos(x / 71.0)) for x in range(440)]
    draw.line(points, fill=0, width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# ----- consents and releases ----------------------------------------------------------------


def consents(context: Context) -> None:
    """The bundled templates (version 1) and one signed consent per client."""
    templates = Batch(context.session, ConsentTemplate)
    created = context.anchor - timedelta(days=21 * 365)
    by_minor: dict[bool, tuple[int, Any, str]] = {}
    for template_id, text in enumerate(bundled_templates(), start=1):
        digest = content_hash(template_source(text))
        templates.add(
            id=template_id,
            key=text.key,
            version=1,
            title=text.title,
            body=text.body,
            limits=[limit.value for limit in text.limits],
            for_minor=text.for_minor,
            content_hash=digest,
            created_at=created,
        )
        context.log.add("create", "consent_template", template_id, None, {"key": text.key})
        by_minor.setdefault(text.for_minor, (template_id, text, digest))
    templates.flush()
    rows = Batch(context.session, Consent)
    for consent_id, client in enumerate(context.clients, start=1):
        _consent(context, rows, consent_id, client, by_minor, created)
    rows.flush()


def _consent(
    context: Context,
    rows: Batch,
    consent_id: int,
    client: ClientFacts,
    by_minor: dict[bool, tuple[int, Any, str]],
    effective: datetime,
) -> None:
    minor = is_minor(client.data.date_of_birth, client.created.date())
    template_id, template, digest = by_minor[minor if minor in by_minor else False]
    values = {
        "client_name": client.legal_name,
        "guardian_name": client.data.guardian_name or "(none recorded)",
        "practitioner_name": context.log_actor(),
        "practitioner_credentials": "PsyD, Licensed Psychologist",
        "jurisdiction_name": JURISDICTION_NAME,
        "effective_date": format_long_date(effective.date()),
        "today": format_long_date(client.created.date()),
    }
    rendered = render(template.body, values)
    signed = client.created + timedelta(minutes=20)
    rows.add(
        id=consent_id,
        client_id=client.client_id,
        template_id=template_id,
        template_key=template.key,
        template_version=1,
        template_hash=digest,
        title=template.title,
        rendered_text=rendered,
        rendered_hash=content_hash(rendered),
        limits=[limit.value for limit in template.limits],
        read_to_end_at=signed - timedelta(minutes=3),
        signer_name=client.data.guardian_name if minor else client.legal_name,
        signature_png=signature_png(),
        signed_at=signed,
        guardian_name=client.data.guardian_name,
        guardian_relationship=client.data.guardian_relationship,
        guardian_signature_png=signature_png() if minor else None,
        practitioner_name=context.log_actor(),
        practitioner_signature_png=signature_png(),
        countersigned_at=signed,
        created_at=signed,
    )
    context.log.add("sign", "consent", consent_id, client.client_id, {"template_version": 1})


def releases(context: Context) -> dict[int, int]:
    """A signed release of information for about a quarter of the clients: {client: release}."""
    rows = Batch(context.session, Release)
    body = bundled_release_text()
    found: dict[int, int] = {}
    for client in context.clients:
        if context.rng.random() >= 0.25:
            continue
        release_id = len(found) + 1
        signed = client.created + timedelta(days=context.rng.randint(1, 60))
        signed = min(signed, context.anchor - timedelta(days=1))
        first, last = context.text.name()
        values = {
            "client_name": client.legal_name,
            "signer_name": client.legal_name,
            "recipient_name": f"Dr. {first} {last}",
            "recipient_address": context.text.address(),
            "information_description": "Dates of treatment, diagnosis and treatment summary",
            "purpose": "Coordination of care with the client's physician",
            "expiry": format_long_date((signed + timedelta(days=365)).date()),
            "personal_representative_authority": "",
            "practitioner_name": context.log_actor(),
            "jurisdiction_name": JURISDICTION_NAME,
            "effective_date": format_long_date(signed.date()),
            "today": format_long_date(signed.date()),
            "guardian_name": client.data.guardian_name,
        }
        rendered = render(body, values)
        revoked = context.rng.random() < 0.05
        rows.add(
            id=release_id,
            client_id=client.client_id,
            recipient_name=values["recipient_name"],
            recipient_role=RecipientRole.CLINICIAN.value,
            recipient_address=values["recipient_address"],
            information_description=values["information_description"],
            who_may_disclose=context.log_actor(),
            purpose=values["purpose"],
            expires_on=(signed + timedelta(days=365)).date(),
            rendered_text=rendered,
            rendered_hash=content_hash(rendered),
            signer_name=client.legal_name,
            signature_png=signature_png(),
            signed_at=signed,
            revoked_at=signed + timedelta(days=200) if revoked else None,
            revocation_reason="Client asked to stop sharing." if revoked else "",
            created_at=signed,
        )
        context.log.add("sign", "release", release_id, client.client_id)
        found[client.client_id] = release_id
    rows.flush()
    return found


# ----- disclosures outside incidents --------------------------------------------------------

_ROUTINE = (
    (LegalBasis.TREATMENT_PAYMENT_OPERATIONS, RecipientRole.INSURER, DisclosureMethod.PORTAL),
    (LegalBasis.TREATMENT_PAYMENT_OPERATIONS, RecipientRole.INSURER, DisclosureMethod.FAX),
    (LegalBasis.TO_THE_CLIENT, RecipientRole.CLIENT, DisclosureMethod.SECURE_MESSAGE),
    (LegalBasis.COURT_ORDER, RecipientRole.COURT, DisclosureMethod.WRITTEN),
    (LegalBasis.SUBPOENA, RecipientRole.ATTORNEY, DisclosureMethod.WRITTEN),
    (LegalBasis.HEALTH_OVERSIGHT, RecipientRole.OTHER, DisclosureMethod.WRITTEN),
    (LegalBasis.REQUIRED_BY_LAW, RecipientRole.OTHER, DisclosureMethod.WRITTEN),
)
_CATEGORIES = (
    InformationCategory.IDENTITY,
    InformationCategory.TREATMENT_DATES,
    InformationCategory.DIAGNOSIS,
    InformationCategory.BILLING_CODES,
    InformationCategory.RECORDS_REQUESTED,
)


def disclosures(
    context: Context, total: int, releases_by_client: dict[int, int], busiest: int
) -> tuple[int, int]:
    """Fill up to ``total`` disclosures; one client gets six years of them (the accounting)."""
    remaining = max(0, total - context.disclosure_count)
    heavy = min(remaining // 2, max(40, total // 80))
    for _ in range(heavy):
        _routine(context, busiest, releases_by_client, context.moment(_SIX_YEARS))
    ids = [c.client_id for c in context.clients]
    for _ in range(remaining - heavy):
        _routine(context, context.rng.choice(ids), releases_by_client, context.moment(7300))
    context.disclosures.flush()
    counted = select(func.count()).where(Disclosure.client_id == busiest)
    return busiest, int(context.session.scalar(counted) or 0)


def _routine(
    context: Context, client_id: int, releases_by_client: dict[int, int], when: datetime
) -> None:
    rng = context.rng
    release_id = releases_by_client.get(client_id)
    if release_id is not None and rng.random() < 0.35:
        basis, role, method = (
            LegalBasis.AUTHORIZATION,
            RecipientRole.CLINICIAN,
            DisclosureMethod.SECURE_MESSAGE,
        )
    else:
        release_id = None
        basis, role, method = rng.choice(_ROUTINE)
    first, last = context.text.name()
    context.add_disclosure(
        disclosure_rules.DisclosureInput(
            client_id=client_id,
            disclosed_at=when,
            recipient_name=f"{first} {last}",
            recipient_role=role,
            method=method,
            categories=tuple(rng.sample(_CATEGORIES, rng.randint(1, 3))),
            description=context.text.paragraph(8, 30),
            purpose=context.text.paragraph(5, 15),
            legal_basis=basis,
            minimum_necessary=context.text.paragraph(6, 20),
            recipient_address=context.text.address(),
            release_id=release_id,
        )
    )
