"""The duty-to-warn case of tests/support/cases.py, typed into the wizard step by step."""

from __future__ import annotations

from pathlib import Path

from desktop.domain import StepStatus, WorkflowStep
from desktop.ui.wizard import list_specs
from desktop.ui.wizard.dialogs import ExportDialog
from desktop.ui.wizard.pages import DisclosurePage, ReviewPage
from tests.ui.wizard_driver import WizardDriver

S = WorkflowStep

SITUATION = {
    "statement": '"If Sam shows up at the shop again I will make sure he never walks out."',
    "observations": "Client clenched fists, raised voice, refused to discuss a safety plan.",
    "occurred_at": None,
    "learned_at": None,
    "communicated_by": "The client",
    "at_risk": "Sam Okafor, the client's former business partner",
    "identifiable_victim": "Yes",
    "victim_contact": "Mobile on file with the shop; works weekdays at Okafor Tools",
    "imminence": "Within days",
    "risk.assessed_at": None,
    "risk.intent": "States he means it and has thought about it for a week",
    "risk.plan": "Confront Sam at the shop on Friday",
    "risk.means": "Owns a hunting rifle kept at home",
    "risk.weapons_asked": True,
    "risk.weapons_access": "Yes",
    "risk.weapons_advice": "Advised storing the rifle with his brother; client declined",
    "risk.history_of_violence": "Assault charge in 2019 after a bar fight",
    "risk.risk_factors": "Recent business loss, heavy drinking",
    "risk.protective_factors": "Close to his daughter; keeps weekly sessions",
    "risk.overall_risk": "High",
}
VICTIM = {
    "recipient_name": "Sam Okafor",
    "recipient_role": "Potential victim",
    "recipient_address": "Okafor Tools, 12 Main St, Fresno CA",
    "method": "Phone",
    "categories.identity": True,
    "categories.nature_of_threat": True,
    "description": "Client's name and the threat to confront him at the shop",
    "purpose": "Warn the identifiable victim of a serious threat",
    "legal_basis": "45 CFR 164.512(a) (required by law)",
}
POLICE = {
    "recipient_name": "Fresno Police Department",
    "recipient_role": "Law enforcement",
    "method": "Phone",
    "categories.identity": True,
    "categories.contact_details": True,
    "categories.nature_of_threat": True,
    "description": "Client identity, address and the threat",
    "purpose": "Notify law enforcement as Civ. Code 43.92 requires",
    "legal_basis": "45 CFR 164.512(a) (required by law)",
    "report_number": "FPD-2026-11873",
}
STEP_CONTENT = {
    S.SITUATION: ["I will make sure he never walks out", "Owns a hunting rifle kept at home"],
    S.REVIEW: ["both warning and police required", "Client refused; no grounds for a hold"],
    S.DOCUMENTATION: ["threat repeated twice", "voicemail.txt", "Intake file"],
    S.CONSULTATION: ["Warn and notify police today"],
    S.LEGAL_COUNSEL: ["Document the warning and the police report number"],
    S.CLIENT_NOTIFICATION: ["Angry at first, then agreed to come in tomorrow"],
    S.DISCLOSURE: [
        "FPD-2026-11873",
        "Okafor Tools, 12 Main St, Fresno CA",
        "Voicemail full; no message left",
        "Both actions taken the same day as the threat",
    ],
    S.SIGN_OFF: [
        "victim warned and police notified within hours",
        "ask about the rifle and the threat at every session",
    ],
}


def complete(driver: WizardDriver, step: WorkflowStep) -> None:
    """Click "Complete step" and wait for the workflow to move on."""
    assert driver.w.shown_step is step
    driver.click(driver.w.complete_button)
    driver.step_shown(step.next or step)
    assert driver.w.snapshot is not None
    assert driver.w.snapshot.status(step) is StepStatus.COMPLETE, driver.w.message.text()


def walk_duty_case(driver: WizardDriver, tmp_path: Path) -> None:
    """The duty-to-warn case of tests/support/cases.py, typed into the wizard."""
    window = driver.w
    driver.fill(driver.form(S.SITUATION), SITUATION)
    complete(driver, S.SITUATION)

    review = window.page(S.REVIEW)
    assert isinstance(review, ReviewPage)
    assert "Cal. Civ. Code §43.92" in review.panel.toPlainText()
    assert "not legal advice" in review.panel.toPlainText()
    driver.add_row(
        S.REVIEW,
        list_specs.OPTIONS,
        {
            "option": "Warn Sam Okafor and notify police",
            "chosen": True,
            "reason": "Civ. Code 43.92",
        },
    )
    driver.add_row(
        S.REVIEW,
        list_specs.OPTIONS,
        {"option": "Voluntary hospitalization", "reason": "Client refused; no grounds for a hold"},
    )
    driver.fill(
        driver.form(S.REVIEW),
        {
            "rule_reviewed": True,
            "application": "Serious threat, identifiable victim: both warning and police required",
        },
    )
    complete(driver, S.REVIEW)

    voicemail = tmp_path / "voicemail.txt"
    voicemail.write_bytes(b"Client voicemail transcript")
    driver.add_row(
        S.DOCUMENTATION,
        list_specs.EVIDENCE,
        {
            "content": "Session transcript excerpt: threat repeated twice",
            "occurred_at": None,
            "source": "Session of this week",
        },
        attach=voicemail,
    )
    driver.fill(driver.form(S.DOCUMENTATION), {"records_reviewed": "Intake file"})
    complete(driver, S.DOCUMENTATION)

    driver.add_row(
        S.CONSULTATION,
        list_specs.CONSULTATIONS,
        {
            "consultant_name": "Dr. Lee Park",
            "consultant_role": "Supervisor",
            "advice": "Warn and notify police today",
        },
    )
    complete(driver, S.CONSULTATION)

    driver.fill(driver.form(S.LEGAL_COUNSEL), {"consulted": "Yes"})
    driver.add_row(
        S.LEGAL_COUNSEL,
        list_specs.LEGAL_COUNSEL,
        {
            "consultant_name": "Maria Gomez, Esq.",
            "consultant_role": "Risk-management attorney",
            "advice": "Document the warning and the police report number",
        },
    )
    complete(driver, S.LEGAL_COUNSEL)

    driver.fill(
        driver.form(S.CLIENT_NOTIFICATION),
        {
            "informed": "Yes",
            "informed_at": None,
            "method": "Phone",
            "client_response": "Angry at first, then agreed to come in tomorrow",
        },
    )
    complete(driver, S.CLIENT_NOTIFICATION)

    walk_disclosures(driver)
    complete(driver, S.DISCLOSURE)

    page = window.sign_off_page
    driver.fill(
        page.form,
        {
            "summary": "Threat assessed as high; victim warned and police notified within hours.",
            "follow_up_plan": (
                "Weekly sessions; ask about the rifle and the threat at every session."
            ),
            "attestation": True,
        },
    )
    # Finalize is enabled once the draft is saved and the checklist is empty.
    driver.qtbot.waitUntil(page.finalize_button.isEnabled, timeout=10_000)
    assert not page.outstanding.isVisible()
    driver.click(page.finalize_button)
    driver.qtbot.waitUntil(lambda: window.read_only, timeout=10_000)
    driver.idle()


def walk_disclosures(driver: WizardDriver) -> None:
    page = driver.w.page(S.DISCLOSURE)
    assert isinstance(page, DisclosurePage)
    driver.fill(
        page.form,
        {
            "decision": "Information was disclosed",
            "rationale": "Both actions taken the same day as the threat",
        },
    )
    driver.add_row(
        S.DISCLOSURE,
        list_specs.ATTEMPTS,
        {
            "recipient_name": "Sam Okafor",
            "recipient_role": "Potential victim",
            "method": "Phone",
            "outcome": "No answer",
            "notes": "Voicemail full; no message left",
        },
    )
    driver.add_row(S.DISCLOSURE, list_specs.DISCLOSURES, VICTIM)
    assert "law enforcement" in page.discharge.text().lower()  # police not yet notified
    driver.add_row(S.DISCLOSURE, list_specs.DISCLOSURES, POLICE)
    assert "meet the jurisdiction's discharge rule" in page.discharge.text()


def export(driver: WizardDriver, out: Path, password: str = "") -> None:
    driver.click(driver.w.export_button)
    dialog = driver.w.controller.dialog
    assert isinstance(dialog, ExportDialog)
    driver.qtbot.waitExposed(dialog)
    dialog.path.clear()
    driver.type(dialog.path, str(out))
    if password:
        driver.type(dialog.password, password)
        driver.type(dialog.confirm, password)
    driver.click(dialog.export_button)
    driver.qtbot.waitUntil(out.exists, timeout=20_000)
    driver.idle()
    assert f"saved as {out.name}" in driver.w.message.text()
