"""One error path: typed errors become plain-language dialogs; the unexpected is logged by
type only and shown as a calm generic message, never a traceback."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import ConfideError

log = logging.getLogger("confide.ui")
UNEXPECTED = (
    "Something unexpected went wrong and the action was not finished. "
    "Your saved records are safe. Try again; if it keeps happening, restart Confide."
)


def message_for(exc: BaseException) -> tuple[str, str]:
    """(what happened, what to do next) for any exception, with no client data in it."""
    if isinstance(exc, ConfideError):
        return exc.message, exc.advice
    return UNEXPECTED, ""


def show_error(parent: QWidget | None, exc: BaseException, title: str = "Confide") -> None:
    what, advice = message_for(exc)
    if not isinstance(exc, ConfideError):
        log.error("unexpected error: %s", type(exc).__name__)
    box = QMessageBox(QMessageBox.Icon.Warning, title, what, QMessageBox.StandardButton.Ok, parent)
    if advice:
        box.setInformativeText(advice)
    box.setAccessibleName("Error message")
    box.exec()


def install_excepthook() -> None:
    """Route uncaught exceptions to the log (type only) and a generic dialog."""

    def hook(kind: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        log.error("uncaught exception: %s", kind.__name__)
        show_error(None, exc)

    sys.excepthook = hook
