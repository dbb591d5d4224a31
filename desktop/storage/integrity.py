"""Whole-vault verification: SQLite integrity, the audit chain, its seal, and every record row."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError

from desktop.errors import VaultDamagedError
from desktop.storage import audit, row_hashes
from desktop.storage.vault import Vault


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    database_ok: bool
    chain: audit.ChainReport
    summary: str
    rows: row_hashes.RowReport | None = None


def verify_vault(vault: Vault) -> VerifyResult:
    """Run ``PRAGMA integrity_check`` and walk the audit chain; say plainly what was found."""
    rows = _integrity_check(vault)
    database_ok = rows == ["ok"]
    chain = _walk_chain(vault)
    records = _check_rows(vault)
    lines = [
        "Database: OK" if database_ok else f"Database: DAMAGED ({len(rows)} problem(s) found)",
        f"Audit log: OK ({chain.events_checked} events, chain intact)"
        if chain.ok
        else f"Audit log: BROKEN. {chain.problem}",
        _records_line(records),
    ]
    ok = database_ok and chain.ok and records.ok
    if ok:
        with vault.session() as session:
            audit.record(session, audit.AuditAction.VERIFY, actor=vault.actor, entity_type="vault")
    return VerifyResult(ok, database_ok, chain, "\n".join(lines), records)


def _check_rows(vault: Vault) -> row_hashes.RowReport:
    try:
        with vault.session() as session:
            return row_hashes.verify_rows(session)
    except VaultDamagedError:
        return row_hashes.RowReport(False, 0, 0, "The records could not be read to the end.")


def _records_line(report: row_hashes.RowReport) -> str:
    if not report.ok:
        return f"Records: CHANGED. {report.problem}"
    line = f"Records: OK ({report.rows_checked} rows match their audited content"
    if report.rows_without_hash:
        line += f"; {report.rows_without_hash} written before row hashes existed, not checked"
    return line + ")"


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
