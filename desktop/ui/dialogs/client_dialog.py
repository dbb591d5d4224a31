"""New / edit client. Saving runs on the worker; the service's validation message is shown
inline. Archiving, never deleting, is done from the list or the record."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_form import ClientForm
from desktop.ui.drafts import FieldSnapshot
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import BusyIndicator, MessageLine
from desktop.workflow.client_views import ClientInput, ClientRecord

log = logging.getLogger("confide.ui.client_dialog")


class ClientDialog(QDialog):
    """Emits ``saved`` with the client id. A DraftHolder: what is typed survives a lock."""

    saved = Signal(int)

    def __init__(
        self, context: AppContext, client_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Edit client — Confide" if client_id else "New client — Confide")
        self._context = context
        self._client_id = client_id
        self._version: int | None = None  # the loaded record's version, checked at save
        self._draft = FieldSnapshot()
        self.form = ClientForm()
        self.message = MessageLine("Client form message")
        self.busy = BusyIndicator("Saving…")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        named(self.save_button, "Save client")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        self._layout()
        context.drafts.register(self)
        self.finished.connect(lambda _result: context.drafts.unregister(self))
        if client_id is not None:
            self._load(client_id)

    def _layout(self) -> None:
        scroll = named(QScrollArea(), "Client details")
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self.resize(640, 720)

    def _load(self, client_id: int) -> None:
        self.form.setEnabled(False)
        context = self._context
        context.worker.run(lambda: context.clients.get(client_id), self._on_loaded, self._on_failed)

    def _on_loaded(self, record: ClientRecord) -> None:
        self._version = record.version
        self.form.set_value(record.data)
        self.form.setEnabled(True)
        self.form.first_name.setFocus()

    def _on_save_clicked(self) -> None:
        data, client_id, context = self.form.value(), self._client_id, self._context
        version = self._version
        self.message.clear_message()
        self.save_button.setEnabled(False)
        self.busy.start()
        context.worker.run(
            lambda: _save(context, client_id, data, version), self._on_saved, self._on_failed
        )

    def _on_saved(self, client_id: int) -> None:
        log.info("client saved")
        self.busy.stop()
        self.saved.emit(client_id)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        log.info("client not saved: %s", type(exc).__name__)
        self.busy.stop()
        self.save_button.setEnabled(True)
        self.form.setEnabled(True)
        self.message.show_error(exc)

    # ----- DraftHolder ----------------------------------------------------------------------

    def save_draft(self) -> None:
        self._draft.capture_and_clear(self.form)

    def restore_draft(self) -> None:
        self._draft.restore()


def _save(
    context: AppContext, client_id: int | None, data: ClientInput, version: int | None
) -> int:
    if client_id is None:
        return context.clients.create(data)
    context.clients.update(client_id, data, expected_version=version)
    return client_id
