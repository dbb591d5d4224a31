"""Start-up as a user meets it: ``--version``, and no usable display gives one sentence, exit 1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.ui.display import NO_DISPLAY, WINDOW_PACKAGES, display_problem, no_window_sentence

ROOT = Path(__file__).resolve().parents[1]


def _confide(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _without_display(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return {**env, "CONFIDE_HOME": str(home)}


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    done = _confide("--version", env=_without_display(tmp_path))
    assert (done.returncode, done.stdout.strip()) == (0, f"confide {__version__}")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, NO_DISPLAY),
        ({"QT_QPA_PLATFORM": "offscreen"}, None),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, None),
        ({"QT_QPA_PLATFORM": "xcb"}, NO_DISPLAY),
    ],
)
def test_display_problem_on_linux(environ: dict[str, str], expected: str | None) -> None:
    assert display_problem(environ, "linux") == expected


def test_windows_and_macos_always_have_a_display() -> None:
    assert display_problem({}, "win32") is None
    assert display_problem({}, "darwin") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_no_display_is_one_sentence_and_exit_1(tmp_path: Path) -> None:
    done = _confide(env=_without_display(tmp_path))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == no_window_sentence(NO_DISPLAY)
    assert "confide --help" in done.stderr and "apt-get install" in done.stderr
    log = (tmp_path / "logs" / "confide.log").read_text(encoding="utf-8")
    assert "start-up failed: no usable display" in log


def test_qt_fatal_platform_error_becomes_exit_1(tmp_path: Path) -> None:
    """Qt aborts (exit 134) when no platform plugin starts; Confide ends with exit 1 instead."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.logs import configure_logging\n"
        "from desktop.ui.display import fatal_platform_errors_end_plainly\n"
        "configure_logging()\n"
        "with fatal_platform_errors_end_plainly():\n"
        "    QApplication([])\n"
    )
    env = {**_without_display(tmp_path), "QT_QPA_PLATFORM": "no-such-platform"}
    command = [sys.executable, "-c", code]
    done = subprocess.run(
        command, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Confide cannot open its window because Qt could not")
    assert done.stderr.count("\n") == 1
    log = (tmp_path / "logs" / "confide.log").read_text(encoding="utf-8")
    assert "start-up failed: no usable display (Qt could not" in log


def test_the_sentence_names_the_packages_the_installer_installs() -> None:
    lines = (ROOT / "packaging" / "apt-packages.txt").read_text(encoding="utf-8").splitlines()
    packages = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert packages - {"python3", "python3-venv"} == set(WINDOW_PACKAGES)
