"""The signing identity: made with the vault, named after the profile, shown, exported, rotated."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from sqlalchemy import select

from desktop.cli import run
from desktop.errors import UserInputError
from desktop.models import AuditEvent
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.services.signing.identity import ENTITY, SigningIdentityService
from desktop.storage.certificates import (
    UNNAMED,
    certificate_fingerprint,
    load_certificate_bytes,
    spaced,
)
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE


def identity_events(vault: Vault) -> list[dict[str, object]]:
    with vault.session() as session:
        query = select(AuditEvent).where(AuditEvent.entity_type == ENTITY)
        return [event.detail for event in session.scalars(query.order_by(AuditEvent.seq))]


def test_first_use_creates_one_identity_and_audits_it(vault: Vault) -> None:
    service = SigningIdentityService(vault)
    assert service.current() is None
    first = service.ensure()
    assert service.ensure() == first and first.active and first.algorithm == "ecdsa-p256"
    assert first.subject == UNNAMED
    assert identity_events(vault) == [{"fingerprint": first.fingerprint, "reason": "first use"}]
    assert certificate_fingerprint(first.certificate_der) == first.fingerprint


def test_the_certificate_names_the_profile_and_follows_its_changes(vault: Vault) -> None:
    practitioner = PractitionerService(vault)
    profile = Profile("Dr. Robin Vale", "CA", credentials="PhD", license_number="PSY 1234")
    practitioner.save(profile)
    named = SigningIdentityService(vault).ensure()
    certificate = x509.load_der_x509_certificate(named.certificate_der)
    subject = certificate.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Dr. Robin Vale"
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == "PhD"
    units = [a.value for a in subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)]
    assert units == ["License PSY 1234", f"Confide vault {vault.vault_id}"]
    assert certificate.issuer == subject  # self-signed
    practitioner.save(profile)  # nothing the certificate says changed: same identity
    assert SigningIdentityService(vault).ensure() == named
    practitioner.save(
        Profile("Dr. Robin Vale", "CA", credentials="PsyD", license_number="PSY 1234")
    )
    renewed = SigningIdentityService(vault).ensure()
    assert renewed.fingerprint != named.fingerprint and "PsyD" in renewed.subject
    assert identity_events(vault)[-1] == {
        "fingerprint": renewed.fingerprint,
        "reason": "The practitioner profile changed.",
        "replaces": named.fingerprint,
    }


def test_rotation_needs_a_reason(vault: Vault) -> None:
    with pytest.raises(UserInputError, match="Say why"):
        SigningIdentityService(vault).rotate("   ")


def test_identity_commands_show_export_and_rotate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, secret = tmp_path / "vault", tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    common = ["--vault", str(folder), "--passphrase-file", str(secret)]
    assert run(["init", *common, "--name", "Dr. Robin Vale", "--jurisdiction", "CA"]) == 0
    assert run(["identity", "show", *common]) == 0
    shown = capsys.readouterr().out
    assert "Signing identity:  Dr. Robin Vale (CA)" in shown
    out = tmp_path / "robin.pem"
    assert run(["identity", "export-cert", "--out", str(out), *common]) == 0
    der = load_certificate_bytes(out.read_bytes())
    assert spaced(certificate_fingerprint(der)) in shown
    assert run(["identity", "rotate", "--reason", "Laptop stolen", *common]) == 0
    capsys.readouterr()
    assert run(["identity", "show", *common]) == 0
    after = capsys.readouterr().out
    assert "Earlier identity" in after and "Laptop stolen" in after
    assert spaced(certificate_fingerprint(der)) in after.split("Earlier identity")[1]
