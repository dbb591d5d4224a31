"""Open a client's record window (once per client; a second request raises the first)."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop.ui.context import AppContext


def open_client_record(context: AppContext, client_id: int, parent: QWidget | None) -> QWidget:
    from desktop.ui.client_record.dialog import ClientRecordDialog

    key = f"client:{client_id}"
    existing = context.windows.get(key)
    if existing is not None and shiboken6.isValid(existing):
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = ClientRecordDialog(context, client_id, parent)
    context.windows[key] = dialog
    dialog.destroyed.connect(lambda *_: context.windows.pop(key, None))
    dialog.show()
    return dialog
