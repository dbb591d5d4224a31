"""Load the report engine in the background once the vault is open (issue 11).

The first signed PDF loads reportlab with the shipped fonts (about 36 MB, 0.25 s of CPU) and
pyHanko for the signature (about 25 MB, 0.6 s). Loaded on a background thread right after
unlock, that memory is part of the app's resting size from the start (instead of a 60 MB step
in the middle of the day) and the first export is not slower than the others. Nothing else is
loaded and nothing is written.
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger("confide.reports.warmup")
_lock = threading.Lock()
_thread: threading.Thread | None = None


def warm_up() -> threading.Thread:
    """Start loading the report engine on a daemon thread (once per process)."""
    global _thread  # noqa: PLW0603 - one loader per process
    with _lock:
        if _thread is None:
            _thread = threading.Thread(target=_load, name="confide-report-warmup", daemon=True)
            _thread.start()
        return _thread


def _load() -> None:
    try:
        import desktop.reports.document
        import desktop.reports.pdf_signature  # noqa: F401 - loading them is the point
        from desktop.reports.text import registered_fonts

        registered_fonts()
    except Exception as exc:  # a failed preload only means the first export loads it
        log.warning("report engine not preloaded: %s", type(exc).__name__)
