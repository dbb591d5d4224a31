"""Self-signed X.509 certificates for a vault's signing key (ECDSA P-256, SHA-256).

ECDSA P-256 is chosen over Ed25519 because every common PDF reader (Adobe Acrobat and
Reader, Foxit, macOS Preview's signature panel) verifies it; Ed25519 PDF signatures are
still refused by some of them. The certificate names the practitioner as the profile says,
and the vault it belongs to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

ALGORITHM = "ecdsa-p256"
VALIDITY = timedelta(days=25 * 365)  # reports are read for years; the key is pinned, not chained
UNNAMED = "Practitioner not named yet (Confide)"


@dataclass(frozen=True)
class Holder:
    """Who the certificate names; all plain text from the practitioner profile."""

    name: str
    credentials: str = ""
    license_number: str = ""
    jurisdiction: str = ""
    vault_id: str = ""

    def describe(self) -> str:
        """One line, e.g. "Dr. Robin Vale, PhD; license PSY 1234 (CA)"."""
        text = ", ".join(part for part in (self.name, self.credentials) if part)
        if self.license_number:
            text += f"; license {self.license_number}"
        if self.jurisdiction:
            text += f" ({self.jurisdiction})"
        return text


@dataclass(frozen=True)
class SigningMaterial:
    """What signing needs: the certificate and the private key (PKCS#8 DER)."""

    certificate_der: bytes = field(repr=False)
    private_key_der: bytes = field(repr=False)
    fingerprint: str


@dataclass(frozen=True)
class NewIdentity:
    certificate_der: bytes
    private_key_der: bytes = field(repr=False)
    fingerprint: str
    subject: str


def create_identity(holder: Holder, now: datetime) -> NewIdentity:
    """A fresh key pair and its self-signed certificate naming ``holder``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(holder)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_signing_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    private = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return NewIdentity(der, private, certificate_fingerprint(der), holder.describe())


def certificate_fingerprint(der: bytes) -> str:
    """SHA-256 of the certificate's DER bytes, lower-case hex (what PDF readers show)."""
    return hashlib.sha256(der).hexdigest()


def spaced(fingerprint: str) -> str:
    """A fingerprint easy to read aloud: upper case in groups of four, e.g. "AB12 CD34 …"."""
    text = fingerprint.upper()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def certificate_pem(der: bytes) -> bytes:
    return x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)


def load_certificate_bytes(data: bytes) -> bytes:
    """DER bytes of a certificate given as PEM or DER; ValueError when it is neither."""
    text = data.lstrip()
    if text.startswith(b"-----BEGIN"):
        certificate = x509.load_pem_x509_certificate(text)
    else:
        certificate = x509.load_der_x509_certificate(data)
    return certificate.public_bytes(serialization.Encoding.DER)


def common_name(der: bytes) -> str:
    """The certificate's common name (the person it names), or "" if it has none."""
    certificate = x509.load_der_x509_certificate(der)
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _name(holder: Holder) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, holder.name[:64] or UNNAMED)]
    if holder.credentials:
        attributes.append(x509.NameAttribute(NameOID.TITLE, holder.credentials[:64]))
    if holder.license_number:
        attributes.append(
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, f"License {holder.license_number}"[:64]
            )
        )
    if holder.vault_id:
        attributes.append(
            x509.NameAttribute(
                NameOID.ORGANIZATIONAL_UNIT_NAME, f"Confide vault {holder.vault_id}"[:64]
            )
        )
    attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Confide"))
    if holder.jurisdiction:
        attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, holder.jurisdiction))
        attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "US"))
    return x509.Name(attributes)


def _signing_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
