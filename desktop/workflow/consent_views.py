"""A signed consent as the services read it and the builders print it (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain import ConfidentialityLimit
from desktop.workflow.addenda import AddendumView


@dataclass(frozen=True)
class RevocationView:
    revoked_at: datetime
    reason: str
    recorded_at: datetime


@dataclass(frozen=True)
class ConsentView:
    """A signed consent as stored. ``text_intact`` re-checks the text against its hash."""

    id: int
    client_id: int
    template_id: int
    template_key: str
    template_version: int
    template_hash: str
    title: str
    rendered_text: str
    rendered_hash: str
    text_intact: bool
    limits: tuple[ConfidentialityLimit, ...]
    read_to_end_at: datetime
    signer_name: str
    signature_png: bytes
    signed_at: datetime
    guardian_name: str
    guardian_relationship: str
    guardian_signature_png: bytes | None
    witness_name: str
    minor_consent_basis: str
    practitioner_name: str
    practitioner_signature_png: bytes | None
    countersigned_at: datetime | None
    revocation: RevocationView | None
    addenda: tuple[AddendumView, ...]

    @property
    def revoked(self) -> bool:
        return self.revocation is not None
