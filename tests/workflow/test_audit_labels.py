"""Internal names in the audit log are shown as words, in the app and in the report."""

from __future__ import annotations

from desktop.storage.audit import AuditAction
from desktop.storage.vault import SYSTEM_ACTOR
from desktop.workflow.audit_labels import (
    action_label,
    actor_label,
    detail_text,
    field_label,
    record_label,
)


def test_every_action_has_a_label() -> None:
    for action in AuditAction:
        label = action_label(action.value)
        assert "_" not in label and label[0].isupper(), action


def test_records_and_actor_read_as_words() -> None:
    assert record_label("incident_step", 17) == "Incident step"  # a row id nobody sees
    assert record_label("incident", 3) == "Incident 3"
    assert record_label("psychotherapy_note", 4) == "Psychotherapy note"
    assert actor_label(SYSTEM_ACTOR) == "Confide (automatic)"
    assert actor_label("Dr. Ana Ruiz") == "Dr. Ana Ruiz"


def test_details_name_steps_and_fields_as_the_wizard_does() -> None:
    text = detail_text(
        {"fields": ["client_response", "informed_at"], "step": "client_notification"}
    )
    assert "client_response" not in text and "client_notification" not in text
    assert "Step: Client notification" in text
    assert field_label("informed_at") in text and field_label("informed_at") != "Informed at"
    assert detail_text({"incident_id": 3, "archived": True}, skip=frozenset({"incident_id"})) == (
        "Archived: Yes"
    )
