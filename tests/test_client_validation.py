"""validated() checks each declared client field and keeps every other field as given."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from desktop.contact_permissions import ContactPermission, ContactPermissions, ContactStatus
from desktop.errors import UserInputError
from desktop.services.clients.service import CHECKED_APART, TEXT_RULES, validated
from desktop.workflow.client_views import ClientInput, EmergencyContactInput

FULL = ClientInput(
    first_name=" Ada ",
    last_name="Byron",
    preferred_name=" Addie ",
    date_of_birth=date(1990, 12, 10),
    email=" ada@example.org ",
    phone=" 555-0100 ",
    address="1 Main St",
    guardian_name="",
    guardian_relationship="",
    guardian_phone="",
    guardian_authority="",
    contact=ContactPermissions(
        voicemail=ContactPermission(ContactStatus.ALLOWED, date(2026, 3, 12)),
        text=ContactPermission(ContactStatus.DECLINED, date(2026, 3, 12)),
    ),
    contact_notes="Evenings only",
    insurance_payer="Aetna",
    insurance_member_id="M-1",
    self_pay_restriction=True,
    restriction_notes="Paid in full",
    emergency_contacts=(EmergencyContactInput("Mary", " Sister ", " 555-0101 "),),
)


def test_every_free_text_client_field_has_a_rule() -> None:
    """A new text field of ClientInput must be declared in TEXT_RULES (or checked apart)."""
    for field in dataclasses.fields(ClientInput):
        if isinstance(getattr(FULL, field.name), str):
            assert field.name in TEXT_RULES or field.name in CHECKED_APART, field.name


def test_validated_trims_and_keeps_every_value() -> None:
    clean = validated(FULL)
    assert clean.first_name == "Ada" and clean.preferred_name == "Addie"
    assert clean.email == "ada@example.org" and clean.phone == "555-0100"
    assert clean.emergency_contacts == (EmergencyContactInput("Mary", "Sister", "555-0101"),)
    kept = {f.name for f in dataclasses.fields(ClientInput)} - set(TEXT_RULES) - CHECKED_APART
    assert kept and all(getattr(clean, name) == getattr(FULL, name) for name in kept)


def test_a_field_validated_does_not_know_is_not_reset() -> None:
    """Fields are replaced, never rebuilt: a value validated() has no rule for survives."""
    assert validated(FULL).self_pay_restriction is True
    assert (
        validated(dataclasses.replace(FULL, self_pay_restriction=False)).self_pay_restriction
        is False
    )
    assert validated(FULL).contact == FULL.contact


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"first_name": "  "}, "First name is required"),
        ({"phone": "5" * 51}, "Phone is too long"),
        ({"email": "not-an-address"}, "does not look like an e-mail address"),
        ({"date_of_birth": date(2015, 1, 1)}, "under 18"),
    ],
)
def test_a_bad_field_is_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        validated(dataclasses.replace(FULL, **change))  # type: ignore[arg-type]
