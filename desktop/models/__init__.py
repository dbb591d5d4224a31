"""The ORM models, one module per aggregate. No Qt, no I/O beyond the session."""

from desktop.models.addendum import Addendum
from desktop.models.audit import AuditEvent
from desktop.models.base import Base
from desktop.models.client import Client, ClientShare, EmergencyContact
from desktop.models.consent import Consent, ConsentRevocation, ConsentTemplate
from desktop.models.consent_due import ConsentDue, ConsentDueRules
from desktop.models.disclosure import AccountingRequest, AccountingSuspension, Disclosure
from desktop.models.incident import (
    Consultation,
    EvidenceItem,
    Incident,
    IncidentOption,
    IncidentStep,
    Notification,
)
from desktop.models.note import Note, NoteKind
from desktop.models.practitioner import PractitionerProfile
from desktop.models.release import Release
from desktop.models.signing_identity import SigningIdentity
from desktop.models.vault_meta import VaultMeta

__all__ = [
    "AccountingRequest",
    "AccountingSuspension",
    "Addendum",
    "AuditEvent",
    "Base",
    "Client",
    "ClientShare",
    "Consent",
    "ConsentDue",
    "ConsentDueRules",
    "ConsentRevocation",
    "ConsentTemplate",
    "Consultation",
    "Disclosure",
    "EmergencyContact",
    "EvidenceItem",
    "Incident",
    "IncidentOption",
    "IncidentStep",
    "Note",
    "NoteKind",
    "Notification",
    "PractitionerProfile",
    "Release",
    "SigningIdentity",
    "VaultMeta",
]
