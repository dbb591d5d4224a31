"""Row-level security and privileges, tested in raw SQL as each role of the practice."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import psycopg
import pytest

from desktop.practice import setup
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.storage.audit import verify_chain
from desktop.storage.postgres import PracticeServerError, PracticeStore
from desktop.workflow.client_views import ClientInput
from tests.support.practice import Practice


@dataclass(frozen=True)
class Login:
    name: str
    url: str


@dataclass(frozen=True)
class Team:
    ana: Login
    ben: Login
    billing: Login
    owner: Login
    database: str


def _login(practice: Practice, database: str, kind: str) -> Login:
    name = f"{kind}_{secrets.token_hex(4)}"
    account = setup.add_account(practice.cluster.url(database), name, kind)
    return Login(name, practice.cluster.url(database, name, account.password))


@pytest.fixture
def team(pg_practice: Practice, pg_database: str) -> Team:
    return Team(
        ana=_login(pg_practice, pg_database, "clinician"),
        ben=_login(pg_practice, pg_database, "clinician"),
        billing=_login(pg_practice, pg_database, "billing"),
        owner=_login(pg_practice, pg_database, "owner"),
        database=pg_database,
    )


@pytest.fixture
def ana_client(team: Team) -> int:
    """Ana's client, with one psychotherapy note, made through the services as Ana."""
    with _store(team.ana) as store:
        client_id = ClientService(store).create(
            ClientInput(
                first_name="Zoë",
                last_name="Nguyễn",
                date_of_birth=date(1990, 3, 4),
                insurance_payer="Blue Shield",
            )
        )
        NoteService(store).add(client_id, date(2026, 11, 2), "Talked about the move.")
        return client_id


@pytest.fixture
def store_of() -> Iterator[list[PracticeStore]]:
    opened: list[PracticeStore] = []
    yield opened
    for store in opened:
        store.lock()


class _store:  # noqa: N801 - used like a function: ``with _store(login) as store``
    def __init__(self, login: Login) -> None:
        self.store = PracticeStore.connect(login.url, login.name)

    def __enter__(self) -> PracticeStore:
        return self.store

    def __exit__(self, *_exc: object) -> None:
        self.store.lock()


def _sql(login: Login, statement: str) -> list[tuple[object, ...]]:
    """Run one statement as ``login`` over TLS and return its rows."""
    url = login.url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(url, autocommit=True) as connection:
        cursor = connection.execute(statement)  # type: ignore[arg-type]
        return list(cursor.fetchall()) if cursor.description else []


def test_a_clinician_sees_only_their_own_clients_in_raw_sql(team: Team, ana_client: int) -> None:
    assert _sql(team.ana, "SELECT first_name FROM clients") == [("Zoë",)]
    assert _sql(team.ben, "SELECT * FROM clients") == []
    assert _sql(team.ben, f"SELECT * FROM notes WHERE client_id = {ana_client}") == []
    assert _sql(team.ben, "SELECT count(*) FROM audit_events WHERE client_id IS NOT NULL") == [(0,)]
    assert _sql(team.ben, f"UPDATE clients SET last_name = 'x' WHERE id = {ana_client}") == []
    assert _sql(team.ana, "SELECT last_name FROM clients") == [("Nguyễn",)]


def test_a_shared_client_is_seen_by_the_colleague_it_is_shared_with(
    team: Team, ana_client: int
) -> None:
    _sql(
        team.ana,
        f"INSERT INTO client_shares (client_id, grantee_role, granted_by, granted_at) "
        f"VALUES ({ana_client}, '{team.ben.name}', current_user, now())",
    )
    with _store(team.ben) as ben:
        assert [c.id for c in ClientService(ben).list()] == [ana_client]
        assert ClientService(ben).get(ana_client).display_name == "Zoë Nguyễn"
    with pytest.raises(psycopg.errors.InsufficientPrivilege):  # not Ben's client to share
        _sql(
            team.ben,
            f"INSERT INTO client_shares (client_id, grantee_role, granted_by, granted_at) "
            f"VALUES ({ana_client}, '{team.billing.name}', current_user, now())",
        )


def test_a_clinician_cannot_give_a_client_away_or_forge_the_owner(
    team: Team, ana_client: int
) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        _sql(team.ana, f"UPDATE clients SET owner_role = '{team.ben.name}' WHERE id = 1")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        _sql(
            team.ana,
            "INSERT INTO clients (first_name, last_name, preferred_name, email, phone, address, "
            "guardian_name, guardian_relationship, guardian_phone, guardian_authority, "
            "contact_notes, insurance_payer, "
            "insurance_member_id, self_pay_restriction, restriction_notes, archived, "
            "created_at, updated_at, version, owner_role) VALUES ('A', 'B', '', '', '', '', '', "
            "'', '', '', '', '', '', false, '', false, now(), now(), 1, "
            f"'{team.ben.name}')",
        )
    assert _sql(team.ana, "SELECT owner_role FROM clients") == [(team.ana.name,)]


def test_billing_sees_identity_and_payer_but_never_notes(team: Team, ana_client: int) -> None:
    assert _sql(team.billing, "SELECT first_name, insurance_payer FROM clients") == [
        ("Zoë", "Blue Shield")
    ]
    assert _sql(team.billing, "SELECT client_id, session_date, kind FROM billing_sessions") == [
        (ana_client, date(2026, 11, 2), "progress")
    ]
    for table in ("notes", "incidents", "consents", "releases", "disclosures", "incident_steps"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
            _sql(team.billing, f"SELECT * FROM {table}")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        _sql(team.billing, "SELECT contact_notes FROM clients")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        _sql(team.billing, "UPDATE clients SET insurance_payer = 'x'")


def test_billing_through_the_app_gets_a_plain_refusal(team: Team, ana_client: int) -> None:
    with _store(team.billing) as billing, pytest.raises(PracticeServerError, match="not allowed"):
        NoteService(billing).for_client(ana_client)


def test_the_owner_sees_the_whole_practice_and_its_audit_chain(team: Team, ana_client: int) -> None:
    with _store(team.ben) as ben:
        ClientService(ben).create(ClientInput(first_name="Sam", last_name="Okafor"))
    assert sorted(_sql(team.owner, "SELECT first_name FROM clients")) == [("Sam",), ("Zoë",)]
    assert _sql(team.owner, f"SELECT count(*) FROM notes WHERE client_id = {ana_client}") == [(1,)]
    with _store(team.owner) as owner, owner.session() as session:
        report = verify_chain(session)
    assert report.ok, report.problem
    writers = {row[0] for row in _sql(team.owner, "SELECT DISTINCT db_user FROM audit_events")}
    assert {team.ana.name, team.ben.name} <= writers


def test_audit_events_name_the_database_user_and_cannot_be_forged(
    team: Team, ana_client: int
) -> None:
    rows = _sql(
        team.ana, f"SELECT DISTINCT db_user FROM audit_events WHERE client_id = {ana_client}"
    )
    assert rows == [(team.ana.name,)]
    with pytest.raises(psycopg.Error, match="name the database user"):
        _sql(
            team.ana,
            "INSERT INTO audit_events (seq, occurred_at, actor, action, entity_type, detail, "
            "prev_hash, hash, db_user) VALUES (999, now(), 'x', 'view', '', '{}', '', '', "
            f"'{team.ben.name}')",
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
        _sql(team.owner, "UPDATE audit_events SET actor = 'someone else'")


def test_not_even_the_schema_owner_can_empty_the_audit_log(
    pg_practice: Practice, team: Team, ana_client: int
) -> None:
    admin = Login("postgres", pg_practice.cluster.url(team.database))
    with pytest.raises(psycopg.Error, match="append-only"):
        _sql(admin, "TRUNCATE audit_events CASCADE")
    with pytest.raises(psycopg.Error, match="append-only"):
        _sql(admin, "DELETE FROM audit_events")
