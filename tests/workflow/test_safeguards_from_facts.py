"""Safeguards follow the recorded facts, never the basis label: the same facts are refused under
every label, each time with a message citing the rule (issue 17, item 2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
)
from desktop.errors import UserInputError
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.incidents.service import IncidentService
from desktop.services.releases.service import ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow import safeguards
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.exceptions import PROFILES, Section, profile
from desktop.workflow.fields import (
    Assurance,
    CrimeDetails,
    InsuranceRequest,
    LegalProcess,
    LegalProcessKind,
    SituationFields,
)
from desktop.workflow.release_views import ReleaseView
from desktop.workflow.rules import StepContext
from tests.support.cases import setup_practice

NOW = datetime.now(UTC)
CLIENT = 7
EVERY_LABEL = list(LegalBasis)


def disclosure(
    role: RecipientRole, basis: LegalBasis, *categories: InformationCategory
) -> DisclosureInput:
    return DisclosureInput(
        client_id=CLIENT,
        disclosed_at=NOW - timedelta(hours=1),
        recipient_name="Pat Lee",
        recipient_role=role,
        method=DisclosureMethod.WRITTEN,
        categories=categories or (InformationCategory.IDENTITY,),
        description="Records",
        purpose="Answering the request",
        legal_basis=basis,
        minimum_necessary="Only what was asked",
    )


def release(**changes: object) -> ReleaseView:
    base = ReleaseView(
        id=3,
        client_id=CLIENT,
        recipient_name="Pat  Lee",
        recipient_role="attorney",
        recipient_address="",
        information_description="Treatment dates",
        who_may_disclose="Dr. Ruiz",
        purpose="My lawsuit",
        expires_on=date.today() + timedelta(days=30),
        expiry_event="",
        includes_psychotherapy_notes=False,
        rendered_text="...",
        rendered_hash="0" * 64,
        text_intact=True,
        signer_name="Jordan Avery",
        personal_representative_authority="",
        signature_png=None,
        signed_at=NOW - timedelta(days=5),
        revoked_at=None,
        revocation_reason="",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def refusal(ctx: StepContext, data: DisclosureInput, view: ReleaseView | None = None) -> str:
    with pytest.raises(UserInputError) as caught:
        safeguards.check_disclosure(ctx, data, view)
    return str(caught.value)


SUBPOENA = LegalProcess(kind=LegalProcessKind.SUBPOENA, court="Superior Court", scope="All")
COURT = StepContext(ExceptionType.COURT_ORDER, SituationFields(legal_process=SUBPOENA))


@pytest.mark.parametrize("label", EVERY_LABEL)
def test_a_subpoena_without_order_or_assurance_is_refused_under_every_label(
    label: LegalBasis,
) -> None:
    for role in (RecipientRole.ATTORNEY, RecipientRole.COURT, RecipientRole.OTHER):
        message = refusal(COURT, disclosure(role, label, InformationCategory.PSYCHOTHERAPY_NOTES))
        assert "164.512(e)" in message or "164.508" in message, (label, message)


def test_a_subpoena_with_assurance_still_keeps_psychotherapy_notes_back() -> None:
    assured = replace(SUBPOENA, assurance=Assurance.PROTECTIVE_ORDER)
    ctx = replace(COURT, situation=SituationFields(legal_process=assured))
    safeguards.check_disclosure(ctx, disclosure(RecipientRole.ATTORNEY, LegalBasis.SUBPOENA))
    for label in EVERY_LABEL:
        notes = disclosure(RecipientRole.ATTORNEY, label, InformationCategory.PSYCHOTHERAPY_NOTES)
        assert "164.508" in refusal(ctx, notes), label


def test_the_client_signed_release_is_the_lawful_route_for_a_subpoena() -> None:
    data = disclosure(RecipientRole.ATTORNEY, LegalBasis.AUTHORIZATION)
    safeguards.check_disclosure(COURT, replace(data, release_id=3), release())


CRIME = StepContext(
    ExceptionType.CRIME,
    SituationFields(crime=CrimeDetails(description="A burglary", past_crime_admitted=True)),
)


@pytest.mark.parametrize("label", EVERY_LABEL)
def test_a_past_crime_learned_in_therapy_never_goes_to_police_under_any_label(
    label: LegalBasis,
) -> None:
    message = refusal(CRIME, disclosure(RecipientRole.LAW_ENFORCEMENT, label))
    assert "164.512(j)(2)" in message or "164.508" in message, (label, message)


def test_a_current_threat_in_a_crime_case_may_go_to_police() -> None:
    threat = CrimeDetails(description="Plans to do it again", ongoing_threat=True)
    ctx = replace(CRIME, situation=SituationFields(crime=threat, at_risk="A neighbour"))
    safeguards.check_disclosure(
        ctx, disclosure(RecipientRole.LAW_ENFORCEMENT, LegalBasis.SERIOUS_THREAT)
    )


RESTRICTED = StepContext(
    ExceptionType.INSURANCE,
    SituationFields(insurance=InsuranceRequest(payer="Acme Health", request="Dates")),
    client_self_pay_restriction=True,
)


@pytest.mark.parametrize("label", EVERY_LABEL)
@pytest.mark.parametrize("role", [RecipientRole.INSURER, RecipientRole.OTHER])
def test_a_self_pay_restriction_blocks_any_recipient_acting_as_the_plan(
    label: LegalBasis, role: RecipientRole
) -> None:
    message = refusal(RESTRICTED, disclosure(role, label))
    assert "164.522(a)(1)(vi)" in message or "164.508" in message, (label, message)


def test_a_self_pay_restriction_binds_an_insurer_in_another_kind_of_incident() -> None:
    ctx = replace(
        RESTRICTED, exception_type=ExceptionType.DANGER_TO_SELF, situation=SituationFields()
    )
    for label in EVERY_LABEL:
        message = refusal(ctx, disclosure(RecipientRole.INSURER, label))
        assert "164.522(a)(1)(vi)" in message or "164.508" in message, label


def test_a_law_requiring_the_disclosure_lifts_the_self_pay_restriction() -> None:
    request = InsuranceRequest(
        payer="Acme", request="Audit", law_requiring_disclosure="State audit statute 12-3"
    )
    ctx = replace(RESTRICTED, situation=SituationFields(insurance=request))
    safeguards.check_disclosure(ctx, disclosure(RecipientRole.INSURER, LegalBasis.REQUIRED_BY_LAW))


DANGER = StepContext(ExceptionType.DANGER_TO_OTHERS, SituationFields())


@pytest.mark.parametrize(
    ("view", "rule"),
    [
        (None, "none was found"),
        (release(revoked_at=NOW - timedelta(days=1)), "revoked"),
        (release(expires_on=date.today() - timedelta(days=2)), "expired"),
        (release(signed_at=NOW), "before the client signed"),
        (release(client_id=CLIENT + 1), "another client"),
        (release(recipient_name="Someone Else"), "another recipient"),
        (release(includes_psychotherapy_notes=True), "psychotherapy notes only"),
    ],
)
def test_an_authorization_needs_a_release_covering_recipient_information_and_date(
    view: ReleaseView | None, rule: str
) -> None:
    asked = disclosure(RecipientRole.OTHER, LegalBasis.AUTHORIZATION, InformationCategory.DIAGNOSIS)
    message = refusal(DANGER, replace(asked, release_id=3), view)
    assert rule in message and "164.508" in message


def test_a_release_is_only_used_with_the_authorization_basis() -> None:
    data = replace(disclosure(RecipientRole.OTHER, LegalBasis.OTHER_ACCOUNTABLE), release_id=3)
    assert "164.508" in refusal(DANGER, data, release())


def test_a_basis_that_does_not_fit_the_recipient_is_refused_with_the_allowed_ones() -> None:
    victim = disclosure(RecipientRole.POTENTIAL_VICTIM, LegalBasis.TREATMENT_PAYMENT_OPERATIONS)
    message = refusal(DANGER, victim)
    assert "45 CFR 164.506 is not a basis" in message
    assert "45 CFR 164.512(j)" in message


def test_every_exception_type_has_a_complete_profile() -> None:
    assert set(PROFILES) == set(ExceptionType)
    for kind in ExceptionType:
        item = profile(kind)
        assert item.kind is kind and item.guidance_key == kind.value
        assert set(item.allowed_bases) == set(RecipientRole), kind
        assert item.bases_for(RecipientRole.CLIENT) >= {LegalBasis.TO_THE_CLIENT}
        for role in RecipientRole:
            assert LegalBasis.AUTHORIZATION in item.bases_for(role), (kind, role)
        assert item.sections <= set(Section)
    assert profile(ExceptionType.DANGER_TO_OTHERS).needs_victim
    assert profile(ExceptionType.CHILD_ABUSE).report_roles
    assert not profile(ExceptionType.INSURANCE).needs_account


def test_the_incident_path_uses_a_covering_release_and_refuses_a_revoked_one(
    vault: Vault,
) -> None:
    client_id = setup_practice(vault)
    releases = ReleaseService(vault)
    release_id = releases.create(
        ReleaseInput(
            client_id=client_id,
            recipient_name="Dr. Hale",
            recipient_role=RecipientRole.CLINICIAN,
            information_description="Diagnosis and dates of treatment",
            purpose="Continuity of care",
            signer_name="Jordan Avery",
            signed_at=NOW - timedelta(days=5),
            expires_on=date.today() + timedelta(days=90),
            signature_png=synthetic_signature_png("Jordan Avery"),
        )
    )
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.CLIENT_AUTHORIZED)
    to_hale = replace(
        disclosure(
            RecipientRole.CLINICIAN, LegalBasis.AUTHORIZATION, InformationCategory.DIAGNOSIS
        ),
        client_id=client_id,
        recipient_name="dr.  hale",
    )
    with pytest.raises(UserInputError, match=r"None of this client's .* names another recipient"):
        service.add_disclosure(incident_id, replace(to_hale, recipient_name="Dr. Other"))

    service.add_disclosure(incident_id, to_hale)

    stored = service.get(incident_id).disclosures[0]
    assert not stored.accountable
    assert releases.get(release_id).times_used == 1
    releases.revoke(release_id, NOW - timedelta(hours=2))
    with pytest.raises(
        UserInputError, match=rf"#{release_id} \(Dr. Hale\): this release was revoked"
    ):
        service.add_disclosure(incident_id, to_hale)
    with pytest.raises(UserInputError, match=r"revoked.*164\.508"):
        service.add_disclosure(incident_id, replace(to_hale, release_id=release_id))
    assert len(service.get(incident_id).disclosures) == 1
