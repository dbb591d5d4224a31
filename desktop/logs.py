"""A local log for diagnosing problems. It records event names and error types, never client
information: messages come from our own typed errors, whose texts carry no client data."""

from __future__ import annotations

import logging
import logging.handlers

from desktop.settings import log_dir
from desktop.storage.files import ensure_private_dir

LOG_NAME = "confide.log"
_configured = False


def configure_logging() -> None:
    """Send Confide's log to a rotating, private file. Safe to call more than once."""
    global _configured  # noqa: PLW0603 - one process-wide logging set-up
    if _configured:
        return
    folder = log_dir()
    ensure_private_dir(folder)
    handler = logging.handlers.RotatingFileHandler(
        folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("confide")
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    _configured = True


def logger(name: str) -> logging.Logger:
    return logging.getLogger(f"confide.{name}")
