"""Helpers shared by the consent tests: a complete SignInput as the signing screen sends it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from desktop.services.consents.service import ConsentService, SignInput
from desktop.services.demo.signature import synthetic_signature_png
from desktop.storage.vault import Vault

PRACTITIONER = "Dr. Robin Vale"
ADULT_KEY = "informed-consent-adult"
MINOR_KEY = "informed-consent-minor"


def sign_input(
    vault: Vault,
    client_id: int,
    key: str = ADULT_KEY,
    signer: str = "Zoë Nguyễn",
    **changes: object,
) -> SignInput:
    """A complete SignInput for the current version of ``key``, as the signing screen sends."""
    rendered = ConsentService(vault).render_for_client(client_id, key)
    now = datetime.now(UTC)
    values: dict[str, object] = {
        "client_id": client_id,
        "template_id": rendered.template.id,
        "rendered_text": rendered.text,
        "read_to_end_at": now - timedelta(minutes=2),
        "signer_name": signer,
        "signature_png": synthetic_signature_png(signer),
        "practitioner_signature_png": synthetic_signature_png(PRACTITIONER),
        "signed_at": now - timedelta(minutes=1),
    }
    values.update(changes)
    return SignInput(**values)  # type: ignore[arg-type]


def sign(vault: Vault, client_id: int, **kwargs: object) -> int:
    return ConsentService(vault).sign(sign_input(vault, client_id, **kwargs))  # type: ignore[arg-type]
