"""A working session with client data, run as its own process by test_leaks.py.

``python -m tests.hardening.phi_session VAULT EXPORTS``: starts like the app (process
hardening, logging), fills a vault with the PHI strings through the services, searches,
verifies, backs up, exports an encrypted PDF, saves settings, shows the PHI in a Qt widget,
makes the services refuse PHI-laden input, then runs the CLI on the same vault. The parent
scans every file this left behind.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date
from pathlib import Path

from desktop.cli import run
from desktop.errors import ConfideError
from desktop.logs import configure_logging, logger
from desktop.process import harden_process
from desktop.reports.document import ReportBuilder
from desktop.reports.output import write_report
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.settings import Settings, load_settings, save_settings
from desktop.storage import backup
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.records import PHI_FIRST, PHI_LAST, PHI_NOTE, add_phi

REPORT_PASSWORD = "report password for counsel"
log = logger("hardening")


def work_with_phi(vault: Vault, exports: Path) -> None:
    PractitionerService(vault).save(Profile("Dr. Leak Test", "CA"))
    rows = add_phi(vault)
    client_id = next(iter(rows.clients))
    clients = ClientService(vault)
    clients.update(client_id, ClientInput(PHI_FIRST, PHI_LAST, address="12 Quince Lane"))
    assert clients.list(search=PHI_LAST.split("-")[0])
    assert NoteService(vault).for_client(client_id)
    assert verify_vault(vault).ok
    backup.rotating_backup(vault, load_settings().backup_path())
    save_settings(Settings(backup_keep=5))
    builder = ReportBuilder("Incident report", "CONFIDENTIAL", f"Client: {PHI_FIRST} {PHI_LAST}")
    builder.paragraph(PHI_NOTE)
    write_report(exports / "incident.pdf", builder.render().pdf, REPORT_PASSWORD)
    refuse_phi(vault, client_id)


def refuse_phi(vault: Vault, client_id: int) -> None:
    """Error paths with PHI in the input; logged the way the app logs errors."""
    attempts = [
        lambda: ClientService(vault).create(ClientInput(PHI_FIRST * 50, PHI_LAST)),
        lambda: NoteService(vault).add(client_id, date(2999, 1, 1), PHI_NOTE),
        lambda: NoteService(vault).update(10**9, PHI_NOTE),
    ]
    for attempt in attempts:
        try:
            attempt()
        except ConfideError as exc:
            log.warning("refused: %s: %s", type(exc).__name__, exc)


def show_in_qt() -> None:
    from PySide6.QtWidgets import QApplication, QLineEdit

    app = QApplication.instance() or QApplication([])
    field = QLineEdit(f"{PHI_FIRST} {PHI_LAST}")
    field.show()
    app.processEvents()
    field.close()
    app.processEvents()


def main(vault_folder: Path, exports: Path) -> int:
    harden_process()
    configure_logging()
    vault, _ = Vault.create(vault_folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        work_with_phi(vault, exports)
    show_in_qt()
    secret = exports.parent / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    common = ["--vault", str(vault_folder), "--passphrase-file", str(secret)]
    codes = [run(["verify", *common]), run(["list", "clients", "--json", *common])]
    codes.append(run(["backup", *common]))
    secret.unlink()
    with contextlib.suppress(OSError):
        sys.stdout.flush()
    return 0 if codes == [0, 0, 0] else 1


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
