"""User text that looks like markup, and text in many scripts, exports literally."""

from __future__ import annotations

from pathlib import Path

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    WorkflowStep,
)
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import ConsultationInput, EvidenceInput, EvidenceKind, SituationFields
from tests.support.cases import ago, setup_practice
from tests.support.pdf import pdf_text

TRICKY = ["<b>", "&amp;", "<font size=40>", "Zoë Nguyễn", "李小龙", "🙂"]


def test_markup_and_unicode_export_literally(vault: Vault, tmp_path: Path) -> None:
    client_id = setup_practice(vault, first_name="Zoë <b>", last_name="Nguyễn &amp; 李小龙 🙂")
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.DANGER_TO_OTHERS, title="<font size=40>")
    flow = service.workflow(incident_id)
    flow.save_step(
        WorkflowStep.SITUATION,
        SituationFields(
            statement="She said <b>never</b> &amp; <font size=40>BIG</font> 🙂",
            at_risk="Zoë Nguyễn and 李小龙",
        ),
    )
    service.add_consultation(
        incident_id, ConsultationInput(ago(2), "Dr. <b>Bold</b> 李", "Advice &amp; more 🙂")
    )
    service.add_evidence(
        incident_id, EvidenceInput(EvidenceKind.OBSERVATION, "<img src='/etc/passwd'> seen")
    )
    service.add_disclosure(
        incident_id,
        DisclosureInput(
            client_id=client_id,
            disclosed_at=ago(1),
            recipient_name="Zoë Nguyễn <b>",
            recipient_role=RecipientRole.POTENTIAL_VICTIM,
            method=DisclosureMethod.PHONE,
            categories=(InformationCategory.NATURE_OF_THREAT,),
            description="Threat &amp; name",
            purpose="<font size=40>warn</font>",
            legal_basis=LegalBasis.SERIOUS_THREAT,
            minimum_necessary="Only the threat 🙂",
        ),
    )
    service.add_addendum(incident_id, "Addendum <b>李小龙</b> &amp; 🙂")

    text = pdf_text(export_incident_report(vault, incident_id, tmp_path / "tricky.pdf"))

    for literal in TRICKY:
        assert literal in text, literal
    assert "Zoë <b> Nguyễn &amp; 李小龙 🙂" in text  # the client's name, as typed
    assert "She said <b>never</b> &amp; <font size=40>BIG</font> 🙂" in text
    assert "Dr. <b>Bold</b> 李" in text
    assert "<img src='/etc/passwd'> seen" in text
    assert "<font size=40>warn</font>" in text
    assert "Addendum <b>李小龙</b> &amp; 🙂" in text
