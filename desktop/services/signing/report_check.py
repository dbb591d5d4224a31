"""Verifying a report file with the vault open: its identities and its audit log.

The report is checked against every certificate this vault has had (the current one and
retired ones) and the export's audit event is looked up by the export id sealed inside the
file. The check itself is audited.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop.local_time import format_moment
from desktop.models import AuditEvent
from desktop.reports.checking import ReportCheck
from desktop.reports.verification import KnownCertificate, Verification, verify_pdf
from desktop.services.signing.identity import IdentityView, SigningIdentityService
from desktop.storage import audit
from desktop.storage.vault import SYSTEM_ACTOR, Vault


def check_with_vault(vault: Vault, data: bytes, password: str | None) -> ReportCheck:
    """Verify against this vault's identities; find and describe the export's audit event."""
    service = SigningIdentityService(vault)
    service.ensure()
    known = [_known(identity) for identity in service.history()]
    result = verify_pdf(data, known, password)
    produced = _export_event(vault, result) if result.ok else ""
    with vault.session() as session:
        audit.record(
            session,
            audit.AuditAction.VERIFY,
            actor=vault.actor,
            entity_type="report",
            detail={"verdict": result.verdict.name.lower(), "export_id": result.export_id},
        )
    return ReportCheck(result, produced)


def _known(identity: IdentityView) -> KnownCertificate:
    if identity.active:
        return KnownCertificate(identity.certificate_der, "this vault's signing identity")
    retired = identity.retired_at.date().isoformat() if identity.retired_at else ""
    return KnownCertificate(
        identity.certificate_der, f"an earlier signing identity of this vault (replaced {retired})"
    )


def _export_event(vault: Vault, result: Verification) -> str:
    if not result.export_id:
        return ""
    query = (
        select(AuditEvent)
        .where(AuditEvent.action == audit.AuditAction.EXPORT)
        .order_by(AuditEvent.seq.desc())
    )
    with vault.session() as session:
        for event in session.scalars(query):
            if event.detail.get("export_id") == result.export_id:
                when = format_moment(event.occurred_at)
                who = result.signer if event.actor == SYSTEM_ACTOR else event.actor
                return f"Exported from this vault {when} by {who} (audit event #{event.seq})."
    return "This vault has no record of exporting this report."
