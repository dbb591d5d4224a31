"""The signing dialog's basis for a minor consenting alone: the cited rules for the practice's
state as a choice, "Other (cite it)" typed in, and a plain note where no rule is on file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.minor_consent import OTHER_BASIS, rules_for
from desktop.services.practice.practitioner import Profile
from desktop.ui.consents.consents_tab import ConsentsTab
from desktop.ui.consents.minor_basis_field import NO_BASIS, MinorBasisField
from desktop.ui.context import AppContext
from desktop.workflow.client_views import ClientInput
from tests.ui.test_consents_ui import open_sign_dialog, open_tab


def _items(field: MinorBasisField) -> list[str]:
    return [field.choice.itemText(i) for i in range(field.choice.count())]


def test_the_cited_rules_are_a_choice_and_other_is_typed(qtbot: QtBot) -> None:
    field = MinorBasisField()
    qtbot.addWidget(field)
    field.show()
    field.set_jurisdiction("CA", "California")
    rules = rules_for("CA")
    assert _items(field) == [NO_BASIS, *(r.choice_label for r in rules), OTHER_BASIS]
    assert field.text() == "" and not field.other.isVisible()
    field.choice.setFocus()
    qtbot.keyClick(field.choice, Qt.Key.Key_Down)
    assert field.text() == rules[0].recorded_basis
    qtbot.keyClick(field.choice, Qt.Key.Key_End)
    assert field.other.isVisible()
    qtbot.keyClicks(field.other, "Example Code §1 (my reading)")
    assert field.text() == "Example Code §1 (my reading)"


def test_a_state_without_a_rule_on_file_says_so(qtbot: QtBot) -> None:
    field = MinorBasisField()
    qtbot.addWidget(field)
    field.set_jurisdiction("TX", "Texas")
    assert _items(field) == [NO_BASIS, OTHER_BASIS]
    assert field.note.text() == (
        "No cited rule on file for Texas: record the basis and its citation."
    )


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[QWidget]:
    widget = QWidget()
    QVBoxLayout(widget)
    widget.resize(1000, 700)
    qtbot.addWidget(widget)
    yield widget


def test_the_signing_dialog_offers_the_practice_states_rules(
    qtbot: QtBot, context: AppContext, host: QWidget
) -> None:
    def setup() -> int:
        context.practitioner.save(
            Profile(full_name="Dr. Robin Vale", jurisdiction="WA", credentials="PhD")
        )
        return context.clients.create(
            ClientInput(
                first_name="Eli",
                last_name="Marsh",
                date_of_birth=date.today() - timedelta(days=15 * 365),
                guardian_name="Priya Marsh",
            )
        )

    client = context.worker.call(setup)
    tab = open_tab(qtbot, context, host, "Consents", client)
    assert isinstance(tab, ConsentsTab)
    dialog = open_sign_dialog(qtbot, tab)
    assert _items(dialog.minor_basis) == [
        NO_BASIS,
        rules_for("WA")[0].choice_label,
        OTHER_BASIS,
    ]
    dialog.close()
