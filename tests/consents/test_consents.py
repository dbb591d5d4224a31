"""Signing, immutability, revocation, addenda and re-consent status, on a real vault."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from desktop.consent_text import content_hash
from desktop.domain import ConfidentialityLimit
from desktop.errors import ImmutableRecordError, NotFoundError, UserInputError, WorkflowError
from desktop.models import AuditEvent, Consent, ConsentTemplate
from desktop.services.clients.service import ClientService
from desktop.services.consents.service import READ_TO_END, ConsentService
from desktop.services.consents.templates import TemplateService
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.consents.conftest import Clients
from tests.support.consents import ADULT_KEY, MINOR_KEY, PRACTITIONER, sign, sign_input


def test_render_fills_every_placeholder(ready: Vault, clients: Clients) -> None:
    rendered = ConsentService(ready).render_for_client(clients.adult, ADULT_KEY)
    assert "{{" not in rendered.text
    assert "Zoë Nguyễn" in rendered.text
    assert f"{PRACTITIONER}, PhD, Psychologist" in rendered.text
    assert "California" in rendered.text
    assert rendered.text_hash == content_hash(rendered.text)
    assert rendered.template.version == 1
    assert "Zoë Nguyễn" in rendered.expected_signers


def test_minor_form_names_the_guardian_and_needs_one(ready: Vault, clients: Clients) -> None:
    service = ConsentService(ready)
    assert "Priya Marsh" in service.render_for_client(clients.minor, MINOR_KEY).text
    orphan = ClientService(ready).create(ClientInput(first_name="No", last_name="Guardian"))
    with pytest.raises(UserInputError, match="parent or guardian"):
        service.render_for_client(orphan, MINOR_KEY)


def test_sign_stores_exact_text_hashes_and_images(ready: Vault, clients: Clients) -> None:
    data = sign_input(ready, clients.adult, signer="zoe  NGUYEN")
    consent_id = ConsentService(ready).sign(data)
    view = ConsentService(ready).get(consent_id)
    assert view.rendered_text == data.rendered_text
    assert view.rendered_hash == content_hash(data.rendered_text)
    assert view.text_intact
    assert (view.template_key, view.template_version) == (ADULT_KEY, 1)
    template = TemplateService(ready).template_versions(ADULT_KEY)[0]
    assert view.template_hash == template.content_hash
    assert set(view.limits) == set(ConfidentialityLimit)
    assert view.signature_png == data.signature_png
    assert view.practitioner_signature_png == data.practitioner_signature_png
    assert view.practitioner_name == PRACTITIONER
    assert view.countersigned_at == view.signed_at
    with ready.session() as session:
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity_type == "consent")
        ).all()
    assert actions == [audit.AuditAction.SIGN.value, audit.AuditAction.VIEW.value]


def test_not_read_to_the_end_is_refused(ready: Vault, clients: Clients) -> None:
    data = sign_input(ready, clients.adult, read_to_end_at=None)
    with pytest.raises(UserInputError) as caught:
        ConsentService(ready).sign(data)
    assert caught.value.message == READ_TO_END
    assert ConsentService(ready).for_client(clients.adult) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"signer_name": "Someone Else"}, "does not match"),
        ({"signer_name": "  "}, "Typed full name is required"),
        ({"signature_png": b""}, "signature is missing"),
        ({"signature_png": b"GIF89a not a png"}, "not a PNG"),
        ({"signature_png": synthetic_signature_png("x")[:60]}, "damaged"),
        ({"practitioner_signature_png": b""}, "countersignature is missing"),
        ({"guardian_name": "Priya Marsh"}, "does not match the parent"),
    ],
)
def test_sign_refuses_bad_input(
    ready: Vault, clients: Clients, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        ConsentService(ready).sign(sign_input(ready, clients.adult, **changes))


def test_text_other_than_the_rendered_one_is_refused(ready: Vault, clients: Clients) -> None:
    data = sign_input(ready, clients.adult)
    tampered = data.rendered_text.replace("private", "public", 1)
    with pytest.raises(WorkflowError, match="differs"):
        ConsentService(ready).sign(sign_input(ready, clients.adult, rendered_text=tampered))


def test_minor_form_needs_the_guardian_signature(ready: Vault, clients: Clients) -> None:
    service = ConsentService(ready)
    with pytest.raises(UserInputError, match="guardian's signature"):
        sign(ready, clients.minor, key=MINOR_KEY, signer="Eli Marsh")
    by_guardian = sign(ready, clients.minor, key=MINOR_KEY, signer="Priya Marsh")
    with_assent = sign(
        ready,
        clients.minor,
        key=MINOR_KEY,
        signer="Eli Marsh",
        guardian_name="priya marsh",
        guardian_signature_png=synthetic_signature_png("Priya Marsh"),
        witness_name="Sam Witness",
    )
    assert service.get(by_guardian).signer_name == "Priya Marsh"
    view = service.get(with_assent)
    assert (view.guardian_relationship, view.witness_name) == ("Mother", "Sam Witness")
    assert view.guardian_signature_png is not None


def test_signed_consent_cannot_be_changed_through_the_orm(ready: Vault, clients: Clients) -> None:
    consent_id = sign(ready, clients.adult)
    with pytest.raises(ImmutableRecordError), ready.session() as session:
        row = session.get(Consent, consent_id)
        assert row is not None
        row.rendered_text = "something else"
    with pytest.raises(ImmutableRecordError), ready.session() as session:
        row = session.get(Consent, consent_id)
        session.delete(row)
    assert ConsentService(ready).get(consent_id).text_intact


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE consents SET rendered_text = 'forged' WHERE id = :id",
        "UPDATE consents SET signer_name = 'forged' WHERE id = :id",
        "DELETE FROM consents WHERE id = :id",
    ],
)
def test_signed_consent_cannot_be_changed_with_raw_sql(
    ready: Vault, clients: Clients, statement: str
) -> None:
    consent_id = sign(ready, clients.adult)
    before = ConsentService(ready).get(consent_id, audit_view=False)
    with ready.engine.connect() as connection, pytest.raises(Exception, match="signed consent"):
        connection.execute(text(statement), {"id": consent_id})
        connection.commit()
    assert ConsentService(ready).get(consent_id, audit_view=False) == before


def test_revocation_is_recorded_once_and_shown(ready: Vault, clients: Clients) -> None:
    service = ConsentService(ready)
    consent_id = sign(ready, clients.adult)
    when = datetime.now(UTC)
    service.revoke(consent_id, when, "Client asked to stop")
    view = service.get(consent_id)
    assert view.revoked and view.revocation is not None
    assert view.revocation.reason == "Client asked to stop"
    assert view.revocation.revoked_at == when
    with pytest.raises(WorkflowError, match="already been revoked"):
        service.revoke(consent_id, when, "again")
    status = service.status(clients.adult)
    assert (status.needs_consent, status.reason, status.limits) == (True, "revoked", ())


def test_revocation_before_signing_is_refused(ready: Vault, clients: Clients) -> None:
    consent_id = sign(ready, clients.adult)
    with pytest.raises(UserInputError, match="earlier than the signature"):
        ConsentService(ready).revoke(consent_id, datetime.now(UTC) - timedelta(days=2))


def test_addendum_is_kept_beside_the_unchanged_consent(ready: Vault, clients: Clients) -> None:
    service = ConsentService(ready)
    consent_id = sign(ready, clients.adult)
    before = service.get(consent_id).rendered_text
    service.add_addendum(consent_id, "Client's name was misspelled in the intake form.")
    view = service.get(consent_id)
    assert [a.text for a in view.addenda] == ["Client's name was misspelled in the intake form."]
    assert view.rendered_text == before
    with pytest.raises(NotFoundError):
        service.add_addendum(9999, "text")


def test_editing_a_template_flags_v1_signers_and_keeps_their_text(
    ready: Vault, clients: Clients
) -> None:
    service = ConsentService(ready)
    consent_id = sign(ready, clients.adult)
    signed = service.get(consent_id)
    stored_bytes = signed.rendered_text.encode("utf-8")
    assert not service.status(clients.adult).needs_consent
    templates = TemplateService(ready)
    v1 = templates.template_versions(ADULT_KEY)[0]

    v2 = templates.edit_template(
        ADULT_KEY, v1.title, v1.body + "\nA new paragraph about telehealth.\n", v1.limits
    )

    assert (v2.version, v2.key) == (2, ADULT_KEY)
    assert v2.content_hash != v1.content_hash
    assert templates.template_versions(ADULT_KEY)[0] == v1
    assert service.get(consent_id).rendered_text.encode("utf-8") == stored_bytes
    assert service.get(consent_id).rendered_hash == signed.rendered_hash
    status = service.status(clients.adult)
    assert status.needs_consent
    assert status.reason == "signed on version 1; version 2 is current"
    assert [s.client_id for s in service.clients_needing_consent()].count(clients.adult) == 1
    with ready.session() as session:
        assert session.scalar(select(func.count()).select_from(ConsentTemplate)) == 3
    with pytest.raises(WorkflowError, match="Version 2"):
        service.sign(sign_input(ready, clients.adult, template_id=v1.id))


def test_template_edits_are_validated(ready: Vault) -> None:
    service = TemplateService(ready)
    v1 = service.template_versions(ADULT_KEY)[0]
    with pytest.raises(UserInputError, match="Nothing was changed"):
        service.edit_template(ADULT_KEY, v1.title, v1.body, v1.limits)
    with pytest.raises(UserInputError, match="cannot fill"):
        service.edit_template(ADULT_KEY, v1.title, v1.body + "{{favourite_colour}}", v1.limits)
    with pytest.raises(UserInputError, match="limits"):
        service.edit_template(ADULT_KEY, v1.title, v1.body + "x", ())
    with pytest.raises(NotFoundError):
        service.edit_template("no-such-template", "T", "Body", v1.limits)
    assert service.ensure_bundled_templates() == 0
    assert [t.version for t in service.templates()] == [1, 1]


def test_status_reasons(ready: Vault, clients: Clients) -> None:
    service = ConsentService(ready)
    assert service.status(clients.adult).reason == "no consent on file"
    consent_id = sign(ready, clients.adult)
    assert service.status(clients.adult).consent_id == consent_id
    later = date.today() + timedelta(days=400)
    assert service.status(clients.adult, today=later).reason == (
        "last signed more than 12 months ago"
    )
    profile = PractitionerService(ready).require()
    PractitionerService(ready).save(Profile(**{**profile.__dict__, "reconsent_months": 24}))
    assert not service.status(clients.adult, today=later).needs_consent


def test_clients_needing_consent_lists_only_those_without_a_current_one(
    ready: Vault, clients: Clients
) -> None:
    sign(ready, clients.adult)
    needing = ConsentService(ready).clients_needing_consent()
    assert [(s.client_id, s.client_display_name, s.reason) for s in needing] == [
        (clients.minor, "Eli Marsh", "no consent on file")
    ]


def test_bundled_templates_are_stored_on_first_use(vault: Vault) -> None:
    service = TemplateService(vault)
    listed = service.templates()
    assert [(t.key, t.version) for t in listed] == [(ADULT_KEY, 1), (MINOR_KEY, 1)]
    assert all(len(t.content_hash) == 64 for t in listed)
    assert service.templates() == listed
    with vault.session() as session:
        assert session.scalar(select(func.count()).select_from(ConsentTemplate)) == 2


def test_minor_on_the_adult_form_gets_a_warning(ready: Vault, clients: Clients) -> None:
    rendered = ConsentService(ready).render_for_client(clients.minor, ADULT_KEY)
    assert rendered.warnings and "under 18" in rendered.warnings[0]
    assert rendered.expected_signers == ("Eli Marsh", "Priya Marsh")


def test_missing_credentials_or_guardian_name_are_refused(ready: Vault, clients: Clients) -> None:
    with pytest.raises(UserInputError, match="name of the guardian"):
        sign(
            ready,
            clients.minor,
            key=MINOR_KEY,
            signer="Eli Marsh",
            guardian_signature_png=synthetic_signature_png("Priya Marsh"),
        )
    profile = PractitionerService(ready).require()
    PractitionerService(ready).save(Profile(**{**profile.__dict__, "credentials": ""}))
    with pytest.raises(UserInputError, match="credentials"):
        ConsentService(ready).render_for_client(clients.adult, ADULT_KEY)
