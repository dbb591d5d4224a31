"""The legal basis for a minor consenting alone: a cited rule for the practice's state, or
"Other (cite it)" typed in; where no rule is on file, it says so."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.minor_consent import OTHER_BASIS, no_rule_message, rules_for
from desktop.ui.widgets.accessibility import named

NO_BASIS = "— a parent or guardian signs —"


class MinorBasisField(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = named(QComboBox(), "Legal basis for the minor consenting alone")
        self.other = named(
            QLineEdit(),
            "The statute you rely on, with its citation",
            "Only if no parent or guardian signs: the statute you rely on (check with your lawyer)",
        )
        self.other.setPlaceholderText("Statute and citation")
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.other)
        layout.addWidget(self.note)
        self.setFocusProxy(self.choice)
        self.choice.currentIndexChanged.connect(self._on_choice_changed)
        self.set_jurisdiction("", "")

    def set_jurisdiction(self, code: str, state_name: str) -> None:
        """Offer the cited rules on file for the practice's state, then "Other (cite it)"."""
        rules = rules_for(code) if code else ()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(NO_BASIS, "")
        for rule in rules:
            self.choice.addItem(rule.choice_label, rule.recorded_basis)
        self.choice.addItem(OTHER_BASIS, None)
        self.choice.blockSignals(False)
        if rules:
            self.note.setText(
                "Choose the rule you rely on; you attest that its conditions were met. "
                "Reference data, not legal advice."
            )
        else:
            self.note.setText(no_rule_message(state_name or "your state"))
        self._on_choice_changed()

    def _on_choice_changed(self) -> None:
        self.other.setVisible(self.choice.currentData() is None)

    def text(self) -> str:
        """What the consent records: the chosen rule's citation and conditions, or the typed
        basis (empty when a parent or guardian signs)."""
        chosen = self.choice.currentData()
        return self.other.text().strip() if chosen is None else str(chosen)

    def clear(self) -> None:
        self.choice.setCurrentIndex(0)
        self.other.clear()
