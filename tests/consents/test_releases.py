"""Releases of information: the elements of 45 CFR 164.508(c), revocation, expiry, disclosures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from desktop.consent_text import content_hash
from desktop.domain import DisclosureMethod, InformationCategory, LegalBasis, RecipientRole
from desktop.errors import ImmutableRecordError, UserInputError, WorkflowError
from desktop.models import Disclosure, Release
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.releases.service import (
    DisclosureDetails,
    ReleaseInput,
    ReleaseService,
    is_active,
)
from desktop.storage.vault import Vault
from tests.consents.conftest import Clients
from tests.support.consents import PRACTITIONER

NOW = datetime.now(UTC)


def release_input(client_id: int, **changes: object) -> ReleaseInput:
    base = ReleaseInput(
        client_id=client_id,
        recipient_name="Dr. Ana Ruiz, Primary Care",
        recipient_role=RecipientRole.CLINICIAN,
        recipient_address="12 Clinic Road, Sacramento, CA",
        information_description="Diagnosis, treatment dates and a treatment summary",
        purpose="Coordinating care with my doctor",
        signer_name="Zoë Nguyễn",
        signed_at=NOW - timedelta(days=10),
        expires_on=date.today() + timedelta(days=20),
        signature_png=synthetic_signature_png("Zoë Nguyễn"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def details(**changes: object) -> DisclosureDetails:
    base = DisclosureDetails(
        disclosed_at=NOW - timedelta(hours=1),
        method=DisclosureMethod.FAX,
        categories=(InformationCategory.DIAGNOSIS, InformationCategory.TREATMENT_DATES),
        description="Treatment summary letter",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def disclosure_count(vault: Vault) -> int:
    with vault.session() as session:
        return int(session.scalar(select(func.count()).select_from(Disclosure)) or 0)


def test_create_stores_every_element_and_the_filled_text(ready: Vault, clients: Clients) -> None:
    service = ReleaseService(ready)
    view = service.get(service.create(release_input(clients.adult)))
    assert view.who_may_disclose == PRACTITIONER
    assert view.recipient_role == RecipientRole.CLINICIAN.value
    for element in (
        "Zoë Nguyễn",
        PRACTITIONER,
        "Dr. Ana Ruiz, Primary Care",
        "12 Clinic Road",
        "Diagnosis, treatment dates and a treatment summary",
        "Coordinating care with my doctor",
        "revoke",
        "Not applicable: signed by the client.",
    ):
        assert element in view.rendered_text
    assert "{{" not in view.rendered_text
    assert view.rendered_hash == content_hash(view.rendered_text)
    assert view.text_intact and is_active(view)
    assert service.for_client(clients.adult) == [view]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"expires_on": None}, "expiry date or an event"),
        ({"expires_on": date.today() - timedelta(days=30)}, "before the date the release"),
        ({"recipient_name": ""}, "Recipient name is required"),
        ({"purpose": " "}, "Purpose is required"),
        ({"information_description": ""}, "What information may be shared is required"),
        ({"signer_name": "A Stranger"}, "describe their authority"),
        ({"signature_png": b"not a png"}, "not a PNG"),
        ({"information_description": "All records and psychotherapy notes"}, "their own release"),
        ({"includes_psychotherapy_notes": True}, "must say so"),
    ],
)
def test_create_refuses_an_incomplete_authorization(
    ready: Vault, clients: Clients, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        ReleaseService(ready).create(release_input(clients.adult, **changes))


def test_personal_representative_and_event_expiry(ready: Vault, clients: Clients) -> None:
    service = ReleaseService(ready)
    view = service.get(
        service.create(
            release_input(
                clients.minor,
                signer_name="Priya Marsh",
                expires_on=None,
                expiry_event="the end of the school year",
                signature_png=None,
            )
        )
    )
    assert view.personal_representative_authority == "Parent with legal custody"
    assert "when the end of the school year" in view.rendered_text
    assert view.signature_png is None
    assert is_active(view, date.today() + timedelta(days=3650))


def test_disclosure_under_an_active_release(ready: Vault, clients: Clients) -> None:
    service = ReleaseService(ready)
    release_id = service.create(release_input(clients.adult))
    disclosure_id = service.record_disclosure_under_release(release_id, details())
    with ready.session() as session:
        row = session.get(Disclosure, disclosure_id)
        assert row is not None
        assert (row.release_id, row.legal_basis, row.accountable) == (
            release_id,
            LegalBasis.AUTHORIZATION.value,
            False,
        )
        assert row.recipient_name == "Dr. Ana Ruiz, Primary Care"
        assert row.purpose == "Coordinating care with my doctor"


def test_revoked_release_refuses_a_disclosure_and_records_nothing(
    ready: Vault, clients: Clients
) -> None:
    service = ReleaseService(ready)
    release_id = service.create(release_input(clients.adult))
    service.revoke(release_id, NOW - timedelta(days=1), "Client withdrew permission")
    assert not is_active(service.get(release_id))
    before = disclosure_count(ready)
    with pytest.raises(WorkflowError) as caught:
        service.record_disclosure_under_release(release_id, details())
    assert caught.value.message == "This release was revoked, so it cannot cover this disclosure."
    assert caught.value.advice == "Nothing was recorded."
    assert disclosure_count(ready) == before
    with pytest.raises(WorkflowError, match="already been revoked"):
        service.revoke(release_id, NOW, "again")


def test_expired_release_refuses_a_disclosure_and_records_nothing(
    ready: Vault, clients: Clients
) -> None:
    service = ReleaseService(ready)
    release_id = service.create(
        release_input(
            clients.adult,
            signed_at=NOW - timedelta(days=100),
            expires_on=date.today() - timedelta(days=5),
        )
    )
    assert not is_active(service.get(release_id))
    before = disclosure_count(ready)
    with pytest.raises(WorkflowError, match="had expired"):
        service.record_disclosure_under_release(release_id, details())
    with pytest.raises(WorkflowError, match="before the client signed"):
        service.record_disclosure_under_release(
            release_id, details(disclosed_at=NOW - timedelta(days=200))
        )
    assert disclosure_count(ready) == before


def test_psychotherapy_notes_stay_on_their_own_release(ready: Vault, clients: Clients) -> None:
    service = ReleaseService(ready)
    ordinary = service.create(release_input(clients.adult))
    notes_only = service.create(
        release_input(
            clients.adult,
            information_description="Psychotherapy notes from sessions in 2025",
            includes_psychotherapy_notes=True,
        )
    )
    notes = (InformationCategory.PSYCHOTHERAPY_NOTES,)
    before = disclosure_count(ready)
    with pytest.raises(WorkflowError, match="does not cover psychotherapy notes"):
        service.record_disclosure_under_release(ordinary, details(categories=notes))
    with pytest.raises(WorkflowError, match="psychotherapy notes only"):
        service.record_disclosure_under_release(notes_only, details())
    assert disclosure_count(ready) == before
    service.record_disclosure_under_release(notes_only, details(categories=notes))
    assert disclosure_count(ready) == before + 1


def test_expiring_within_lists_only_live_releases_due_soon(ready: Vault, clients: Clients) -> None:
    service = ReleaseService(ready)
    soon = service.create(release_input(clients.adult))
    service.create(release_input(clients.adult, expires_on=date.today() + timedelta(days=90)))
    revoked = service.create(release_input(clients.adult))
    service.revoke(revoked, NOW)
    found = service.expiring_within(30)
    assert [(s.id, s.days_left, s.client_display_name) for s in found] == [(soon, 20, "Zoë Nguyễn")]


def test_signed_release_cannot_be_edited_with_raw_sql(ready: Vault, clients: Clients) -> None:
    release_id = ReleaseService(ready).create(release_input(clients.adult))
    with ready.engine.connect() as connection, pytest.raises(Exception, match="signed release"):
        connection.execute(
            text("UPDATE releases SET purpose = 'anything' WHERE id = :id"), {"id": release_id}
        )
    with pytest.raises(ImmutableRecordError), ready.session() as session:
        row = session.get(Release, release_id)
        assert row is not None
        row.recipient_name = "Someone else"
