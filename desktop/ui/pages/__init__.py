"""The main window's pages. Each is handed the AppContext and nothing else."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import heading


class Page(QWidget):
    """A page: ``refresh()`` loads its data (on the worker); ``clear()`` drops it on lock."""

    title = ""
    go_to = Signal(object)  # a Page subclass: "show that page" (e.g. a dashboard's Show all)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(QLabel(self.title), 1))

    def refresh(self) -> None:
        """Reload from the vault. The default page has nothing to load."""

    def clear(self) -> None:
        """Forget everything shown (the vault is locking)."""
