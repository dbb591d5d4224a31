"""Verifying a report file: its result in plain sentences, and the check against a certificate file.

Without the vault, a certificate file (PEM or DER, as ``confide identity export-cert`` writes
it) is the reference. The check with the vault (its identities and audit log) is
``desktop.services.signing.report_check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.errors import UserInputError
from desktop.local_time import format_moment
from desktop.reports.verification import (
    MAX_REPORT_BYTES,
    KnownCertificate,
    Verdict,
    Verification,
    verify_pdf,
)
from desktop.storage import certificates as certs

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
