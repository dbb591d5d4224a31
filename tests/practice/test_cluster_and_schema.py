"""The practice server: TLS only, the schema equals the models, and a practice URL is checked."""

from __future__ import annotations

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from desktop.errors import UserInputError
from desktop.models import Base
from desktop.storage.migrations import head_revision, is_managed
from desktop.storage.postgres import practice_url
from tests.support.practice import Practice


def test_the_server_refuses_connections_without_tls(pg_practice: Practice) -> None:
    url = pg_practice.cluster.url("postgres").replace("postgresql+psycopg", "postgresql")
    with pytest.raises(psycopg.OperationalError, match=r"pg_hba\.conf rejects"):
        psycopg.connect(url.replace("sslmode=verify-full", "sslmode=disable"))
    with psycopg.connect(url) as connection:
        row = connection.execute(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
        ).fetchone()
    assert row == (True,)


def test_migrations_match_the_models_on_postgresql(pg_practice: Practice, pg_database: str) -> None:
    engine = create_engine(pg_practice.cluster.url(pg_database))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": is_managed}
            )
            assert context.get_current_revision() == head_revision()
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("sqlite:///x.db", "must start with postgresql"),
        ("postgresql+psycopg://ana@db.example/practice", "verified TLS"),
        ("postgresql+psycopg://ana@db.example/practice?sslmode=require", "verified TLS"),
        ("postgresql+psycopg://ana@/practice?sslmode=verify-full", "server name"),
        ("not a url", "not a valid URL"),
    ],
)
def test_a_practice_url_must_verify_the_server(url: str, problem: str) -> None:
    with pytest.raises(UserInputError, match=problem) as caught:
        practice_url(url)
    assert "ana" not in str(caught.value)


def test_a_good_practice_url_keeps_its_parts() -> None:
    url = "postgresql://ana@db.example:5433/practice?sslmode=verify-full&sslrootcert=/ca.pem"
    assert practice_url(url) == (
        "postgresql+psycopg://ana@db.example:5433/practice"
        "?sslmode=verify-full&sslrootcert=%2Fca.pem"
    )
