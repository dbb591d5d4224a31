"""Demo consents, releases, disclosures and an accounting request, all through the services.

Everything here is synthetic. Expects the demo's client order from desktop.demo: an adult
with insurance, an adult paying out of pocket, a minor with a guardian, an older adult,
then ordinary adults. What it leaves in the vault:

- consents signed today (a template version can only be signed after it exists): the first
  client on version 1 of the adult form, which is then edited to version 2 (so that client
  is flagged for re-consent); the minor with the guardian's signature; the older adult's
  consent revoked; several ordinary adults on version 2; the rest with no consent;
- releases: one expiring within 30 days with two disclosures under it, one revoked after a
  disclosure, one for the minor ending at an event;
- a routine insurance claim (exempt), one accountable disclosure, and an accounting request
  received 61 days ago and not yet answered (overdue).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from desktop.domain import DisclosureMethod, InformationCategory, LegalBasis, RecipientRole
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.accounting.service import AccountingService
from desktop.services.clients.service import ClientService
from desktop.services.consents.service import ConsentService, SignInput
from desktop.services.consents.templates import TemplateService
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.practice.practitioner import PractitionerService
from desktop.services.releases.service import DisclosureDetails, ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow.disclosures import DisclosureInput

ADULT_FORM = "informed-consent-adult"
MINOR_FORM = "informed-consent-minor"
_TELEHEALTH = """## Sessions by video

Some sessions may take place by video. I use a service that encrypts the call, and I join
from a private room. Please join from a place where others cannot hear you. If the call
drops, I will call you back at the number you gave me.

"""


def seed_demo_consents(vault: Vault, client_ids: list[int]) -> None:
    """Fill the demo vault's consent, release and disclosure records (see module docstring)."""
    if len(client_ids) < 4:
        raise ValueError("the demo needs at least four clients")
    insured, self_pay, minor, older, *others = client_ids
    consents = ConsentService(vault)
    TemplateService(vault).ensure_bundled_templates()
    _sign(vault, insured)
    _add_telehealth_section(TemplateService(vault))
    _sign(vault, minor, form=MINOR_FORM, with_guardian=True)
    consents.add_addendum(_sign(vault, self_pay), "Gave the client a printed copy.")
    revoked = _sign(vault, older)
    consents.revoke(revoked, datetime.now(UTC), "Client ended therapy and withdrew consent.")
    for client_id in others[:5]:
        _sign(vault, client_id)
    _seed_releases(vault, insured, self_pay, minor)
    _seed_other_disclosures(vault, insured)
    AccountingService(vault).record_request(insured, date.today() - timedelta(days=61))


def _sign(
    vault: Vault, client_id: int, *, form: str = ADULT_FORM, with_guardian: bool = False
) -> int:
    consents = ConsentService(vault)
    client = ClientService(vault).get(client_id, audit_view=False).data
    rendered = consents.render_for_client(client_id, form)
    signer = f"{client.first_name} {client.last_name}"
    practitioner = PractitionerService(vault).require().full_name
    guardian = client.guardian_name if with_guardian else ""
    return consents.sign(
        SignInput(
            client_id=client_id,
            template_id=rendered.template.id,
            rendered_text=rendered.text,
            read_to_end_at=datetime.now(UTC),
            signer_name=signer,
            signature_png=synthetic_signature_png(signer),
            practitioner_signature_png=synthetic_signature_png(practitioner),
            guardian_name=guardian,
            guardian_signature_png=synthetic_signature_png(guardian) if guardian else None,
        )
    )


def _add_telehealth_section(templates: TemplateService) -> None:
    current = next(t for t in templates.templates() if t.key == ADULT_FORM)
    marker = "## Questions"
    if marker in current.body:
        body = current.body.replace(marker, _TELEHEALTH + marker, 1)
    else:
        body = current.body + "\n" + _TELEHEALTH
    templates.edit_template(ADULT_FORM, current.title, body, current.limits)


def _ago(days: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def _seed_releases(vault: Vault, insured: int, self_pay: int, minor: int) -> None:
    releases = ReleaseService(vault)
    to_doctor = releases.create(
        ReleaseInput(
            client_id=self_pay,
            recipient_name="Dr. Ana Ruiz, Riverside Family Medicine",
            recipient_role=RecipientRole.CLINICIAN,
            recipient_address="200 Sample Avenue, Sacramento, CA 95816",
            information_description="Dates of treatment, diagnosis and a treatment summary",
            purpose="Coordinating care with my primary-care doctor",
            signer_name="Zoë Nguyễn",
            signed_at=_ago(100),
            expires_on=date.today() + timedelta(days=20),
            signature_png=synthetic_signature_png("Zoë Nguyễn"),
        )
    )
    for days, what in ((60, "Treatment summary letter"), (14, "Updated treatment summary")):
        releases.record_disclosure_under_release(to_doctor, _details(days, what))
    to_psychiatrist = releases.create(
        ReleaseInput(
            client_id=insured,
            recipient_name="Dr. Lee Park, Psychiatry",
            recipient_role=RecipientRole.CLINICIAN,
            recipient_address="45 Example Plaza, Sacramento, CA 95814",
            information_description="Diagnosis, current symptoms and medications",
            purpose="Medication evaluation",
            signer_name="Dana Kessler",
            signed_at=_ago(200),
            expires_on=date.today() + timedelta(days=165),
            signature_png=synthetic_signature_png("Dana Kessler"),
        )
    )
    releases.record_disclosure_under_release(to_psychiatrist, _details(150, "Referral letter"))
    releases.revoke(
        to_psychiatrist, _ago(30), "Client chose to stop sharing with the psychiatrist."
    )
    releases.create(
        ReleaseInput(
            client_id=minor,
            recipient_name="School counselor, Example Middle School",
            recipient_role=RecipientRole.OTHER,
            information_description="Attendance at therapy and general progress",
            purpose="Planning support at school",
            signer_name="Priya Marsh",
            signed_at=_ago(40),
            expiry_event="the end of the current school year",
        )
    )


def _details(days: int, description: str) -> DisclosureDetails:
    return DisclosureDetails(
        disclosed_at=_ago(days),
        method=DisclosureMethod.FAX,
        categories=(InformationCategory.DIAGNOSIS, InformationCategory.TREATMENT_DATES),
        description=description,
    )


def _seed_other_disclosures(vault: Vault, insured: int) -> None:
    claim = DisclosureInput(
        client_id=insured,
        disclosed_at=_ago(35),
        recipient_name="Example Health Plan",
        recipient_role=RecipientRole.INSURER,
        method=DisclosureMethod.PORTAL,
        categories=(InformationCategory.IDENTITY, InformationCategory.BILLING_CODES),
        description="Routine claim: dates of service, procedure and diagnosis codes",
        purpose="Payment for services",
        legal_basis=LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
        minimum_necessary="Only the fields the claim form requires",
    )
    oversight = DisclosureInput(
        client_id=insured,
        disclosed_at=_ago(90),
        recipient_name="State Board of Psychology (demo)",
        recipient_role=RecipientRole.OTHER,
        recipient_address="1 Capitol Mall, Sacramento, CA 95814",
        method=DisclosureMethod.WRITTEN,
        categories=(InformationCategory.TREATMENT_DATES,),
        description="Dates of treatment, for a routine records audit",
        purpose="Licensing board audit of record keeping",
        legal_basis=LegalBasis.HEALTH_OVERSIGHT,
        minimum_necessary="Dates only; the board did not ask for session content",
    )
    with vault.session() as session:
        add_disclosure(session, vault.actor, claim)
        add_disclosure(session, vault.actor, oversight)
