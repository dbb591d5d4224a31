"""The practitioner profile: who signs, which jurisdiction's rules apply."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from desktop.domain import Profession
from desktop.errors import NotFoundError, UserInputError
from desktop.models import PractitionerProfile
from desktop.services.signing.identity import SigningIdentityService
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import validation as v

US_JURISDICTIONS = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
    ]
)


@dataclass(frozen=True)
class Profile:
    full_name: str
    jurisdiction: str
    credentials: str = ""
    license_number: str = ""
    hipaa_covered_entity: bool = True
    retention_years: int = 7
    reconsent_months: int = 12
    practice_address: str = ""
    phone: str = ""
    profession: Profession | None = None


def validated(profile: Profile) -> Profile:
    code = profile.jurisdiction.strip().upper()
    if code not in US_JURISDICTIONS:
        raise UserInputError("Choose the US state (or DC) where you practice.")
    if not 1 <= profile.retention_years <= 100:
        raise UserInputError("Record retention must be between 1 and 100 years.")
    if not 1 <= profile.reconsent_months <= 120:
        raise UserInputError("The re-consent interval must be between 1 and 120 months.")
    return Profile(
        full_name=v.required_text(profile.full_name, "Your name"),
        jurisdiction=code,
        credentials=v.optional_text(profile.credentials, "Credentials", 200).strip(),
        license_number=v.optional_text(profile.license_number, "License number", 100).strip(),
        hipaa_covered_entity=profile.hipaa_covered_entity,
        retention_years=profile.retention_years,
        reconsent_months=profile.reconsent_months,
        practice_address=v.optional_text(profile.practice_address, "Practice address", 2000),
        phone=v.optional_text(profile.phone, "Phone", 50).strip(),
        profession=profile.profession,
    )


class PractitionerService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def save(self, profile: Profile) -> None:
        clean = validated(profile)
        with self._vault.session() as session:
            row = session.scalars(select(PractitionerProfile)).first()
            if row is None:
                row = PractitionerProfile(
                    full_name=clean.full_name, jurisdiction=clean.jurisdiction
                )
                session.add(row)
            for name in Profile.__dataclass_fields__:
                setattr(row, name, getattr(clean, name))
            row.profession = clean.profession.value if clean.profession else ""
            session.flush()
            audit.record(
                session,
                audit.AuditAction.UPDATE,
                actor=self._vault.actor,
                entity_type="practitioner",
                entity_id=row.id,
            )
        self._vault.actor = clean.full_name
        SigningIdentityService(self._vault).follow_profile()

    def get(self) -> Profile | None:
        with self._vault.session() as session:
            row = session.scalars(select(PractitionerProfile)).first()
            if row is None:
                return None
            values = {name: getattr(row, name) for name in Profile.__dataclass_fields__}
            return Profile(**values | {"profession": _profession(row.profession)})

    def require(self) -> Profile:
        profile = self.get()
        if profile is None:
            raise NotFoundError(
                "The practitioner profile is not set up yet.",
                "Enter your name and jurisdiction in Settings.",
            )
        return profile


def _profession(stored: str) -> Profession | None:
    try:
        return Profession(stored) if stored else None
    except ValueError:
        return Profession.OTHER
