"""Connecting to a practice: plain messages for each failure, and no vault-file operations."""

from __future__ import annotations

import pytest

from desktop.storage.postgres import PracticeServerError, PracticeStore
from tests.support.practice import TEST_CLINICIAN, Practice


def test_a_wrong_password_or_database_is_a_plain_message(
    pg_practice: Practice, pg_database: str
) -> None:
    cluster = pg_practice.cluster
    cases = [
        (cluster.url(pg_database, TEST_CLINICIAN, "wrong-password"), "refused the login"),
        (cluster.url("postgres"), "not a Confide practice"),
        (cluster.url(pg_database).replace(f":{cluster.port}/", ":1/"), "could not be reached"),
    ]
    for url, message in cases:
        with pytest.raises(PracticeServerError, match=message) as caught:
            PracticeStore.connect(url, "Dr. Test")
        assert cluster.password not in str(caught.value)
        assert "wrong-password" not in str(caught.value)


def test_vault_file_operations_are_refused_plainly(practice_store: PracticeStore) -> None:
    for operation in (
        lambda: practice_store.folder,
        lambda: practice_store.header,
        lambda: practice_store.rotate_keys("x"),
        practice_store.data_key_for_backup,
    ):
        with pytest.raises(PracticeServerError, match="only with a vault on this computer"):
            operation()
    assert len(practice_store.practice_id()) == 32
    assert practice_store.database_user() == TEST_CLINICIAN
