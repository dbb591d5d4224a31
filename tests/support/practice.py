"""PostgreSQL fixtures: one throwaway cluster per test session, a fresh database per test.

Each test database is a copy (CREATE DATABASE ... TEMPLATE) of one made by
``confide practice init`` at the start of the session, so a test pays ~0.1 s, not a migration.
Without PostgreSQL binaries the tests that need them fail in CI (CI=true) and are skipped, with
the reason, elsewhere.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest

from desktop.practice import setup
from desktop.storage.postgres import PracticeStore
from tests.support.pg_cluster import Cluster, PostgresMissingError, find_bin_dir, running_cluster

TEMPLATE = "confide_template"
TEST_CLINICIAN = "test_clinician"
PRACTITIONER_ACTOR = "Dr. Test Clinician"


@dataclass(frozen=True)
class Practice:
    """The cluster, the template database and the session-wide test clinician's password."""

    cluster: Cluster
    clinician_password: str


def admin_connect(cluster: Cluster, database: str = "postgres") -> psycopg.Connection[tuple]:  # type: ignore[type-arg]
    url = cluster.url(database).replace("postgresql+psycopg", "postgresql")
    return psycopg.connect(url, autocommit=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    try:
        find_bin_dir()
    except PostgresMissingError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL for the practice-mode tests: {exc}")
        pytest.skip(str(exc))
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_practice(pg_cluster: Cluster) -> Practice:
    """The template practice database, with one clinician account for the service tests."""
    with admin_connect(pg_cluster) as connection:
        connection.execute(f"CREATE DATABASE {TEMPLATE}")
    setup.init_practice(pg_cluster.url(TEMPLATE))
    account = setup.add_account(pg_cluster.url(TEMPLATE), TEST_CLINICIAN, "clinician")
    return Practice(pg_cluster, account.password)


@pytest.fixture
def pg_database(pg_practice: Practice) -> Iterator[str]:
    """A fresh practice database (copied from the template); its name."""
    name = f"t_{secrets.token_hex(6)}"
    with admin_connect(pg_practice.cluster) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield name
    with admin_connect(pg_practice.cluster) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def practice_store(pg_practice: Practice, pg_database: str) -> Iterator[PracticeStore]:
    """The test clinician's connection to a fresh practice database."""
    url = pg_practice.cluster.url(pg_database, TEST_CLINICIAN, pg_practice.clinician_password)
    store = PracticeStore.connect(url, PRACTITIONER_ACTOR)
    yield store
    store.lock()
