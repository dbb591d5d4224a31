"""Writing a rendered report to disk: signed, archival or AES-256 encrypted, always atomically.

:func:`write_signed_report` is the last step of every PDF report: the content records go
into the file, an unencrypted copy becomes PDF/A-2b, a password-protected one is encrypted,
and then the signing material the service passes in signs it (PAdES). The plaintext PDF only
ever exists in memory when a password is given: it is encrypted before any byte reaches the
folder.
"""

from __future__ import annotations

import io
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from desktop.errors import UserInputError, VaultReadOnlyError
from desktop.models.base import utc_now
from desktop.reports import archival
from desktop.reports.document import RenderedReport
from desktop.storage.certificates import UNNAMED, SigningMaterial, common_name
from desktop.storage.files import atomic_write_bytes
from desktop.storage.secret_file import read_secret_file

ARCHIVAL_NOTE = (
    "Every PDF is signed with your signing identity. Without a password it is also an "
    "archival PDF (PDF/A-2b) that will open the same way for years; the archival standard "
    "forbids encryption, so a password-protected copy is a signed PDF but not PDF/A."
)


def write_report(path: Path, pdf: bytes, password: str | None = None) -> None:
    """Write ``pdf`` to ``path`` atomically, encrypted with ``password`` if one is given.

    Raises UserInputError for an empty password or a folder that is missing or not
    writable, DiskFullError when the disk is full. A failed write leaves no file behind
    and an existing file at ``path`` unchanged.
    """
    data = pdf if password is None else encrypt_pdf(pdf, password)
    try:
        atomic_write_bytes(path, data)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise UserInputError(
            "The folder chosen for the report does not exist.", "Choose another folder."
        ) from exc
    except (IsADirectoryError, VaultReadOnlyError) as exc:
        raise UserInputError(
            "The report cannot be written there.", "Choose a folder you can write to."
        ) from exc


@dataclass(frozen=True)
class ReportSigning:
    """What a report kind says about itself when signed: its title and the reason."""

    title: str
    reason: str


@dataclass(frozen=True)
class SignedExport:
    """What the export's audit event records about the signed file."""

    export_id: str
    signed_by: str  # the signing certificate's SHA-256 fingerprint
    archival: bool

    def audit_detail(self) -> dict[str, object]:
        return {"export_id": self.export_id, "signed_by": self.signed_by, "pdfa": self.archival}


def write_signed_report(
    material: SigningMaterial,
    path: Path,
    rendered: RenderedReport,
    signing: ReportSigning,
    password: str | None = None,
) -> SignedExport:
    """Finish ``rendered`` (content records, PDF/A or encryption, PAdES signature); write it."""
    # pyHanko takes ~0.5 s to import: paid at the first export, not when the window opens.
    from desktop.reports.pdf_signature import SignatureRequest, sign_pdf

    author = common_name(material.certificate_der)
    info = archival.ArchivalInput(
        title=signing.title,
        author="Confide" if author in ("", UNNAMED) else author,
        content=rendered.content,
        fingerprint=rendered.fingerprint,
        export_id=str(uuid.uuid4()),
        created=utc_now(),
    )
    prepared = archival.prepare(rendered.pdf, info, password)
    request = SignatureRequest(material.certificate_der, material.private_key_der, signing.reason)
    write_report(path, sign_pdf(prepared, request, password))
    return SignedExport(info.export_id, material.fingerprint, archival=password is None)


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """Return ``pdf`` encrypted in memory with AES-256; it opens only with ``password``.

    The owner password is random and discarded, so nobody can lift the encryption
    without the user password.
    """
    if not password:
        raise UserInputError("The report password is empty.", "Type a password or choose none.")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def read_password_file(path: Path) -> str:
    """The report password on the first line of ``path``; the file's name is never shown."""
    return read_secret_file(path, "password", name_the_file=False)
