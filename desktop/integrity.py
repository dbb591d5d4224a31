"""Whole-vault verification: SQLite integrity, the audit chain and its sealed head."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from desktop import audit
from desktop.errors import VaultDamagedError
from desktop.storage.vault import Vault


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    database_ok: bool
    chain: audit.ChainReport
    summary: str


def verify_vault(vault: Vault) -> VerifyResult:
    """Run ``PRAGMA integrity_check`` and walk the audit chain; say plainly what was found."""
    rows = _integrity_check(vault)
    database_ok = rows == ["ok"]
    chain = _walk_chain(vault)
    lines = [
        "Database: OK" if database_ok else f"Database: DAMAGED ({len(rows)} problem(s) found)",
        f"Audit log: OK ({chain.events_checked} events, chain intact)"
        if chain.ok
        else f"Audit log: BROKEN. {chain.problem}",
    ]
    ok = database_ok and chain.ok
    if ok:
        with vault.session() as session:
            audit.record(session, audit.AuditAction.VERIFY, actor=vault.actor, entity_type="vault")
    return VerifyResult(ok, database_ok, chain, "\n".join(lines))


def _integrity_check(vault: Vault) -> list[str]:
    try:
        with vault.engine.connect() as connection:
            return [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    except DBAPIError:  # a page that fails SQLCipher's check stops the scan
        return ["a part of the database file could not be read"]


def _walk_chain(vault: Vault) -> audit.ChainReport:
    sealed = vault.sealed_head()
    try:
        with vault.session() as session:
            return audit.verify_chain(session, sealed)
    except VaultDamagedError:
        return audit.ChainReport(
            ok=False, events_checked=0, problem="The audit log could not be read to the end."
        )
