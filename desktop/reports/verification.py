"""Checking a Confide report: its PAdES signature, who signed it, and its content fingerprint.

The verdict is one of four, said plainly: valid and unchanged; changed after signing;
signed by another identity; not a Confide report. "Unchanged" means the signature covers
every byte of the file (or only validation data was appended after it), the signature
verifies, and the fingerprint recomputed from the content records inside the file is the
one printed on the report's last page. "Another identity" means all that holds, but the
signing certificate is not one of the certificates checked against.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.crypt import AuthStatus
from pyhanko.pdf_utils.generic import DictionaryObject, StreamObject
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from desktop.errors import UserInputError
from desktop.reports.archival import CONTENT_SCHEME, PIECE_NAME
from desktop.reports.document import FINGERPRINT_LABEL, content_fingerprint
from desktop.reports.pdf_signature import SIGNATURE_FIELD
from desktop.storage.certificates import certificate_fingerprint, common_name

MAX_REPORT_BYTES = 512 * 1024 * 1024
_PRINTED = re.compile(re.escape(FINGERPRINT_LABEL) + r"\s*([0-9a-f]{64})")
_UNCHANGED_LEVELS = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES)


class Verdict(StrEnum):
    VALID = "Valid and unchanged"
    CHANGED = "Changed after signing"
    OTHER_IDENTITY = "Signed by another identity"
    NOT_CONFIDE = "Not a Confide report"


@dataclass(frozen=True)
class KnownCertificate:
    """A certificate to check the signer against, and how to name it to the reader."""

    der: bytes
    label: str


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    explanation: str
    signer: str = ""
    signer_fingerprint: str = ""
    signed_at: datetime | None = None
    reason: str = ""
    fingerprint: str = ""
    export_id: str = ""
    matched: str = ""  # the label of the known certificate that signed it

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID


@dataclass(frozen=True)
class _Embedded:
    fingerprint: str
    export_id: str
    content: bytes


def verify_pdf(
    data: bytes, known: Sequence[KnownCertificate], password: str | None = None
) -> Verification:
    """Check ``data`` (a PDF's bytes) against ``known`` certificates; never raises for bad PDFs.

    Raises UserInputError only when the file is encrypted and ``password`` is missing or wrong.
    """
    reader = _reader(data, password)
    signature = None if reader is None else _confide_signature(reader)
    if reader is None or signature is None:
        return _not_confide("It is not a readable PDF carrying a Confide signature.")
    status = _validated(signature, known)
    problem = _change_problem(status)
    if status is None or problem:
        return _changed(problem)
    embedded = _embedded(reader)
    if embedded is None:
        return _not_confide("It is signed, but holds no Confide content record.")
    if not _fingerprint_agrees(embedded, data, password):
        return _changed("The fingerprint printed in the report does not match its content.")
    return _identity_verdict(status, known, embedded, signature)


def _identity_verdict(
    status: PdfSignatureStatus,
    known: Sequence[KnownCertificate],
    embedded: _Embedded,
    signature: EmbeddedPdfSignature,
) -> Verification:
    der = status.signing_cert.dump()
    signer_fingerprint = certificate_fingerprint(der)
    match = next((k for k in known if certificate_fingerprint(k.der) == signer_fingerprint), None)
    common = {
        "signer": common_name(der),
        "signer_fingerprint": signer_fingerprint,
        "signed_at": status.signer_reported_dt,
        "reason": str(signature.sig_object.get("/Reason", "")),
        "fingerprint": embedded.fingerprint,
        "export_id": embedded.export_id,
    }
    if match is None:
        return Verification(
            Verdict.OTHER_IDENTITY,
            "The report is intact, but it was signed with a certificate other than the one "
            "it was checked against. Confirm the certificate fingerprint with the clinician "
            "by another channel (telephone, in person).",
            **common,  # type: ignore[arg-type]
        )
    return Verification(
        Verdict.VALID,
        "The signature is valid, it was made by the expected certificate, and not a byte "
        "of the report has changed since it was signed.",
        matched=match.label,
        **common,  # type: ignore[arg-type]
    )


def _reader(data: bytes, password: str | None) -> PdfFileReader | None:
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = bool(reader.encrypted)
    except Exception:  # any parse failure means it is not a PDF we can read
        return None
    if not encrypted:
        return reader
    if password is None:
        raise UserInputError(
            "This report is protected by a password.", "Give its password to check it."
        )
    try:
        result = reader.decrypt(password)
    except Exception:
        return None
    if result.status is AuthStatus.FAILED:
        raise UserInputError("The password does not open this report.", "Check the password.")
    return reader


def _confide_signature(reader: PdfFileReader) -> EmbeddedPdfSignature | None:
    try:
        signatures = list(reader.embedded_signatures)
    except Exception:
        return None
    return next((s for s in signatures if s.field_name == SIGNATURE_FIELD), None)


def _validated(
    signature: EmbeddedPdfSignature, known: Sequence[KnownCertificate]
) -> PdfSignatureStatus | None:
    roots = [asn1_x509.Certificate.load(k.der) for k in known]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        return validate_pdf_signature(signature, signer_validation_context=context)
    except Exception:  # pyHanko raises many kinds for a damaged signature
        return None


def _change_problem(status: PdfSignatureStatus | None) -> str:
    if not isinstance(status, PdfSignatureStatus):
        return "The signature cannot be read: the file was damaged or altered."
    if not (status.intact and status.valid):
        return "The report's bytes no longer match its signature: it was altered."
    if status.coverage is SignatureCoverageLevel.ENTIRE_FILE:
        return ""
    if status.modification_level in _UNCHANGED_LEVELS:
        return ""
    return "Something was added to the file after it was signed (for example edited text)."


def _embedded(reader: PdfFileReader) -> _Embedded | None:
    try:
        private = reader.root["/PieceInfo"][PIECE_NAME]["/Private"]
        if not isinstance(private, DictionaryObject) or str(private["/Scheme"]) != CONTENT_SCHEME:
            return None
        stream = private["/Content"]
        if not isinstance(stream, StreamObject):
            return None
        return _Embedded(str(private["/Fingerprint"]), str(private["/ExportId"]), stream.data)
    except (KeyError, TypeError, ValueError):
        return None


def _fingerprint_agrees(embedded: _Embedded, data: bytes, password: str | None) -> bool:
    """The content records give the stored fingerprint, and the pages print that one."""
    recomputed = content_fingerprint(embedded.content)
    return recomputed == embedded.fingerprint == _printed_fingerprint(data, password)


def _printed_fingerprint(data: bytes, password: str | None) -> str:
    """The fingerprint printed on the report's pages, searched from the last page back."""
    try:
        reader = PdfReader(io.BytesIO(data), password=password)
        for page in reversed(reader.pages):
            found = _PRINTED.search(" ".join(page.extract_text().split()))
            if found:
                return found.group(1)
    except Exception:  # damaged page content: nothing readable was printed
        return ""
    return ""


def _not_confide(why: str) -> Verification:
    return Verification(Verdict.NOT_CONFIDE, why)


def _changed(why: str) -> Verification:
    return Verification(
        Verdict.CHANGED, f"{why} Ask the clinician for the original file; do not rely on this one."
    )
