"""Can Qt open a window here? Checked before QApplication exists, so that a machine with no
display or without Qt's system libraries gets one plain sentence and exit 1, not Qt's abort."""

from __future__ import annotations

import ctypes
import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("confide.app")

# Debian 12 / Ubuntu 24.04 packages Qt's window plugins need (as in packaging/apt-packages.txt).
WINDOW_PACKAGES = (
    "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0",
    "libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-image0", "libxcb-keysyms1",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0", "libxcb-xinerama0", "libxcb-xkb1",
    "libwayland-client0", "libwayland-cursor0", "libwayland-egl1",
)  # fmt: skip
# Platforms that draw nowhere or on their own device: no X11 or Wayland display is needed.
_NO_DISPLAY_NEEDED = frozenset(
    ("offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay")
)
_MISSING_LIBRARY = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")
NO_DISPLAY = "no display was found (neither DISPLAY nor WAYLAND_DISPLAY is set)"
PLUGIN_FAILED = "Qt could not connect to a display or load the system libraries it needs"


def no_window_sentence(what_is_missing: str) -> str:
    """The one sentence shown when the window cannot open."""
    packages = " ".join(WINDOW_PACKAGES)
    return (
        f"Confide cannot open its window because {what_is_missing}; the command line still "
        f"works (try 'confide --help'), and on Debian or Ubuntu 'sudo apt-get install "
        f"{packages}' installs the libraries the window needs."
    )


def display_problem(
    environ: Mapping[str, str] = os.environ, platform: str = sys.platform
) -> str | None:
    """What stops a window from opening on this machine, in words, or None."""
    if not platform.startswith("linux"):
        return None
    requested = [
        name.split(":")[0].strip() for name in environ.get("QT_QPA_PLATFORM", "").split(";")
    ]
    if any(name in _NO_DISPLAY_NEEDED for name in requested):
        return None
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        return NO_DISPLAY
    plugin = "xcb" if environ.get("DISPLAY") else "wayland"
    library = missing_library(_plugin_file(plugin))
    return f"the system library {library} is missing" if library else None


def missing_library(plugin: Path | None) -> str | None:
    """The shared library that keeps ``plugin`` from loading, or None if it loads (or is absent)."""
    if plugin is None or not plugin.is_file():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        found = _MISSING_LIBRARY.search(str(exc))
        return found.group(1) if found else "that Qt's window plugin needs"
    return None


def _plugin_file(name: str) -> Path | None:
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    found = sorted(folder.glob(f"*q{name}.*")) if folder.is_dir() else []
    return found[0] if found else None


@contextmanager
def fatal_platform_errors_end_plainly() -> Iterator[None]:
    """While QApplication starts, turn Qt's fatal "no platform plugin" abort into exit 1.

    Qt's other start-up messages are passed on to stderr once the application is up.
    """
    held: list[str] = []

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            report_no_window(PLUGIN_FAILED)
            logging.shutdown()
            os._exit(1)  # returning from a fatal message would abort the process
        held.append(message)

    qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(None)
        for message in held:
            print(message, file=sys.stderr)


def report_no_window(what_is_missing: str) -> None:
    """Print the sentence and log the reason (library names only: no client data exists yet)."""
    log.error("start-up failed: no usable display (%s)", what_is_missing)
    print(no_window_sentence(what_is_missing), file=sys.stderr, flush=True)
