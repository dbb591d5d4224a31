"""Seeded synthetic vaults: ``python -m benchmarks generate --clients 10000 --notes 100000``.

Rows are bulk-inserted through SQLAlchemy inside one unit of work, but every row is one the
services would accept: client forms and disclosures go through the services' own validators,
consents carry the rendered bundled text and its hashes, incidents hold step fields serialized
by the workflow's own code, and finalized incidents are sealed with the workflow's content hash.
Every created record gets its audit event, chained exactly as ``desktop.storage.audit`` chains them.
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from benchmarks import incidents, records
from benchmarks.bulk import bulk_load
from benchmarks.corpus import COMMON_WORD, PAYERS, RARE_WORD, RELATIONSHIPS, TextMaker
from benchmarks.records import AuditLog, Batch
from benchmarks.stores import ACTOR, PASSPHRASE, PLAIN_NAME, PlainStore, Store, as_vault
from desktop.contact_permissions import (
    ContactChannel,
    ContactPermission,
    ContactPermissions,
    ContactStatus,
)
from desktop.models import Client, EmergencyContact, Note, NoteKind
from desktop.services.clients import service as client_rules
from desktop.services.consents.service import ConsentService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage.vault import Vault
from desktop.workflow import validation as v
from desktop.workflow.client_views import ClientInput, EmergencyContactInput

VAULT_DIR = "vault"
LANDMARKS_NAME = "landmarks.json"
_SCALAR_FIELDS = tuple(
    f.name
    for f in dataclasses.fields(ClientInput)
    if f.name not in ("emergency_contacts", "contact")
)
PRACTITIONER = Profile(
    full_name=ACTOR,
    credentials="PsyD, Licensed Psychologist",
    license_number="PSY-000000 (synthetic)",
    jurisdiction="CA",
    practice_address="100 Example Street, Suite 2, Sacramento, CA 95814",
    phone="(555) 010-0100",
)


@dataclass(frozen=True)
class VaultSize:
    clients: int
    notes: int
    incidents: int
    disclosures: int
    report_evidence: int = 40  # evidence items in the big incident: about 50 report pages


FULL = VaultSize(clients=10_000, notes=100_000, incidents=1_000, disclosures=20_000)
QUICK = VaultSize(clients=300, notes=3_000, incidents=30, disclosures=600)


@dataclass(frozen=True)
class Landmarks:
    """What the runner needs to find in a generated vault (ids and planted words only)."""

    size: dict[str, int]
    seed: int
    common_word: str
    rare_word: str
    typical_client_id: int
    typical_client_notes: int
    largest_client_id: int
    largest_client_notes: int
    report_incident_id: int
    accounting_client_id: int
    accounting_disclosures: int
    generate_seconds: float

    def save(self, folder: Path) -> None:
        (folder / LANDMARKS_NAME).write_text(json.dumps(asdict(self), indent=2), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> Landmarks:
        return cls(**json.loads((folder / LANDMARKS_NAME).read_text("utf-8")))


def generate_pair(out: Path, size: VaultSize, seed: int = 1) -> Landmarks:
    """The encrypted vault in ``out/vault`` and the same rows in ``out/plain.db``."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vault, _recovery = Vault.create(out / VAULT_DIR, PASSPHRASE)  # the default KDF cost
    with vault:
        vault.actor = ACTOR
        marks = populate(vault, size, seed)
    plain = PlainStore.open(out / PLAIN_NAME, create=True)
    try:
        populate(plain, size, seed)
    finally:
        plain.close()
    landmarks = Landmarks(**{**asdict(marks), "generate_seconds": time.perf_counter() - started})
    landmarks.save(out)
    return landmarks


def generate_vault(out: Path, size: VaultSize, seed: int = 1) -> Landmarks:
    """Only the encrypted vault in ``out/vault`` (the day-of-use benchmark needs no plain copy)."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    vault, _recovery = Vault.create(out / VAULT_DIR, PASSPHRASE)
    with vault:
        vault.actor = ACTOR
        marks = populate(vault, size, seed)
    landmarks = Landmarks(**{**asdict(marks), "generate_seconds": time.perf_counter() - started})
    landmarks.save(out)
    return landmarks


def populate(store: Store, size: VaultSize, seed: int) -> Landmarks:
    """Fill an empty store; the same seed gives the same rows in any store."""
    rng = random.Random(seed)
    text = TextMaker(rng)
    anchor = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    PractitionerService(as_vault(store)).save(PRACTITIONER)
    store.actor = ACTOR
    with store.session() as session, bulk_load(session):
        log = AuditLog.continuing(session, ACTOR, anchor)
        client_rows = _clients(session, size, rng, text, anchor, log)
        counts = _notes(session, size, rng, text, anchor, client_rows, log)
        context = records.Context(session, rng, text, anchor, log, client_rows)
        records.consents(context)
        releases = records.releases(context)
        report_id = incidents.incidents(context, size.incidents, size.report_evidence)
        accounting_id, accounting_count = records.disclosures(
            context, size.disclosures, releases, busiest=_busiest(counts, 2)
        )
        log.flush(session)
    ConsentService(as_vault(store)).consent_queue(0)  # every due day, as a used vault has
    typical, largest = _typical_and_largest(counts)
    return Landmarks(
        size=asdict(size),
        seed=seed,
        common_word=COMMON_WORD,
        rare_word=RARE_WORD,
        typical_client_id=typical,
        typical_client_notes=counts[typical],
        largest_client_id=largest,
        largest_client_notes=counts[largest],
        report_incident_id=report_id,
        accounting_client_id=accounting_id,
        accounting_disclosures=accounting_count,
        generate_seconds=0.0,
    )


# ----- clients --------------------------------------------------------------------------


def _clients(
    session: Session,
    size: VaultSize,
    rng: random.Random,
    text: TextMaker,
    anchor: datetime,
    log: AuditLog,
) -> list[records.ClientFacts]:
    facts: list[records.ClientFacts] = []
    rows = Batch(session, Client)
    contacts = Batch(session, EmergencyContact, (rows,))
    for client_id in range(1, size.clients + 1):
        data = client_rules.validated(_client_input(rng, text, anchor.date()))
        created = anchor - timedelta(days=rng.randint(1, 7300))
        values = {n: getattr(data, n) for n in _SCALAR_FIELDS} | data.contact.columns()
        rows.add(
            id=client_id,
            **values,
            archived=rng.random() < 0.1,
            created_at=created,
            updated_at=created,
        )
        for contact in data.emergency_contacts:
            contacts.add(
                client_id=client_id,
                name=contact.name,
                relationship_to_client=contact.relationship,
                phone=contact.phone,
            )
        log.add("create", "client", client_id, client_id)
        facts.append(records.ClientFacts(client_id, data, created))
    rows.flush()
    contacts.flush()
    return facts


def _client_input(rng: random.Random, text: TextMaker, today: date) -> ClientInput:
    first, last = text.name()
    age = rng.choice((rng.randint(6, 17), *(rng.randint(18, 85) for _ in range(7))))
    born = today.replace(year=today.year - age, month=rng.randint(1, 12), day=rng.randint(1, 28))
    minor = client_rules.is_minor(born, today)
    guardian = f"{text.name()[0]} {last}" if minor else ""
    contacts: tuple[EmergencyContactInput, ...] = ()
    if rng.random() < 0.6:
        contacts = (
            EmergencyContactInput(
                f"{text.name()[0]} {last}", rng.choice(RELATIONSHIPS), text.phone()
            ),
        )
    return ClientInput(
        first_name=first,
        last_name=last,
        preferred_name=rng.choice(("", "", "", first[:3])),
        date_of_birth=born,
        email=f"client{rng.randrange(10**6)}@example.com",
        phone=text.phone(),
        address=text.address(),
        guardian_name=guardian,
        guardian_relationship="Parent" if minor else "",
        guardian_phone=text.phone() if minor else "",
        guardian_authority="Parent with legal custody" if minor else "",
        contact=_permissions(rng, today),
        contact_notes=text.paragraph(0, 25),
        insurance_payer=rng.choice((*PAYERS, "")),
        insurance_member_id=f"M{rng.randrange(10**8):08d}",
        self_pay_restriction=rng.random() < 0.05,
        emergency_contacts=contacts,
    )


def _permissions(rng: random.Random, today: date) -> ContactPermissions:
    """Each channel allowed, declined or not asked; an answer is dated within two years."""
    picks = {}
    for channel, allowed in zip(ContactChannel, (0.6, 0.4, 0.5), strict=True):
        roll = rng.random()
        if roll < allowed:
            status = ContactStatus.ALLOWED
        elif roll < allowed + 0.1:
            status = ContactStatus.DECLINED
        else:
            status = ContactStatus.NOT_ASKED
        day = None if status is ContactStatus.NOT_ASKED else today - timedelta(rng.randrange(730))
        picks[channel.value] = ContactPermission(status, day)
    return ContactPermissions(**picks)


# ----- notes ----------------------------------------------------------------------------


def _notes(
    session: Session,
    size: VaultSize,
    rng: random.Random,
    text: TextMaker,
    anchor: datetime,
    clients: list[records.ClientFacts],
    log: AuditLog,
) -> dict[int, int]:
    """Notes spread over clients with a long tail: most have a few, some have hundreds."""
    weights = [min(rng.paretovariate(1.2), 60.0) for _ in clients]
    owners = rng.choices([c.client_id for c in clients], weights=weights, k=size.notes)
    counts: dict[int, int] = {c.client_id: 0 for c in clients}
    for owner in owners:
        counts[owner] += 1
    rows = Batch(session, Note)
    note_id = 0
    today = anchor.date()
    for client in clients:
        total = counts[client.client_id]
        span = min(7300, max(total * 7, 30))
        start = today - timedelta(days=rng.randint(span, max(span, 7300)))
        for week in range(total):
            note_id += 1
            day = start + timedelta(days=week * span // max(total, 1))
            kind = NoteKind.PSYCHOTHERAPY if rng.random() < 0.05 else NoteKind.PROGRESS
            written = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=18)
            rows.add(
                id=note_id,
                client_id=client.client_id,
                kind=kind.value,
                session_date=v.past_date(day, "Session date", required=True),
                body=v.required_text(text.note_body(note_id), "Note", v.MAX_LONG_TEXT),
                created_at=written,
                updated_at=written,
            )
            log.add("create", f"{kind.value}_note", note_id, client.client_id)
    rows.flush()
    return counts


def _busiest(counts: dict[int, int], rank: int) -> int:
    return sorted(counts, key=lambda cid: (-counts[cid], cid))[min(rank, len(counts) - 1)]


def _typical_and_largest(counts: dict[int, int]) -> tuple[int, int]:
    """A client at the 90th percentile of note count (a long-term client) and the largest."""
    ordered = sorted(counts, key=lambda cid: (counts[cid], cid))
    return ordered[int(len(ordered) * 0.9)], ordered[-1]
