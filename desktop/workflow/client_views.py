"""A client's record as the form collects it and the services return it (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from desktop.contact_permissions import ContactPermissions


@dataclass(frozen=True)
class EmergencyContactInput:
    """One emergency contact as the client form collects it."""

    name: str
    relationship: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ClientInput:
    """Everything the client form collects."""

    first_name: str
    last_name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    email: str = ""
    phone: str = ""
    address: str = ""
    guardian_name: str = ""
    guardian_relationship: str = ""
    guardian_phone: str = ""
    guardian_authority: str = ""
    contact: ContactPermissions = field(default_factory=ContactPermissions)
    contact_notes: str = ""
    insurance_payer: str = ""
    insurance_member_id: str = ""
    self_pay_restriction: bool = False
    restriction_notes: str = ""
    emergency_contacts: tuple[EmergencyContactInput, ...] = ()


@dataclass(frozen=True)
class ClientRecord:
    id: int
    data: ClientInput
    archived: bool
    is_minor: bool
    display_name: str = field(default="")
    version: int = 0  # pass back to update(expected_version=...) to refuse a stale save
