"""The audit log in words: who, what, which record and the details, as the app, the audit page
and the report for counsel show them. The stored events keep their internal names; only the
text shown changes. The details hold ids, step names and field names, never client text.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable, Mapping
from functools import cache

from desktop.domain import WorkflowStep
from desktop.storage.vault import SYSTEM_ACTOR  # the actor of events before a profile exists
from desktop.workflow.records import STEP_FIELDS

SYSTEM_ACTOR_LABEL = "Confide (automatic)"

ACTIONS = {
    "create": "Created",
    "update": "Updated",
    "archive": "Archived",
    "sign": "Signed",
    "revoke": "Revoked",
    "finalize": "Signed off and finalized",
    "addendum": "Addendum added",
    "export": "Exported",
    "disclose": "Disclosure recorded",
    "view": "Viewed",
    "unlock": "Vault unlocked",
    "lock": "Vault locked",
    "backup": "Backup made",
    "restore": "Restored from a backup",
    "passphrase_change": "Passphrase changed",
    "recover": "Opened with the recovery key",
    "migrate": "Vault upgraded",
    "verify": "Integrity checked",
}

RECORDS = {
    "client": "Client",
    "consent": "Consent",
    "consent_report": "Consent report",
    "consent_template": "Consent form template",
    "disclosure": "Disclosure",
    "disclosure_log": "Disclosure log",
    "incident": "Incident",
    "incident_step": "Incident step",
    "practitioner": "Practitioner profile",
    "release": "Release",
    "vault": "Vault",
}

NUMBERED = frozenset({"incident", "consent", "release", "disclosure"})  # numbers people see

DETAIL_KEYS = {
    "fields": "Fields",
    "step": "Step",
    "incident_id": "Incident",
    "release_id": "Release",
    "addendum_id": "Addendum",
    "template_key": "Template",
    "template_version": "Template version",
    "content_hash": "Content fingerprint",
    "revision": "Database version",
}


def words(name: str) -> str:
    """ "client_notification" as "Client notification"."""
    text = name.replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def actor_label(actor: str) -> str:
    return SYSTEM_ACTOR_LABEL if actor == SYSTEM_ACTOR else actor


def action_label(action: str) -> str:
    return ACTIONS.get(action, words(action))


def record_label(entity_type: str, entity_id: int | None) -> str:
    """E.g. "Incident 3", "Incident step", "Psychotherapy note"."""
    label = RECORDS.get(entity_type, words(entity_type))
    if entity_id is not None and entity_type in NUMBERED:
        return f"{label} {entity_id}"
    return label


@cache
def _field_labels() -> Mapping[str, str]:
    labels: dict[str, str] = {}
    for cls in STEP_FIELDS.values():
        _collect(cls, labels)
    return labels


def _collect(cls: type, labels: dict[str, str]) -> None:
    hints = typing.get_type_hints(cls)
    for item in dataclasses.fields(cls):
        label = item.metadata.get("label")
        if label:
            labels.setdefault(item.name, str(label))
        for arg in (hints.get(item.name), *typing.get_args(hints.get(item.name))):
            if isinstance(arg, type) and dataclasses.is_dataclass(arg):
                _collect(arg, labels)


def field_label(name: str) -> str:
    """A step field's own label ("informed_at" as the wizard names it), else the name in words."""
    return _field_labels().get(name, words(name))


def _value_text(key: str, value: object) -> str:
    if isinstance(value, list):
        return ", ".join(_value_text(key, item) for item in value) or "none"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return VALUE_LABELS.get(key, str)(str(value))


def _step_label(value: str) -> str:
    try:
        return WorkflowStep(value).label
    except ValueError:
        return words(value)


VALUE_LABELS: dict[str, Callable[[str], str]] = {
    "step": _step_label,
    "fields": field_label,
    "report": words,
    "kind": words,
    "method": words,
}


def detail_text(detail: Mapping[str, object], *, skip: frozenset[str] = frozenset()) -> str:
    """The details as "Step: Client notification; Fields: When the client was told, …"."""
    parts = [
        f"{DETAIL_KEYS.get(key, words(key))}: {_value_text(key, value)}"
        for key, value in sorted(detail.items())
        if key not in skip and value is not None
    ]
    return "; ".join(parts)
