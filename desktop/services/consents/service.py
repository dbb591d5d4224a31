"""Signed consents: render a template for a client, sign it, revoke it, correct it by addendum.

A signed consent keeps the exact text the client read, its hash, the template version and
hash, and the signature images. It never changes (service and database triggers); a
revocation is a dated event and a correction is an addendum.

Who may sign (the rule for the typed name): the client, under their recorded legal name or
preferred first name plus last name, or the client's recorded parent or guardian. Names are
compared loosely (desktop.services.signing.checks.name_matches). A form for minors also needs the
guardian's signature, either as the signer or in the guardian fields.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.consent_text import content_hash, placeholders, render
from desktop.errors import NotFoundError, UserInputError, WorkflowError
from desktop.jurisdictions import jurisdiction
from desktop.local_time import format_long_date
from desktop.minor_consent import rule_cited_in
from desktop.models import Client, Consent, ConsentRevocation
from desktop.services.clients.service import is_minor, load_client
from desktop.services.consents import due as consent_due
from desktop.services.consents import queue as consent_queue
from desktop.services.consents import views
from desktop.services.consents.queue import ConsentNeed, ConsentQueue
from desktop.services.consents.queue import rules_for as queue_rules
from desktop.services.consents.status import ConsentStatus, statuses
from desktop.services.consents.templates import (
    TemplateService,
    TemplateView,
    latest_row,
    load_template,
)
from desktop.services.consents.views import (
    ConsentListing,
    RenderedConsent,
    SignInput,
)
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.services.signing.checks import check_signature_png, name_matches
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import validation as v
from desktop.workflow.consent_views import ConsentView

__all__ = [
    "ConsentListing",
    "ConsentNeed",
    "ConsentQueue",
    "ConsentService",
    "ConsentStatus",
    "ConsentView",
    "RenderedConsent",
    "SignInput",
    "TemplateView",
]

READ_TO_END = "The client must scroll to the end of the consent before signing."
_SLACK = timedelta(minutes=5)
_DEFAULT_RECONSENT_MONTHS = 12


def client_legal_name(client: Client) -> str:
    return f"{client.first_name} {client.last_name}".strip()


def client_names(client: Client) -> tuple[str, ...]:
    """The names a client may sign with: legal name, and preferred first name + last name."""
    preferred = f"{client.preferred_name} {client.last_name}" if client.preferred_name else ""
    return (client_legal_name(client), preferred) if preferred else (client_legal_name(client),)


class ConsentService:
    """Signing, revocation, addenda and re-consent status; templates come from TemplateService."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._templates = TemplateService(vault)

    # ----- rendering ------------------------------------------------------------------------

    def render_for_client(self, client_id: int, template_key: str) -> RenderedConsent:
        """The newest version of a template filled in for this client, ready to show in full."""
        profile = PractitionerService(self._vault).require()
        self._templates.ensure_bundled_templates()
        with self._vault.session() as session:
            client = load_client(session, client_id)
            row = latest_row(session, template_key)
            if row is None:
                raise NotFoundError("There is no consent template with that key.")
            text = self._render(client, row.body, row.for_minor, row.created_at, profile)
            return RenderedConsent(
                client_id=client.id,
                template=views.template_view(row),
                text=text,
                text_hash=content_hash(text),
                expected_signers=self._signers(client),
                warnings=self._warnings(client, row.for_minor),
            )

    def _render(
        self, client: Client, body: str, for_minor: bool, created: datetime, profile: Profile
    ) -> str:
        if for_minor and not client.guardian_name:
            raise UserInputError(
                "This consent form is for a minor and names the parent or guardian, but the "
                "client's record has none.",
                "Enter the parent or guardian in the client's record first.",
            )
        if not profile.credentials and "practitioner_credentials" in placeholders(body):
            raise UserInputError(
                "The consent names your credentials, but your profile has none.",
                "Enter your credentials (for example LMFT) in Settings.",
            )
        values = {
            "client_name": client_legal_name(client),
            "guardian_name": client.guardian_name or "(none recorded)",
            "practitioner_name": profile.full_name,
            "practitioner_credentials": profile.credentials,
            "jurisdiction_name": jurisdiction(profile.jurisdiction).name,
            "effective_date": format_long_date(created.astimezone().date()),
            "today": format_long_date(date.today()),
        }
        return render(body, values)

    @staticmethod
    def _signers(client: Client) -> tuple[str, ...]:
        guardian = (client.guardian_name,) if client.guardian_name else ()
        return client_names(client) + guardian

    @staticmethod
    def _warnings(client: Client, for_minor: bool) -> tuple[str, ...]:
        minor = is_minor(client.date_of_birth)
        if minor and not for_minor:
            return (
                "This client is under 18. Use the form for minors unless the client may "
                "consent on their own under state law (45 CFR 164.502(g)(3)).",
            )
        if for_minor and not minor:
            return ("This client's record does not show them as under 18.",)
        return ()

    # ----- signing --------------------------------------------------------------------------

    def sign(self, data: SignInput) -> int:
        """Store a signed consent: exactly the text shown, its hash and the signatures."""
        clean = _validated(data)
        profile = PractitionerService(self._vault).require()
        with self._vault.session() as session:
            client = load_client(session, clean.client_id)
            row = load_template(session, clean.template_id)
            latest = latest_row(session, row.key)
            if latest is not None and latest.version != row.version:
                raise WorkflowError(
                    f"Version {latest.version} of this consent form is now current.",
                    "Show the current version to the client and sign that one.",
                )
            read_at = clean.read_to_end_at
            assert read_at is not None  # _validated refuses None
            if row.created_at > read_at + _SLACK:
                raise UserInputError("The consent was read before this version of it existed.")
            shown = self._render(client, row.body, row.for_minor, row.created_at, profile)
            if shown != clean.rendered_text:
                raise WorkflowError(
                    "The consent text differs from the current text for this client (a detail "
                    "in the client's record or your profile may have changed).",
                    "Show the consent again and have the client read it before signing.",
                )
            clean = _checked_signers(clean, client, row.for_minor, profile)
            consent = views.new_consent(clean, row)
            session.add(consent)
            session.flush()
            audit.record(
                session,
                audit.AuditAction.SIGN,
                actor=self._vault.actor,
                entity_type="consent",
                entity_id=consent.id,
                client_id=client.id,
                detail={"template_key": row.key, "template_version": row.version},
            )
            return consent.id

    # ----- after signing --------------------------------------------------------------------

    def revoke(self, consent_id: int, revoked_at: datetime, reason: str = "") -> int:
        """Record the client's revocation as a dated event; the consent itself stays as signed."""
        when = v.not_future(revoked_at, "Date and time of the revocation")
        why = v.optional_text(reason, "Reason", 20_000).strip()
        with self._vault.session() as session:
            consent = _load_consent(session, consent_id)
            if _revocation(session, consent_id) is not None:
                raise WorkflowError(
                    "This consent has already been revoked.",
                    "A revocation is recorded once; add an addendum to correct it.",
                )
            if when < consent.signed_at:
                raise UserInputError("The revocation cannot be earlier than the signature.")
            row = ConsentRevocation(consent_id=consent_id, revoked_at=when, reason=why)
            session.add(row)
            session.flush()
            audit.record(
                session,
                audit.AuditAction.REVOKE,
                actor=self._vault.actor,
                entity_type="consent",
                entity_id=consent_id,
                client_id=consent.client_id,
            )
            return row.id

    def add_addendum(self, consent_id: int, text: str) -> int:
        """Add a dated correction or note to a signed consent (the consent is not changed)."""
        body = v.required_text(text, "Addendum", v.MAX_LONG_TEXT)
        with self._vault.session() as session:
            consent = _load_consent(session, consent_id)
            return views.add_consent_addendum(session, self._vault.actor, consent, body)

    # ----- reading --------------------------------------------------------------------------

    def get(self, consent_id: int, *, audit_view: bool = True) -> ConsentView:
        """One signed consent with its revocation and addenda; opening it is an audited view."""
        with self._vault.session() as session:
            consent = _load_consent(session, consent_id)
            if audit_view:
                audit.record(
                    session,
                    audit.AuditAction.VIEW,
                    actor=self._vault.actor,
                    entity_type="consent",
                    entity_id=consent_id,
                    client_id=consent.client_id,
                )
            return views.consent_view(session, consent)

    def for_client(self, client_id: int) -> list[ConsentView]:
        """Every consent the client signed, newest first."""
        with self._vault.session() as session:
            load_client(session, client_id)
            query = (
                select(Consent)
                .where(Consent.client_id == client_id)
                .order_by(Consent.signed_at.desc(), Consent.id.desc())
            )
            return [views.consent_view(session, row) for row in session.scalars(query)]

    def listing(self, client_id: int) -> list[ConsentListing]:
        """The client's consents for a list, newest first: one statement of small columns
        (the text and signature images are read only when one is opened, with :meth:`get`)."""
        revoked = (
            select(ConsentRevocation.id)
            .where(ConsentRevocation.consent_id == Consent.id)
            .exists()
            .label("revoked")
        )
        query = (
            select(
                Consent.id,
                Consent.title,
                Consent.template_key,
                Consent.template_version,
                Consent.signed_at,
                revoked,
            )
            .where(Consent.client_id == client_id)
            .order_by(Consent.signed_at.desc(), Consent.id.desc())
        )
        with self._vault.session() as session:
            load_client(session, client_id)
            return [ConsentListing(*row) for row in session.execute(query)]

    def status(self, client_id: int, *, today: date | None = None) -> ConsentStatus:
        """Whether this client needs to (re-)consent, and why."""
        months = self._reconsent_months()
        with self._vault.session() as session:
            client = load_client(session, client_id)
            return statuses(session, [client], months, today or date.today())[0]

    def clients_needing_consent(self, *, today: date | None = None) -> list[ConsentNeed]:
        """Every active client with no current consent, in list order (for the CLI and
        checks; screens use :meth:`consent_queue` and :meth:`needing_consent_page`)."""
        return self.needing_consent_page(None, None, today=today)

    def consent_queue(self, limit: int, *, today: date | None = None) -> ConsentQueue:
        """How many active clients need a (new) consent, and the first ``limit`` of them."""
        rules = queue_rules(self._reconsent_months(), today or date.today())
        with self._vault.session() as session:
            consent_due.refresh(session, rules)
            return consent_queue.queue(session, rules, limit)

    def needing_consent_page(
        self, after: ConsentNeed | None, limit: int | None, *, today: date | None = None
    ) -> list[ConsentNeed]:
        """The next ``limit`` clients needing a consent after ``after`` (the last one shown)."""
        rules = queue_rules(self._reconsent_months(), today or date.today())
        with self._vault.session() as session:
            consent_due.refresh(session, rules)
            return consent_queue.page(session, rules, after, limit)

    def _reconsent_months(self) -> int:
        profile = PractitionerService(self._vault).get()
        return profile.reconsent_months if profile else _DEFAULT_RECONSENT_MONTHS


# ----- checks -------------------------------------------------------------------------------


def _validated(data: SignInput) -> SignInput:
    if data.read_to_end_at is None:
        raise UserInputError(READ_TO_END)
    read = v.not_future(data.read_to_end_at, "The time the consent was read to the end")
    signed = (
        datetime.now(UTC)
        if data.signed_at is None
        else v.not_future(data.signed_at, "Date and time of signing")
    )
    if read > signed + _SLACK:
        raise UserInputError("The consent must be read to the end before it is signed.")
    counter = signed if data.countersigned_at is None else data.countersigned_at
    counter = v.not_future(counter, "Date and time of the countersignature")
    if counter + _SLACK < read:
        raise UserInputError("The countersignature cannot be earlier than reading the consent.")
    if not data.rendered_text.strip():
        raise UserInputError("The consent text is missing.", "Show the consent again.")
    guardian_png = data.guardian_signature_png
    return replace(
        data,
        read_to_end_at=read,
        signed_at=signed,
        countersigned_at=counter,
        signer_name=v.required_text(data.signer_name, "Typed full name", 200),
        signature_png=check_signature_png(data.signature_png, "The client's signature"),
        practitioner_signature_png=check_signature_png(
            data.practitioner_signature_png, "Your countersignature"
        ),
        guardian_name=v.optional_text(data.guardian_name, "Guardian name", 200).strip(),
        guardian_relationship=v.optional_text(data.guardian_relationship, "Relationship", 100),
        guardian_signature_png=None
        if not guardian_png
        else check_signature_png(guardian_png, "The guardian's signature"),
        witness_name=v.optional_text(data.witness_name, "Witness name", 200).strip(),
        practitioner_name=v.optional_text(data.practitioner_name, "Your name", 200).strip(),
        minor_consent_basis=v.optional_text(
            data.minor_consent_basis, "Legal basis for the minor consenting alone", 500
        ).strip(),
    )


def _checked_signers(
    data: SignInput, client: Client, for_minor: bool, profile: Profile
) -> SignInput:
    """Apply the who-may-sign rule; fill the guardian relationship and practitioner name."""
    signer_is_client = any(name_matches(data.signer_name, name) for name in client_names(client))
    guardian = client.guardian_name
    signer_is_guardian = bool(guardian) and name_matches(data.signer_name, guardian)
    if not (signer_is_client or signer_is_guardian):
        raise UserInputError(
            "The typed name does not match the client's name or the recorded guardian's name.",
            "Type the full name as it appears in the client's record.",
        )
    if data.guardian_name and not (guardian and name_matches(data.guardian_name, guardian)):
        raise UserInputError(
            "The guardian's name does not match the parent or guardian in the client's record."
        )
    if data.guardian_signature_png is not None and not data.guardian_name:
        raise UserInputError("Enter the name of the guardian who signed.")
    if data.guardian_name and data.guardian_signature_png is None:
        raise UserInputError("The guardian's signature is missing.", "Have the guardian sign.")
    if for_minor and not signer_is_guardian and not data.guardian_name:
        raise UserInputError(
            "This form for minors needs the parent's or guardian's signature.",
            "Have the guardian sign, as the signer or in the guardian's box.",
        )
    _check_minor_consent(
        data, client, guardian_signed=signer_is_guardian or bool(data.guardian_name)
    )
    relationship = data.guardian_relationship or (
        client.guardian_relationship if data.guardian_name else ""
    )
    return replace(
        data,
        guardian_relationship=relationship,
        practitioner_name=data.practitioner_name or profile.full_name,
    )


MINOR_CONSENT_REFUSAL = (
    "The client was under 18 on the day of signing. A minor's consent needs the parent's or "
    "guardian's signature, or the legal basis under which the minor may consent alone "
    "(45 CFR 164.502(g)(3)(i)): choose a cited rule for your state, or cite the statute you "
    "rely on and check it with your lawyer."
)


def _check_minor_consent(data: SignInput, client: Client, *, guardian_signed: bool) -> None:
    """The client's age on the day of signing decides, whichever form was used."""
    assert data.signed_at is not None
    minor = is_minor(client.date_of_birth, data.signed_at.astimezone().date())
    if minor and not guardian_signed and not data.minor_consent_basis:
        raise UserInputError(MINOR_CONSENT_REFUSAL, "Nothing was signed.")
    if data.minor_consent_basis and not minor:
        raise UserInputError(
            "The client was not under 18 on the day of signing (by the date of birth on "
            "record), so no legal basis for a minor consenting alone is needed.",
            "Leave that field empty.",
        )
    rule = rule_cited_in(data.minor_consent_basis) if data.minor_consent_basis else None
    if rule is not None and client.date_of_birth is not None:
        age = v.age_on(client.date_of_birth, data.signed_at.astimezone().date())
        if age < rule.minimum_age:
            raise UserInputError(
                f"{rule.citation} lets a minor consent alone from age {rule.minimum_age}; the "
                f"client was {age} on the day of signing.",
                "A parent or guardian must sign. Nothing was signed.",
            )
    if data.minor_consent_basis and guardian_signed:
        raise UserInputError(
            "A parent or guardian signed, so the minor is not consenting alone.",
            "Leave the legal basis for a minor consenting alone empty.",
        )


def _load_consent(session: Session, consent_id: int) -> Consent:
    row = session.get(Consent, consent_id)
    if row is None:
        raise NotFoundError(f"Consent #{consent_id} does not exist.")
    return row


def _revocation(session: Session, consent_id: int) -> ConsentRevocation | None:
    query = select(ConsentRevocation).where(ConsentRevocation.consent_id == consent_id)
    return session.scalars(query).first()
