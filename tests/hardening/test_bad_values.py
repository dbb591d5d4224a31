"""Impossible and future dates, out-of-range numbers and ids at the services' entry points.

Each value is either stored and read back as the same calendar day / instant / number, or
refused with a UserInputError (NotFoundError for an id no record can have).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from desktop.errors import NotFoundError, UserInputError
from desktop.models import Disclosure
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import disclosure_input

TODAY = date.today()
REFUSED = "refused"
ADULT = ClientInput("Ana", "Lee", guardian_name="Guardian Name")

BIRTH_DATES: dict[str, tuple[date, object]] = {
    "tomorrow": (TODAY + timedelta(days=1), REFUSED),
    "year-9999": (date.max, REFUSED),
    "year-1": (date.min, REFUSED),
    "1899-12-31": (date(1899, 12, 31), REFUSED),
    "1900-01-01": (date(1900, 1, 1), date(1900, 1, 1)),
    "leap-day": (date(1984, 2, 29), date(1984, 2, 29)),
    "today": (TODAY, TODAY),
    "a-datetime": (datetime(1990, 5, 6, 23, 59), date(1990, 5, 6)),
}

SESSION_DATES: dict[str, tuple[date, object]] = {
    "tomorrow": (TODAY + timedelta(days=1), REFUSED),
    "year-9999": (date.max, REFUSED),
    "year-1": (date.min, REFUSED),
    "today": (TODAY, TODAY),
    "1900-01-01": (date(1900, 1, 1), date(1900, 1, 1)),
}

_NOW = datetime.now(UTC).replace(microsecond=0)
DISCLOSED_AT: dict[str, tuple[datetime, object]] = {
    "naive": (datetime(2026, 1, 1, 12, 0), REFUSED),
    "tomorrow": (_NOW + timedelta(days=1), REFUSED),
    "last-day-at-utc-minus-5": (
        datetime(9999, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))),
        REFUSED,
    ),
    "year-1-at-utc-plus-5": (datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))), REFUSED),
    "1899": (datetime(1899, 12, 31, tzinfo=UTC), REFUSED),
    "an-hour-ago-at-utc-plus-14": (
        (_NOW - timedelta(hours=1)).astimezone(timezone(timedelta(hours=14))),
        _NOW - timedelta(hours=1),
    ),
    "an-hour-ago-at-utc-minus-12": (
        (_NOW - timedelta(hours=1)).astimezone(timezone(timedelta(hours=-12))),
        _NOW - timedelta(hours=1),
    ),
}


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault, _ = Vault.create(
        tmp_path_factory.mktemp("values") / "vault", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB
    )
    with vault:
        yield vault


@pytest.fixture(scope="module")
def client_id(shared_vault: Vault) -> int:
    return ClientService(shared_vault).create(ClientInput("Ana", "Lee"))


def _check(outcome: object, expected: object, tally: Tally) -> None:
    tally.add("bad_input.cases")
    tally.add("bad_input.refused" if expected == REFUSED else "bad_input.stored_exactly")
    assert outcome == expected


def _attempt(store: object) -> object:
    try:
        return store()  # type: ignore[operator]
    except UserInputError as exc:
        assert exc.message
        return REFUSED


@pytest.mark.parametrize("kind", list(BIRTH_DATES))
def test_birth_dates(kind: str, shared_vault: Vault, tally: Tally) -> None:
    value, expected = BIRTH_DATES[kind]
    service = ClientService(shared_vault)

    def store() -> object:
        new_id = service.create(replace(ADULT, date_of_birth=value))
        return service.get(new_id).data.date_of_birth

    _check(_attempt(store), expected, tally)


@pytest.mark.parametrize("kind", list(SESSION_DATES))
def test_session_dates(kind: str, shared_vault: Vault, client_id: int, tally: Tally) -> None:
    value, expected = SESSION_DATES[kind]
    notes = NoteService(shared_vault)

    def store() -> object:
        note_id = notes.add(client_id, value, "a session")
        return next(n.session_date for n in notes.for_client(client_id) if n.id == note_id)

    _check(_attempt(store), expected, tally)


@pytest.mark.parametrize("kind", list(DISCLOSED_AT))
def test_disclosure_times(kind: str, shared_vault: Vault, client_id: int, tally: Tally) -> None:
    value, expected = DISCLOSED_AT[kind]

    def store() -> object:
        with shared_vault.session() as session:
            new_id = add_disclosure(
                session, "Dr", replace(disclosure_input(client_id), disclosed_at=value)
            )
        with shared_vault.session() as session:
            row = session.scalars(select(Disclosure).where(Disclosure.id == new_id)).one()
            return row.disclosed_at.astimezone(UTC)

    _check(_attempt(store), expected, tally)


PROFILE_NUMBERS = [
    ("retention_years", 0),
    ("retention_years", 101),
    ("retention_years", -1),
    ("retention_years", 10**30),
    ("reconsent_months", 0),
    ("reconsent_months", 121),
    ("reconsent_months", -(10**30)),
]


@pytest.mark.parametrize(("name", "value"), PROFILE_NUMBERS)
def test_profile_numbers_out_of_range(
    name: str, value: int, shared_vault: Vault, tally: Tally
) -> None:
    profile = replace(Profile("Dr. Values", "NY"), **{name: value})
    _check(_attempt(lambda: PractitionerService(shared_vault).save(profile)), REFUSED, tally)


@pytest.mark.parametrize("code", ["", "XX", "California", "C A", "ca\x00", "🇺🇸"])
def test_unknown_jurisdictions(code: str, shared_vault: Vault, tally: Tally) -> None:
    profile = Profile("Dr. Values", code)
    _check(_attempt(lambda: PractitionerService(shared_vault).save(profile)), REFUSED, tally)


IMPOSSIBLE_IDS = [0, -1, 2**63, 2**70, -(2**70)]


@pytest.mark.parametrize("bad_id", IMPOSSIBLE_IDS)
def test_impossible_ids_are_not_found(bad_id: int, shared_vault: Vault, tally: Tally) -> None:
    calls = [
        lambda: ClientService(shared_vault).get(bad_id),
        lambda: ClientService(shared_vault).update(bad_id, ADULT),
        lambda: ClientService(shared_vault).set_archived(bad_id),
        lambda: NoteService(shared_vault).add(bad_id, TODAY, "x"),
        lambda: NoteService(shared_vault).update(bad_id, "x"),
    ]
    for call in calls:
        with pytest.raises(NotFoundError):
            call()
        tally.add("bad_input.cases")
        tally.add("bad_input.refused")
    with shared_vault.session() as session, pytest.raises(NotFoundError):
        add_disclosure(session, "Dr", replace(disclosure_input(1), client_id=bad_id))
