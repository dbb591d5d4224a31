"""Hostile text at the incident, consent, release and accounting entry points.

Every text field of each input is replaced in turn by each hostile text (the same set as
test_bad_input.py). The service must either store it, so that the stored row holds exactly
the documented normalization of it, or refuse with a UserInputError. The fields are found
from the input dataclasses, so new fields are covered without editing this file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

import pytest
from sqlalchemy import inspect

from desktop.domain import DisclosureMethod, ExceptionType, RecipientRole
from desktop.errors import UserInputError, WorkflowError
from desktop.models import (
    AccountingRequest,
    AccountingSuspension,
    Consent,
    Consultation,
    EvidenceItem,
    Incident,
    IncidentOption,
    Notification,
    Release,
)
from desktop.services.accounting.service import AccountingService
from desktop.services.clients.service import ClientService
from desktop.services.consents.service import ConsentService
from desktop.services.consents.templates import TemplateService
from desktop.services.incidents.service import IncidentService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.services.releases.service import ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from desktop.workflow.fields import (
    AttemptInput,
    AttemptOutcome,
    ConsultationInput,
    EvidenceInput,
    EvidenceKind,
    OptionInput,
)
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import HOSTILE, documented
from tests.support.consents import PRACTITIONER, sign_input

_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


@dataclasses.dataclass(frozen=True)
class World:
    vault: Vault
    client_id: int
    incident_id: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    vault, _ = Vault.create(
        tmp_path_factory.mktemp("records") / "vault", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB
    )
    PractitionerService(vault).save(Profile(PRACTITIONER, "CA", credentials="PhD"))
    TemplateService(vault).ensure_bundled_templates()
    client_id = ClientService(vault).create(
        ClientInput("Zoë", "Nguyễn", date_of_birth=date(1990, 3, 4))
    )
    incident_id = IncidentService(vault).start(client_id, ExceptionType.DANGER_TO_OTHERS)
    with vault:
        yield World(vault, client_id, incident_id)


# ----- a valid input per entry point, the call that stores it, and the table it lands in -------

Store = Callable[[World, Any], int]


@dataclasses.dataclass(frozen=True)
class EntryPoint:
    valid: Callable[[World], Any]
    store: Store
    model: type[Any]


ENTRY_POINTS: dict[str, EntryPoint] = {
    "incident.consultation": EntryPoint(
        lambda w: ConsultationInput(_HOUR_AGO, "Dr. Peer", "Warn and document."),
        lambda w, d: IncidentService(w.vault).add_consultation(w.incident_id, d),
        Consultation,
    ),
    "incident.evidence": EntryPoint(
        lambda w: EvidenceInput(EvidenceKind.VERBATIM_STATEMENT, "He said it twice."),
        lambda w, d: IncidentService(w.vault).add_evidence(w.incident_id, d),
        EvidenceItem,
    ),
    "incident.attempt": EntryPoint(
        lambda w: AttemptInput(
            _HOUR_AGO, "Officer Reyes", RecipientRole.LAW_ENFORCEMENT,
            DisclosureMethod.PHONE, AttemptOutcome.REACHED,
        ),
        lambda w, d: IncidentService(w.vault).add_attempt(w.incident_id, d),
        Notification,
    ),
    "incident.option": EntryPoint(
        lambda w: OptionInput("Hospitalize", False, "He agreed to a safety plan."),
        lambda w, d: IncidentService(w.vault).add_option(w.incident_id, d),
        IncidentOption,
    ),
    "release": EntryPoint(
        lambda w: ReleaseInput(
            client_id=w.client_id, recipient_name="Dr. Ada Park",
            recipient_role=RecipientRole.CLINICIAN,
            information_description="Dates of treatment and diagnosis",
            purpose="Coordination of care", signer_name="Zoë Nguyễn",
            signed_at=_HOUR_AGO, expires_on=date.today() + timedelta(days=90),
        ),
        lambda w, d: ReleaseService(w.vault).create(d),
        Release,
    ),
    "consent": EntryPoint(
        lambda w: sign_input(w.vault, w.client_id),
        lambda w, d: ConsentService(w.vault).sign(d),
        Consent,
    ),
}  # fmt: skip


def _text_fields(entry: str, world: World) -> list[str]:
    valid = ENTRY_POINTS[entry].valid(world)
    return [
        f.name
        for f in dataclasses.fields(valid)
        if isinstance(value := getattr(valid, f.name), str) and not isinstance(value, Enum)
    ]


def _stored_texts(world: World, model: type[Any], row_id: int) -> list[str]:
    with world.vault.session() as session:
        row = session.get(model, row_id)
        assert row is not None
        columns = inspect(model).columns
        return [value for c in columns if isinstance(value := getattr(row, c.key), str)]


CASES = [
    ("incident.consultation", "consultant_name"),
    ("incident.consultation", "advice"),
    ("incident.consultation", "consultant_role"),
    ("incident.evidence", "content"),
    ("incident.evidence", "source"),
    ("incident.attempt", "recipient_name"),
    ("incident.attempt", "report_number"),
    ("incident.attempt", "notes"),
    ("incident.option", "option"),
    ("incident.option", "reason"),
    ("release", "recipient_name"),
    ("release", "information_description"),
    ("release", "purpose"),
    ("release", "recipient_address"),
    ("release", "expiry_event"),
    ("release", "signer_name"),
    ("consent", "witness_name"),
    ("consent", "signer_name"),
    ("consent", "rendered_text"),
    ("consent", "minor_consent_basis"),
]


@pytest.mark.parametrize("text_kind", list(HOSTILE))
@pytest.mark.parametrize(("entry", "field"), CASES, ids=[f"{e}.{f}" for e, f in CASES])
def test_record_text_is_stored_exactly_or_refused(
    entry: str, field: str, text_kind: str, world: World, tally: Tally
) -> None:
    point, text = ENTRY_POINTS[entry], HOSTILE[text_kind]
    data = dataclasses.replace(point.valid(world), **{field: text})
    try:
        row_id = point.store(world, data)
    except (UserInputError, WorkflowError) as exc:
        # the one WorkflowError allowed: a consent text that is not the text shown is refused
        assert isinstance(exc, UserInputError) or (entry, field) == ("consent", "rendered_text")
        if len(text.strip()) > 3:
            assert text.strip() not in str(exc), "the refusal repeats the input"
        tally.add("bad_input.refused")
    else:
        expected = documented(text)
        stored = _stored_texts(world, point.model, row_id)
        assert expected in stored or expected.strip() in stored, f"{entry}.{field} changed it"
        tally.add("bad_input.stored_exactly")
    tally.add("bad_input.cases")


def test_every_text_field_is_covered(world: World) -> None:
    covered = {(entry, field) for entry, field in CASES}
    for entry in ENTRY_POINTS:
        missing = set(_text_fields(entry, world)) - {f for e, f in covered if e == entry}
        assert missing <= _NOT_COVERED.get(entry, set()), f"{entry}: {sorted(missing)}"


_NOT_COVERED = {
    # defaults derived from the profile, or types that are codes rather than free text
    "release": {"who_may_disclose", "personal_representative_authority"},
    "consent": {"practitioner_name", "guardian_name", "guardian_relationship"},
    "incident.evidence": {"attachment_name", "attachment_type"},
}


@pytest.mark.parametrize("text_kind", list(HOSTILE))
def test_suspension_texts(text_kind: str, world: World, tally: Tally) -> None:
    text = HOSTILE[text_kind]
    try:
        row_id = AccountingService(world.vault).record_suspension(
            world.client_id, text, official=text, written=True, statement=text,
            starts_on=date.today(), ends_on=date.today() + timedelta(days=30),
        )  # fmt: skip
    except UserInputError:
        tally.add("bad_input.refused")
    else:
        stored = _stored_texts(world, AccountingSuspension, row_id)
        assert documented(text) in stored or documented(text).strip() in stored
        tally.add("bad_input.stored_exactly")
    tally.add("bad_input.cases")


def _incident_title(world: World, text: str) -> tuple[type[Any], int]:
    service = IncidentService(world.vault)
    return Incident, service.start(world.client_id, ExceptionType.CRIME, title=text)


def _release_revoked(world: World, text: str) -> tuple[type[Any], int]:
    service = ReleaseService(world.vault)
    release_id = service.create(ENTRY_POINTS["release"].valid(world))
    service.revoke(release_id, datetime.now(UTC), text)
    return Release, release_id


def _accounting_extended(world: World, text: str) -> tuple[type[Any], int]:
    service = AccountingService(world.vault)
    request_id = service.record_request(world.client_id, date.today())
    service.extend(request_id, text, date.today())
    return AccountingRequest, request_id


ARGUMENTS = {
    "incident.start.title": _incident_title,
    "release.revoke.reason": _release_revoked,
    "accounting.extend.reason": _accounting_extended,
}


@pytest.mark.parametrize("text_kind", list(HOSTILE))
@pytest.mark.parametrize("entry", list(ARGUMENTS))
def test_text_arguments(entry: str, text_kind: str, world: World, tally: Tally) -> None:
    text = HOSTILE[text_kind]
    try:
        model, row_id = ARGUMENTS[entry](world, text)
    except UserInputError:
        tally.add("bad_input.refused")
    else:
        stored = _stored_texts(world, model, row_id)
        assert documented(text) in stored or documented(text).strip() in stored, entry
        tally.add("bad_input.stored_exactly")
    tally.add("bad_input.cases")
