"""Known client data for the hardening suite, and the checks every fault case repeats.

The PHI strings are distinctive so that a byte scan can tell them from anything else.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select

from desktop.domain import DisclosureMethod, InformationCategory, LegalBasis, RecipientRole
from desktop.models import Client, Disclosure, Note
from desktop.reports.document import ReportBuilder
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from desktop.workflow.disclosures import DisclosureInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB

PHI_FIRST = "Xiomara"
PHI_LAST = "Thistlewood-Ábrego"
PHI_NOTE = "Says she will hurt Bartholomew Quince before Friday"
PHI_RECIPIENT = "Detective Ignatius Pembersley"
PHI_STRINGS = (PHI_FIRST, PHI_LAST, PHI_NOTE, PHI_RECIPIENT, "Bartholomew Quince", "Pembersley")


@dataclass
class Rows:
    """What the vault must hold: id -> content, for the tables the suite writes."""

    clients: dict[int, str] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    disclosures: dict[int, str] = field(default_factory=dict)

    def total(self) -> int:
        return len(self.clients) + len(self.notes) + len(self.disclosures)

    def missing_from(self, stored: Rows) -> int:
        """How many of these rows ``stored`` lacks or holds with other content."""
        lost = 0
        for mine, theirs in (
            (self.clients, stored.clients),
            (self.notes, stored.notes),
            (self.disclosures, stored.disclosures),
        ):
            lost += sum(1 for key, value in mine.items() if theirs.get(key) != value)
        return lost


def disclosure_input(client_id: int, recipient: str = PHI_RECIPIENT) -> DisclosureInput:
    return DisclosureInput(
        client_id=client_id,
        disclosed_at=datetime(2026, 1, 6, 15, 30, tzinfo=UTC),
        recipient_name=recipient,
        recipient_role=RecipientRole.LAW_ENFORCEMENT,
        method=DisclosureMethod.PHONE,
        categories=(InformationCategory.IDENTITY, InformationCategory.NATURE_OF_THREAT),
        description="Name and the threat as stated",
        purpose="Warn and protect the named person",
        legal_basis=LegalBasis.SERIOUS_THREAT,
        minimum_necessary="Only identity and the threat were needed to act",
    )


def add_phi(vault: Vault) -> Rows:
    """One client, one note and one disclosure built from the PHI strings."""
    rows = Rows()
    client_id = ClientService(vault).create(
        ClientInput(PHI_FIRST, PHI_LAST, date_of_birth=date(1984, 2, 29))
    )
    rows.clients[client_id] = f"{PHI_FIRST} {PHI_LAST}"
    note_id = NoteService(vault).add(client_id, date(2026, 1, 5), PHI_NOTE)
    rows.notes[note_id] = PHI_NOTE
    with vault.session() as session:
        disclosure_id = add_disclosure(session, vault.actor, disclosure_input(client_id))
    rows.disclosures[disclosure_id] = PHI_RECIPIENT
    return rows


def build_vault(folder: Path, passphrase: str = PASSPHRASE) -> Rows:
    """A locked vault in ``folder`` holding the PHI rows."""
    vault, _ = Vault.create(folder, passphrase, kdf_memory_kib=TEST_KDF_KIB)
    try:
        return add_phi(vault)
    finally:
        vault.lock()


def stored_rows(vault: Vault) -> Rows:
    rows = Rows()
    with vault.session() as session:
        for client in session.scalars(select(Client)):
            rows.clients[client.id] = f"{client.first_name} {client.last_name}"
        for note in session.scalars(select(Note)):
            rows.notes[note.id] = note.body
        for disclosure in session.scalars(select(Disclosure)):
            rows.disclosures[disclosure.id] = disclosure.recipient_name
    return rows


def open_verified(folder: Path, passphrase: str = PASSPHRASE) -> Rows:
    """Open the vault, require integrity and an intact audit chain, return its rows, lock."""
    with Vault.open(folder, passphrase) as vault:
        result = verify_vault(vault)
        assert result.ok, result.summary
        return stored_rows(vault)


def file_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative path -> content)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fresh_copy(pristine: Path, target: Path) -> Path:
    """A byte-for-byte copy of a locked vault folder (file modes kept)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(pristine, target)
    return target


# ----- hostile text ----------------------------------------------------------------------------

HOSTILE: dict[str, str] = {
    "empty": "",
    "blank": " \t\n ",
    "one-megabyte": "Ωmega words " * 87_382,  # 1,048,584 characters
    "control-characters": "Ann\x00ie\x07 \x1b[31mred\x7f\x08",
    "right-to-left": "\u202eevil\u202c שלום עליכם مرحبا",
    "combining-characters": "Zoe\u0308 Nguye\u0302\u0303n",
    "emoji": "🙂 👨\u200d👩\u200d👧 family 🏳️\u200d🌈",
    "sql-look-alike": "Robert'); DROP TABLE clients;-- \" OR 1=1",
    "markup-look-alike": "<b>x</b> <img src='/etc/passwd'> &amp; <script>alert(1)</script>",
    "lone-surrogate": "bad \ud800 input",
    "line-endings": "one\r\ntwo\rthree\n",
    "zero-width-and-nbsp": "Ze\u200bro\u00a0space\ufeff",
    "cjk-and-astral": "李小龙 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \U0010fffd",
    "format-specifiers": "%s %(name)s {0} {name!r} \\N{BULLET}",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def documented(text: str) -> str:
    text = re.sub("[\ud800-\udfff]", "\ufffd", text)
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def large_report() -> ReportBuilder:
    """A report of 20+ pages full of PHI, for export crash and full-disk cases."""
    builder = ReportBuilder("Incident report", "CONFIDENTIAL", f"Client: {PHI_FIRST} {PHI_LAST}")
    for section in range(150):
        builder.heading(f"Section {section}", 2)
        builder.paragraph(f"{PHI_NOTE}. " * 8)
    return builder
