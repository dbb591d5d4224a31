"""The vault's signing identity: created on first use, shown, exported and rotated (audited).

One identity is active at a time. Rotating retires it (keeping its certificate, so reports it
signed still verify against this vault) and makes a new key and certificate. When the
practitioner profile changes what the certificate says, the identity is rotated so the
certificate always names the clinician as the profile does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserInputError
from desktop.models import PractitionerProfile, SigningIdentity, VaultMeta
from desktop.models.base import utc_now
from desktop.storage import audit
from desktop.storage import certificates as certs
from desktop.storage.vault import Vault

ENTITY = "signing_identity"
PROFILE_CHANGED = "The practitioner profile changed."
_MAX_REASON = 300


@dataclass(frozen=True)
class IdentityView:
    """A signing identity as shown to the clinician (never the private key)."""

    id: int
    fingerprint: str
    subject: str
    algorithm: str
    created_at: datetime
    retired_at: datetime | None
    retired_reason: str
    certificate_der: bytes = field(repr=False)

    @property
    def active(self) -> bool:
        return self.retired_at is None

    @property
    def spaced_fingerprint(self) -> str:
        return certs.spaced(self.fingerprint)


class SigningIdentityService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def ensure(self) -> IdentityView:
        """The active identity, created now (and audited) if the vault has none yet."""
        with self._vault.session() as session:
            row = _active(session) or self._create(session, "first use")
            return _view(row)

    def current(self) -> IdentityView | None:
        with self._vault.session() as session:
            row = _active(session)
            return None if row is None else _view(row)

    def history(self) -> list[IdentityView]:
        """Every identity this vault has had, newest first."""
        with self._vault.session() as session:
            rows = session.scalars(select(SigningIdentity).order_by(SigningIdentity.id.desc()))
            return [_view(row) for row in rows]

    def material(self) -> certs.SigningMaterial:
        """The active key and certificate for signing a report (created on first use)."""
        with self._vault.session() as session:
            row = _active(session) or self._create(session, "first use")
            return certs.SigningMaterial(row.certificate_der, row.private_key_der, row.fingerprint)

    def rotate(self, reason: str) -> IdentityView:
        """Retire the active identity and create a new one; both steps are audited."""
        reason = " ".join(reason.split())
        if not reason:
            raise UserInputError("Say why the signing identity is replaced.")
        if len(reason) > _MAX_REASON:
            raise UserInputError(f"The reason is longer than {_MAX_REASON} characters.")
        with self._vault.session() as session:
            return _view(self._rotate(session, reason))

    def follow_profile(self) -> IdentityView:
        """Make sure the active certificate names the clinician as the profile now does."""
        with self._vault.session() as session:
            row = _active(session)
            if row is None:
                return _view(self._create(session, "practitioner profile saved"))
            if row.subject != _holder(session).describe():
                return _view(self._rotate(session, PROFILE_CHANGED))
            return _view(row)

    def _rotate(self, session: Session, reason: str) -> SigningIdentity:
        old = _active(session)
        if old is not None:
            old.retired_at = utc_now()
            old.retired_reason = reason
            session.flush()
        return self._create(session, reason, replaces=old)

    def _create(
        self, session: Session, why: str, replaces: SigningIdentity | None = None
    ) -> SigningIdentity:
        made = certs.create_identity(_holder(session), utc_now())
        row = SigningIdentity(
            algorithm=certs.ALGORITHM,
            fingerprint=made.fingerprint,
            subject=made.subject,
            certificate_der=made.certificate_der,
            private_key_der=made.private_key_der,
            retired_reason="",
        )
        session.add(row)
        session.flush()
        detail: dict[str, object] = {"fingerprint": made.fingerprint, "reason": why}
        if replaces is not None:
            detail["replaces"] = replaces.fingerprint
        audit.record(
            session,
            audit.AuditAction.CREATE,
            actor=self._vault.actor,
            entity_type=ENTITY,
            entity_id=row.id,
            detail=detail,
        )
        return row


def _active(session: Session) -> SigningIdentity | None:
    query = select(SigningIdentity).where(SigningIdentity.retired_at.is_(None))
    return session.scalars(query.order_by(SigningIdentity.id.desc())).first()


def _holder(session: Session) -> certs.Holder:
    """Who the certificate names: the profile, and the vault id from the database's sentinel."""
    vault_id = session.scalar(select(VaultMeta.vault_id).where(VaultMeta.id == 1)) or ""
    profile = session.scalars(select(PractitionerProfile)).first()
    if profile is None:
        return certs.Holder(certs.UNNAMED, vault_id=vault_id)
    return certs.Holder(
        name=profile.full_name,
        credentials=profile.credentials,
        license_number=profile.license_number,
        jurisdiction=profile.jurisdiction,
        vault_id=vault_id,
    )


def _view(row: SigningIdentity) -> IdentityView:
    return IdentityView(
        id=row.id,
        fingerprint=row.fingerprint,
        subject=row.subject,
        algorithm=row.algorithm,
        created_at=row.created_at,
        retired_at=row.retired_at,
        retired_reason=row.retired_reason,
        certificate_der=row.certificate_der,
    )
