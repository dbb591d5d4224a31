"""What the Consents, Releases and Disclosures tabs share: loading on the worker, a button
row, an inline message, and forgetting everything while the vault is locked."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.ui.consents.jobs import run_for
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.sections import RowIdRole, SectionTable
from desktop.ui.widgets.status import MessageLine

T = TypeVar("T")


def selected_id(section: SectionTable) -> int | None:
    """The id of the row that has the current cell, if any."""
    row = section.table.currentRow()
    item = section.table.item(row, 0) if row >= 0 else None
    return int(item.data(RowIdRole)) if item is not None else None


def button(text: str, name: str, tip: str = "") -> QPushButton:
    return named(QPushButton(text), name, tip)


def button_row(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for each in buttons:
        row.addWidget(each)
    row.addStretch(1)
    return row


class RecordTab(QWidget):
    """Subclasses implement :meth:`refresh` and :meth:`clear`; both follow the vault's lock."""

    def __init__(
        self, context: AppContext, client_id: int, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.client_id = context, client_id
        self.message = MessageLine(f"{title} message")
        self.layout_ = QVBoxLayout(self)
        context.session.locked.connect(self.clear)
        context.session.unlocked.connect(self.refresh)

    def refresh(self) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def load(self, work: Callable[[], T], on_success: Callable[[T], None]) -> None:
        """Run ``work`` on the worker; a failure becomes the tab's inline message."""
        run_for(self, self.context, work, on_success, self.message.show_error)

    def done(self, text: str) -> None:
        """Say what was just done, then reload."""
        self.message.show_message(text, "ok")
        self.refresh()
