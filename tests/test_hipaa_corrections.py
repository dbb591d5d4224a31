"""HIPAA corrections of issue 17, item 3, each test named by its section."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from desktop.domain import (
    MINIMUM_NECESSARY_EXEMPT,
    PSYCHOTHERAPY_NOTES_BASES,
    DisclosureMethod,
    InformationCategory,
    LegalBasis,
    RecipientRole,
)
from desktop.errors import UserInputError
from desktop.services.accounting.views import EXEMPTIONS
from desktop.workflow.disclosures import DisclosureInput, validated

B = LegalBasis


def notes_to(
    basis: LegalBasis, minimum: str = "Only the notes the request needs"
) -> DisclosureInput:
    return DisclosureInput(
        client_id=1,
        disclosed_at=datetime.now(UTC) - timedelta(hours=1),
        recipient_name="Recipient",
        recipient_role=RecipientRole.OTHER,
        method=DisclosureMethod.WRITTEN,
        categories=(InformationCategory.PSYCHOTHERAPY_NOTES,),
        description="Notes",
        purpose="Purpose",
        legal_basis=basis,
        minimum_necessary=minimum,
    )


@pytest.mark.parametrize(
    "basis", [B.AUTHORIZATION, B.DEFENSE_OF_CLAIM, B.TO_HHS, B.CORONER, B.REQUIRED_BY_LAW]
)
def test_164_508_a_2_psychotherapy_notes_routes_that_need_no_authorization(
    basis: LegalBasis,
) -> None:
    assert validated(notes_to(basis)).legal_basis is basis


@pytest.mark.parametrize(
    "basis", [B.SUBPOENA, B.LAW_ENFORCEMENT, B.TREATMENT_PAYMENT_OPERATIONS, B.OTHER_ACCOUNTABLE]
)
def test_164_508_a_2_psychotherapy_notes_are_refused_on_other_bases(basis: LegalBasis) -> None:
    with pytest.raises(UserInputError, match=r"164\.508\(a\)\(2\)"):
        validated(notes_to(basis))
    assert basis not in PSYCHOTHERAPY_NOTES_BASES


def test_164_528_a_1_every_exemption_is_known_and_explained() -> None:
    exempt = {basis for basis in LegalBasis if not basis.accountable}
    assert exempt == {
        B.TREATMENT_PAYMENT_OPERATIONS,  # (i)
        B.TO_THE_CLIENT,  # (ii)
        B.INCIDENTAL,  # (iii)
        B.AUTHORIZATION,  # (iv)
        B.INVOLVED_IN_CARE,  # (v)
        B.NATIONAL_SECURITY,  # (vi)
        B.CUSTODY,  # (vii)
        B.LIMITED_DATA_SET,  # (viii)
    }
    assert set(EXEMPTIONS) == exempt
    assert all("164.528(a)(1)" in reason for reason in EXEMPTIONS.values())
    for accountable in (B.CORONER, B.TO_HHS, B.DEFENSE_OF_CLAIM, B.OTHER_ACCOUNTABLE):
        assert accountable.accountable


def test_164_502_b_2_minimum_necessary_does_not_bind_an_authorization_or_hhs() -> None:
    assert {B.AUTHORIZATION, B.TO_HHS} <= MINIMUM_NECESSARY_EXEMPT
    assert validated(notes_to(B.AUTHORIZATION, minimum="")).minimum_necessary == ""
    with pytest.raises(UserInputError, match=r"164\.502\(b\)"):
        validated(notes_to(B.CORONER, minimum=""))
