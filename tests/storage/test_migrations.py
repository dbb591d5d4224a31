"""Alembic migrations create exactly the models' schema, and old vaults are upgraded."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from desktop.models import Base
from desktop.storage.migrations import head_revision, is_managed
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.legacy_vault import make_pre_seal_vault


def test_migrations_match_the_models(vault: Vault) -> None:
    with vault.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": is_managed},
        )
        assert compare_metadata(context, Base.metadata) == []


def test_opening_an_older_schema_backs_up_then_upgrades(vault: Vault, vault_dir: Path) -> None:
    vault.lock()
    make_pre_seal_vault(vault_dir, PASSPHRASE, "0001")
    backups: list[str] = []
    reopened = Vault.open(
        vault_dir, PASSPHRASE, before_migration=lambda v: backups.append(v.vault_id)
    )
    with reopened.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    assert backups == [reopened.vault_id]
    assert current == head_revision()
    reopened.lock()
