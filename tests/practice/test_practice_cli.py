"""``confide practice init`` and ``add-clinician`` on a real server, as the README shows."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, run
from desktop.services.clients.service import ClientService
from desktop.storage.postgres import PracticeStore
from desktop.workflow.client_views import ClientInput
from tests.support.practice import Practice, admin_connect


@pytest.fixture
def empty_database(pg_practice: Practice) -> Iterator[str]:
    name = f"e_{secrets.token_hex(6)}"
    with admin_connect(pg_practice.cluster) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield name
    with admin_connect(pg_practice.cluster) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_init_then_add_a_clinician_who_can_work(
    pg_practice: Practice, empty_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = pg_practice.cluster.url(empty_database)
    assert run(["practice", "init", "--database", url]) == EXIT_OK
    assert "row-level security are in place" in capsys.readouterr().out

    name = f"ana_{secrets.token_hex(3)}"
    assert run(["practice", "add-clinician", name, "--database", url]) == EXIT_OK
    out = capsys.readouterr().out
    password = out.split("Password (shown only now): ", 1)[1].split()[0]

    store = PracticeStore.connect(pg_practice.cluster.url(empty_database, name, password), name)
    try:
        client_id = ClientService(store).create(ClientInput(first_name="Zoë", last_name="Ng"))
        assert [c.id for c in ClientService(store).list()] == [client_id]
    finally:
        store.lock()


def test_init_refuses_a_database_that_is_not_empty(
    pg_practice: Practice, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["practice", "init", "--database", pg_practice.cluster.url(pg_database)]) == (
        EXIT_FAILED
    )
    err = capsys.readouterr().err
    assert "not empty" in err and pg_practice.cluster.password not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["practice", "add-clinician", "Ana Ruiz"], "lower-case letters"),
        (["practice", "add-clinician", "confide_owner"], "reserved"),
        (["practice", "init"], "--database URL"),
    ],
)
def test_bad_practice_commands_say_what_is_wrong(
    pg_practice: Practice,
    pg_database: str,
    argv: list[str],
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if argv[1] == "add-clinician":
        argv = [*argv, "--database", pg_practice.cluster.url(pg_database)]
    assert run(argv) == EXIT_FAILED
    assert message in capsys.readouterr().err


def test_a_plain_text_connection_is_refused_before_connecting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://admin:secret@db.example/practice"
    assert run(["practice", "init", "--database", url]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "verify-full" in err and "secret" not in err
