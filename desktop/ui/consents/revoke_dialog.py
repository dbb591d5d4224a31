"""Record a revocation: when the client revoked (local time) and, optionally, why.

A revocation is a dated event added to the signed document; the document stays as signed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from desktop.ui.consents.form_dialog import MomentField, WorkerDialog, hint
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named

Revoke = Callable[[datetime, str], object]


class RevokeDialog(WorkerDialog):
    """``revoke(when, reason)`` runs on the worker when OK is pressed."""

    def __init__(
        self,
        context: AppContext,
        what: str,
        explanation: str,
        revoke: Revoke,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, f"Revoke {what}", "Re&voke", parent)
        self._revoke = revoke
        self.when = MomentField("Date and time of the revocation")
        self.reason = named(QPlainTextEdit(), "Reason for the revocation (optional)")
        self.reason.setTabChangesFocus(True)
        self.form.addRow(hint(explanation))
        self.form.addRow("&When", self.when)
        self.form.addRow("&Reason (optional)", self.reason)
        self.resize(560, 360)

    def job(self) -> Callable[[], object]:
        when = self.when.moment()
        reason, revoke = self.reason.toPlainText(), self._revoke
        return lambda: revoke(when, reason)
