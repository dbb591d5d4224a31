"""FHIR R4 (4.0.1) Bundles, one per client, as plain JSON: consents, releases and disclosures.

Each Bundle (type "collection") holds the Patient; a RelatedPerson for the guardian and each
emergency contact; a Consent for each signed consent (scope "treatment") and each release
(scope "patient-privacy", policy rule "hipaa-auth", a "permit" provision to disclose to the
named recipient until the expiry); a DocumentReference carrying each consent's PDF; a
Provenance with the drawn signatures (ASTM E1762 signature types); and an AuditEvent for
each disclosure, shaped like FHIR's "Accounting of a Disclosure" example. Codes and systems
are those of the interop notes; the tests validate every resource with the R4B models of
``fhir.resources`` and check the codes and the Consent invariants that library skips.
Psychotherapy notes and progress notes are not part of it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from desktop.storage.vault import Vault
from desktop.workflow.chart_views import Chart, ChartDisclosure
from desktop.workflow.consent_views import ConsentView
from desktop.workflow.release_views import ReleaseView

FHIR_VERSION = "4.0.1"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
POLICY_CODES = "http://terminology.hl7.org/CodeSystem/consentpolicycodes"
CONSENT_ACTION = "http://terminology.hl7.org/CodeSystem/consentaction"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
CONTACT_ROLE = "http://terminology.hl7.org/CodeSystem/v2-0131"
SIGNATURE_TYPE = "urn:iso-astm:E1762-95:2013"
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
AUDIT_OUTCOME_SUCCESS = "0"
CONSENT_SIGNATURE = "1.2.840.10065.1.12.1.7"
VERIFICATION_SIGNATURE = "1.2.840.10065.1.12.1.5"
PATIENT_CONSENT = ("59284-0", "Patient Consent")
RELEASE_CONSENT = ("64292-6", "Release of information consent")


def client_bundle(
    chart: Chart, vault_id: str, consent_pdfs: dict[int, bytes], now: datetime | None = None
) -> dict[str, Any]:
    """The Bundle for one client's chart (read without psychotherapy notes)."""
    client = chart.client
    resources: list[dict[str, Any]] = [_patient(chart, vault_id)]
    resources += _related_people(chart)
    guardian = f"RelatedPerson/guardian-{client.id}" if client.data.guardian_name else None
    for consent in chart.consents:
        resources.append(_consent(consent, guardian))
        resources.append(_document(consent, consent_pdfs[consent.id]))
        resources.append(_provenance(consent, guardian))
    resources += [_release(release, client.id) for release in chart.releases]
    resources += [_audit_event(item, client.id) for item in chart.disclosures]
    return {
        "resourceType": "Bundle",
        "id": f"confide-client-{client.id}",
        "meta": {"lastUpdated": _instant(now or datetime.now(UTC))},
        "type": "collection",
        "timestamp": _instant(now or datetime.now(UTC)),
        "entry": [
            {"fullUrl": f"urn:confide:{r['resourceType']}/{r['id']}", "resource": r}
            for r in resources
        ],
    }


def export_bundles(
    vault: Vault, chart_of: Callable[[int], Chart], consent_pdf: Callable[[int, str], bytes]
) -> dict[int, dict[str, Any]]:
    """A Bundle for every client, by client id.

    The service passes ``chart_of`` (a client's chart by id) and ``consent_pdf`` (a consent's
    PDF by id and client name).
    """
    from sqlalchemy import select

    from desktop.models import Client

    with vault.session() as session:
        client_ids = list(session.scalars(select(Client.id).order_by(Client.id)))
    bundles = {}
    for client_id in client_ids:
        chart = chart_of(client_id)
        name = chart.client.display_name
        pdfs = {c.id: consent_pdf(c.id, name) for c in chart.consents}
        bundles[client_id] = client_bundle(chart, vault.vault_id, pdfs)
    return bundles


# ----- resources --------------------------------------------------------------------------


def _patient(chart: Chart, vault_id: str) -> dict[str, Any]:
    data = chart.client.data
    names: list[dict[str, Any]] = [
        {"use": "official", "family": data.last_name, "given": [data.first_name]}
    ]
    if data.preferred_name:
        names.append({"use": "usual", "family": data.last_name, "given": [data.preferred_name]})
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(chart.client.id),
        "identifier": [{"system": f"urn:confide:vault:{vault_id}", "value": str(chart.client.id)}],
        "active": not chart.client.archived,
        "name": names,
    }
    telecom = [
        {"system": "phone", "value": data.phone} if data.phone else None,
        {"system": "email", "value": data.email} if data.email else None,
    ]
    if any(telecom):
        patient["telecom"] = [t for t in telecom if t]
    if data.date_of_birth:
        patient["birthDate"] = data.date_of_birth.isoformat()
    if data.address:
        patient["address"] = [{"text": data.address}]
    return patient


def _related_people(chart: Chart) -> list[dict[str, Any]]:
    client_id, data = chart.client.id, chart.client.data
    people = []
    if data.guardian_name:
        guardian = _person(
            f"guardian-{client_id}", client_id, data.guardian_name, data.guardian_phone
        )
        guardian["relationship"] = [
            _concept(ROLE_CODE, "GUARD", "guardian", data.guardian_relationship)
        ]
        people.append(guardian)
    for number, contact in enumerate(data.emergency_contacts, start=1):
        person = _person(f"emergency-{client_id}-{number}", client_id, contact.name, contact.phone)
        person["relationship"] = [
            _concept(CONTACT_ROLE, "C", "Emergency Contact", contact.relationship)
        ]
        people.append(person)
    return people


def _person(resource_id: str, client_id: int, name: str, phone: str) -> dict[str, Any]:
    person: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "id": resource_id,
        "patient": {"reference": f"Patient/{client_id}"},
        "name": [{"text": name}],
    }
    if phone:
        person["telecom"] = [{"system": "phone", "value": phone}]
    return person


def _consent(consent: ConsentView, guardian: str | None) -> dict[str, Any]:
    signer = guardian if consent.guardian_name and guardian else f"Patient/{consent.client_id}"
    return {
        "resourceType": "Consent",
        "id": f"consent-{consent.id}",
        "status": "inactive" if consent.revoked else "active",
        "scope": _concept(CONSENT_SCOPE, "treatment", "Treatment"),
        "category": [_concept(LOINC, *PATIENT_CONSENT)],
        "patient": {"reference": f"Patient/{consent.client_id}"},
        "dateTime": _instant(consent.signed_at),
        "performer": [{"reference": signer}],
        "policy": [{"uri": _template_uri(consent)}],
        "sourceReference": {"reference": f"DocumentReference/consent-pdf-{consent.id}"},
        "verification": [
            {
                "verified": consent.text_intact,
                "verifiedWith": {"reference": signer},
                "verificationDate": _instant(consent.signed_at),
            }
        ],
    }


def _template_uri(consent: ConsentView) -> str:
    """The consent's policy: the template version it was signed on (a URN, not a web page)."""
    return f"urn:confide:consent-template:{consent.template_key}:{consent.template_version}"


def _document(consent: ConsentView, pdf: bytes) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "id": f"consent-pdf-{consent.id}",
        "status": "current",
        "docStatus": "final",
        "type": _concept(LOINC, *PATIENT_CONSENT),
        "subject": {"reference": f"Patient/{consent.client_id}"},
        "date": _instant(consent.signed_at),
        "description": f"{consent.title}, version {consent.template_version}, as signed",
        "content": [
            {
                "attachment": {
                    "contentType": "application/pdf",
                    "data": base64.b64encode(pdf).decode("ascii"),
                    "size": len(pdf),
                    "hash": base64.b64encode(hashlib.sha1(pdf).digest()).decode("ascii"),  # noqa: S324 - FHIR Attachment.hash is SHA-1
                    "title": f"consent-{consent.id}.pdf",
                }
            }
        ],
    }


def _provenance(consent: ConsentView, guardian: str | None) -> dict[str, Any]:
    signer = guardian if consent.guardian_name and guardian else f"Patient/{consent.client_id}"
    signatures = [
        _signature(
            CONSENT_SIGNATURE, "Consent Signature", consent.signed_at, signer, consent.signature_png
        )
    ]
    if consent.practitioner_signature_png:
        when = consent.countersigned_at or consent.signed_at
        practitioner = {"display": consent.practitioner_name}
        signatures.append(
            {
                **_signature(
                    VERIFICATION_SIGNATURE,
                    "Verification Signature",
                    when,
                    None,
                    consent.practitioner_signature_png,
                ),
                "who": practitioner,
            }
        )
    return {
        "resourceType": "Provenance",
        "id": f"consent-signature-{consent.id}",
        "target": [{"reference": f"Consent/consent-{consent.id}"}],
        "recorded": _instant(consent.signed_at),
        "agent": [{"who": {"reference": signer}}, {"who": {"display": consent.practitioner_name}}],
        "signature": signatures,
    }


def _signature(
    code: str, label: str, when: datetime, who: str | None, png: bytes
) -> dict[str, Any]:
    return {
        "type": [{"system": SIGNATURE_TYPE, "code": code, "display": label}],
        "when": _instant(when),
        "who": {"reference": who} if who else {"display": "unknown"},
        "sigFormat": "image/png",
        "data": base64.b64encode(png).decode("ascii"),
    }


def _release(release: ReleaseView, client_id: int) -> dict[str, Any]:
    expired = release.expires_on is not None and release.expires_on < date.today()
    provision: dict[str, Any] = {
        "type": "permit",
        "actor": [
            {
                "role": _concept(PARTICIPATION, "IRCP", "information recipient"),
                "reference": {"display": release.recipient_name},
            }
        ],
        "action": [_concept(CONSENT_ACTION, "disclose", "Disclose")],
    }
    if release.expires_on is not None:
        provision["period"] = {"end": release.expires_on.isoformat()}
    return {
        "resourceType": "Consent",
        "id": f"release-{release.id}",
        "status": "inactive" if release.revoked or expired else "active",
        "scope": _concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"),
        "category": [_concept(LOINC, *RELEASE_CONSENT)],
        "patient": {"reference": f"Patient/{client_id}"},
        "dateTime": _instant(release.signed_at),
        "performer": [{"reference": f"Patient/{client_id}", "display": release.signer_name}],
        "policyRule": _concept(POLICY_CODES, "hipaa-auth", "HIPAA Authorization"),
        "provision": provision,
    }


def _audit_event(item: ChartDisclosure, client_id: int) -> dict[str, Any]:
    return {
        "resourceType": "AuditEvent",
        "id": f"disclosure-{item.id}",
        "type": {"system": DICOM, "code": "110106", "display": "Export"},
        "action": "R",
        "recorded": _instant(item.disclosed_at),
        "outcome": AUDIT_OUTCOME_SUCCESS,
        "purposeOfEvent": [{"text": f"{item.purpose} (legal basis: {item.legal_basis.citation})"}],
        "agent": [
            {
                "type": _concept(DICOM, "110153", "Source Role ID"),
                "who": {"display": "The practice (Confide)"},
                "requestor": False,
            },
            {
                "type": _concept(DICOM, "110152", "Destination Role ID"),
                "who": {"display": item.recipient_name},
                "name": item.recipient_name,
                "requestor": False,
            },
        ],
        "source": {"observer": {"display": "Confide"}},
        "entity": [
            {
                "what": {"reference": f"Patient/{client_id}"},
                "description": item.description,
            }
        ],
    }


def _concept(system: str, code: str, display: str, text: str = "") -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": system, "code": code, "display": display}]}
    if text:
        concept["text"] = text
    return concept


def _instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def write_fhir(bundles: dict[int, dict[str, Any]], out: Path, *, password: str | None) -> int:
    """Write each client's Bundle to ``out`` (AES-256 ZIP with a password, else a folder).

    Audited by ``services.exports.export_fhir``.
    """
    import json

    from desktop.exports.archive import EncryptedZipWriter, ExportWriter, FolderWriter

    writer: ExportWriter = (
        EncryptedZipWriter(out, password) if password is not None else FolderWriter(out)
    )
    try:
        for client_id, bundle in bundles.items():
            text = json.dumps(bundle, indent=2, ensure_ascii=False)
            writer.write(f"client-{client_id}.bundle.json", text.encode("utf-8"))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return len(bundles)
