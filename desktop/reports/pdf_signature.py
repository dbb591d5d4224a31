"""PAdES signatures (pyHanko): sign a finished report with the vault's signing identity.

The signature is ETSI.CAdES.detached (PAdES baseline B-B) over SHA-256, made with ECDSA
P-256, with the signing time in the signature dictionary and the reason the report was
made. It is an invisible signature field: every common reader shows it in its signature
panel. It is added as an incremental update after the content is final, so any later
change to the file is detectable. An encrypted report is signed inside its encryption.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

SIGNATURE_FIELD = "ConfideSignature"
_RESERVED = 8192  # hex bytes for the CMS blob (~1.5 KB here); skips pyHanko's trial signature


@dataclass(frozen=True)
class SignatureRequest:
    certificate_der: bytes
    private_key_der: bytes
    reason: str


def sign_pdf(pdf: bytes, request: SignatureRequest, password: str | None = None) -> bytes:
    """Return ``pdf`` with a PAdES signature appended; ``password`` opens an encrypted one."""
    certificate = asn1_x509.Certificate.load(request.certificate_der)
    signer = signers.SimpleSigner(
        signing_cert=certificate,
        signing_key=asn1_keys.PrivateKeyInfo.load(request.private_key_der),
        cert_registry=SimpleCertificateStore.from_certs([certificate]),  # type: ignore[no-untyped-call]
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    if password is not None:
        writer.encrypt(password)  # type: ignore[no-untyped-call]
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=request.reason,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    output = io.BytesIO()
    pdf_signer = signers.PdfSigner(metadata, signer)
    pdf_signer.sign_pdf(writer, output=output, bytes_reserved=_RESERVED)
    return output.getvalue()
