"""The base of this package's dialogs: OK runs one service call on the database worker.

The service's refusal is shown inline in plain words (never a traceback) and the dialog stays
open with everything typed. Each dialog is a DraftHolder: before an auto-lock what was typed
(and drawn) is copied into memory and the fields are blanked; it comes back after unlocking.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ConfideError
from desktop.ui.consents.jobs import run_for
from desktop.ui.consents.signature_pad import SignaturePad
from desktop.ui.context import AppContext
from desktop.ui.drafts import FieldSnapshot
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import BusyIndicator, MessageLine, WrappingLabel
from desktop.ui.wizard.time_field import OptionalDateTimeField


class MomentField(OptionalDateTimeField):
    """A required date-and-time field that starts at the current minute.

    Left as shown, it means "now" to the second: the field itself shows whole minutes, and a
    revocation entered in the same minute as the signature must not read as earlier than it.
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(name, required=True, parent=parent)
        self._shown = self.value()

    def moment(self) -> datetime:
        value = self.value()
        return datetime.now(UTC) if value is None or value == self._shown else value


def hint(text: str) -> QLabel:
    """A wrapped explanatory line, styled as a hint."""
    label = WrappingLabel(text)
    label.setProperty("role", "hint")
    return label


class WorkerDialog(QDialog):
    """Subclasses add fields to ``form`` (or ``body``) and implement :meth:`job`.

    ``completed`` is emitted with the service's result, then the dialog closes.
    """

    completed = Signal(object)

    def __init__(
        self,
        context: AppContext,
        title: str,
        ok_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{title} — Confide")
        self.context = context
        self._busy = False
        self._draft = FieldSnapshot()
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.message = MessageLine(f"{title}: message")
        self.busy = BusyIndicator("Saving…")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.ok_button, ok_text.replace("&", "").rstrip("…"))
        self.ok_button.setText(ok_text)
        cancel = named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        cancel.setAutoDefault(False)  # Enter never cancels; it presses OK once OK is enabled
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll_down(content, title), 1)  # scrolls when the screen is short
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        context.drafts.register(self)
        self.finished.connect(lambda _result: context.drafts.unregister(self))

    # ----- for subclasses -------------------------------------------------------------------

    def job(self) -> Callable[[], object]:
        """Read the fields (on the UI thread) and return the service call to run.

        Raise a ConfideError to refuse before anything is sent.
        """
        raise NotImplementedError

    def can_submit(self) -> bool:
        """Whether OK may be pressed now (besides not being busy)."""
        return True

    def update_ok(self) -> None:
        self.ok_button.setEnabled(not self._busy and self.can_submit())

    # ----- running --------------------------------------------------------------------------

    def _on_ok_clicked(self) -> None:
        if not self.ok_button.isEnabled():
            return
        self.message.clear_message()
        try:
            work = self.job()
        except ConfideError as exc:
            self.message.show_error(exc)
            return
        self._set_busy(True)
        run_for(self, self.context, work, self._on_done, self._on_failed)

    def _on_done(self, result: object) -> None:
        self._set_busy(False)
        self.completed.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.show_error(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.busy.start()
        else:
            self.busy.stop()
        self.update_ok()

    # ----- DraftHolder ----------------------------------------------------------------------

    def save_draft(self) -> None:
        self._draft.capture_and_clear(self)
        for pad in self.findChildren(SignaturePad):
            pad.save_draft()

    def restore_draft(self) -> None:
        self._draft.restore()
        for pad in self.findChildren(SignaturePad):
            pad.restore_draft()
