"""Load the report engine in the background once the vault is open (issue 11).

reportlab and the shipped fonts take about 36 MB and a quarter second of CPU the first time a
PDF is made. Loaded on a background thread right after unlock, that memory is part of the
app's resting size from the start (instead of a step in the middle of the day) and the first
export is not slower than the others. Nothing else is loaded and nothing is written.
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
        import desktop.reports.document  # noqa: F401 - the point is to import it here
        from desktop.reports.text import registered_fonts

        registered_fonts()
    except Exception as exc:  # a failed preload only means the first export loads it
        log.warning("report engine not preloaded: %s", type(exc).__name__)
