"""One practice's vault with every report kind exported once (module scope: signing is shared)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.services.clients.service import ClientService
from desktop.services.consents.templates import TemplateService
from desktop.services.demo.incidents import seed_demo_incidents
from desktop.services.exports import (
    export_accounting,
    export_chart_report,
    export_consent_report,
    export_incident_report,
)
from desktop.services.signing.identity import SigningIdentityService
from desktop.storage.certificates import certificate_pem
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.support.cases import setup_practice
from tests.support.consents import sign

REPORT_PASSWORD = "counsel only 7"
KINDS = ("incident", "consent", "accounting", "disclosure_log", "chart")


@dataclass(frozen=True)
class Exported:
    """A locked vault, its exported reports and its certificate file."""

    vault_dir: Path
    reports: dict[str, Path]
    encrypted: Path
    certificate: Path
    fingerprint: str

    def open(self) -> Vault:
        return Vault.open(self.vault_dir, PASSPHRASE)


def _practice(folder: Path) -> Vault:
    vault, _ = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    client = setup_practice(vault)
    others = [ClientService(vault).create(ClientInput(n, "Demo")) for n in ("Mara", "Teo")]
    seed_demo_incidents(vault, [client, *others])
    TemplateService(vault).ensure_bundled_templates()
    return vault


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Exported]:
    folder = tmp_path_factory.mktemp("signed")
    vault = _practice(folder / "vault")
    client = 1
    consent = sign(vault, client, signer="Jordan Avery")
    reports = {
        "incident": export_incident_report(vault, 1, folder / "incident.pdf"),
        "consent": export_consent_report(vault, consent, folder / "consent.pdf"),
        "accounting": export_accounting(vault, client, folder / "accounting.pdf"),
        "disclosure_log": export_accounting(vault, client, folder / "log.pdf", full_log=True),
        "chart": export_chart_report(vault, client, folder / "chart.pdf").path,
    }
    encrypted = export_incident_report(vault, 1, folder / "locked.pdf", REPORT_PASSWORD)
    identity = SigningIdentityService(vault).ensure()
    certificate = folder / "clinician.pem"
    certificate.write_bytes(certificate_pem(identity.certificate_der))
    vault.lock()
    yield Exported(folder / "vault", reports, encrypted, certificate, identity.fingerprint)
