"""Verifying a report file, with the vault (its identities and audit log) or a certificate file.

With the vault open, the report is checked against every certificate this vault has had
(the current one and retired ones) and the export's audit event is looked up by the export
id sealed inside the file. The check itself is audited. Without the vault, a certificate
file (PEM or DER, as ``confide identity export-cert`` writes it) is the reference.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.errors import UserInputError
from desktop.local_time import format_moment
from desktop.models import AuditEvent
from desktop.reports.verification import (
    MAX_REPORT_BYTES,
    KnownCertificate,
    Verdict,
    Verification,
    verify_pdf,
)
from desktop.services.signing import certificates as certs
from desktop.services.signing.identity import IdentityView, SigningIdentityService
from desktop.storage import audit
from desktop.storage.vault import SYSTEM_ACTOR, Vault

_MAX_CERTIFICATE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ReportCheck:
    """A verification and, when checked with the vault, where its export is recorded."""

    result: Verification
    produced: str = ""

    @property
    def ok(self) -> bool:
        return self.result.ok

    def lines(self) -> list[str]:
        """The verdict and its facts, in plain sentences, for the terminal or a dialog."""
        result = self.result
        lines = [f"{result.verdict.value.upper()}: {result.explanation}"]
        if result.signer_fingerprint:
            lines.append(f"Signed by: {result.signer or 'an unnamed certificate'}")
            spaced = certs.spaced(result.signer_fingerprint)
            lines.append(f"Signer's certificate fingerprint (SHA-256): {spaced}")
        if result.matched:
            lines.append(f"Matches: {result.matched}")
        if result.signed_at is not None:
            lines.append(f"Signed at: {format_moment(result.signed_at)}")
        if result.reason:
            lines.append(f"Reason: {result.reason}")
        if result.fingerprint and result.verdict is not Verdict.CHANGED:
            lines.append(
                f"Content fingerprint (SHA-256): {result.fingerprint}, recomputed from the "
                "report's content; it matches the one printed on its last page."
            )
        if self.produced:
            lines.append(self.produced)
        return lines


def read_report_file(path: Path) -> bytes:
    """The bytes of a report file; a missing, unreadable or huge file raises UserInputError."""
    return _read(path, MAX_REPORT_BYTES, "report")


def certificate_from_file(path: Path) -> KnownCertificate:
    """The certificate in ``path`` (PEM or DER); anything else raises UserInputError."""
    data = _read(path, _MAX_CERTIFICATE_BYTES, "certificate")
    try:
        der = certs.load_certificate_bytes(data)
    except ValueError:
        raise UserInputError(
            "The certificate file does not hold a certificate.",
            "Use the file made by 'confide identity export-cert'.",
        ) from None
    return KnownCertificate(der, f"the certificate in {path.name}")


def check_with_certificate(
    data: bytes, certificate: KnownCertificate, password: str | None
) -> ReportCheck:
    """Verify without a vault, against one certificate."""
    return ReportCheck(verify_pdf(data, [certificate], password))


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


def _read(path: Path, limit: int, what: str) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise UserInputError(f"The {what} file does not exist.", "Check its name.") from None
    except OSError:
        raise UserInputError(f"The {what} file cannot be read.") from None
    if len(data) > limit:
        raise UserInputError(f"The {what} file is too large to be a Confide {what}.")
    return data
