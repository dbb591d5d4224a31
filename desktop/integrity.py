"""Whole-vault verification: SQLite integrity, the audit chain and its sealed head."""

from __future__ import annotations

from dataclasses import dataclass

from desktop import audit
from desktop.storage.vault import Vault


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    database_ok: bool
    chain: audit.ChainReport
    summary: str


def verify_vault(vault: Vault) -> VerifyResult:
    """Run ``PRAGMA integrity_check`` and walk the audit chain; say plainly what was found."""
    with vault.engine.connect() as connection:
        rows = [r[0] for r in connection.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    database_ok = rows == ["ok"]
    with vault.session() as session:
        chain = audit.verify_chain(session, vault.sealed_head())
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
