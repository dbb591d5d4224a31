"""Helpers for the install tests: a clean copy of the checkout, clean environments, and a
``confide`` process driven like a person would drive it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from desktop.demo import DEMO_PASSPHRASE

__all__ = ["DEMO_PASSPHRASE", "clean_environment", "copy_checkout", "run", "run_app_until_shown"]
ROOT = Path(__file__).resolve().parents[2]
# What a fresh clone does not have: local venvs, build output, caches, vaults and PDFs.
_NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache",
    ".hypothesis", "*.pyc", "*.pdf", "*.db", "*.db-wal", "*.db-shm",
)  # fmt: skip
# Variables a clean machine would not have set (ours, the current venv's, XDG folders).
_DROPPED = ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "QT_QPA_PLATFORM", "DISPLAY")


def copy_checkout(target: Path) -> Path:
    """A copy of the checkout as a fresh clone would have it."""
    shutil.copytree(ROOT, target, ignore=_NOT_IN_A_CLONE, symlinks=True)
    return target


def clean_environment(home: Path, **extra: str) -> dict[str, str]:
    """The current environment with a fresh HOME and none of our own or the venv's settings."""
    home.mkdir(parents=True, exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _DROPPED and not key.startswith(("CONFIDE_", "XDG_", "PYTEST_"))
    }
    venv_bin = str(ROOT / ".venv")
    env["PATH"] = os.pathsep.join(
        part for part in env.get("PATH", "").split(os.pathsep) if not part.startswith(venv_bin)
    )
    return {**env, "HOME": str(home), **extra}


def run(
    command: Sequence[str], env: Mapping[str, str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(command),
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wait_for_text(folder: Path, name: str, text: str, seconds: float) -> Path | None:
    """The file called ``name`` under ``folder`` once it contains ``text``, or None on timeout."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in folder.rglob(name):
            if text in path.read_text(encoding="utf-8", errors="replace"):
                return path
        time.sleep(0.5)
    return None


def run_app_until_shown(
    command: Sequence[str], env: Mapping[str, str], cwd: Path, log_home: Path, seconds: float
) -> str:
    """Start the app, wait for its main window, let it run, close it with SIGTERM; its log."""
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        log = wait_for_text(log_home, "confide.log", "main window shown", seconds)
        assert log is not None, _output_of(process)
        time.sleep(3)
        assert process.poll() is None, "the app should stay up until it is closed"
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        stopped = wait_for_text(log_home, "confide.log", "demo vault deleted", 30)
        assert stopped is not None, _output_of(process)
        return stopped.read_text(encoding="utf-8")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _output_of(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    output, _ = process.communicate(timeout=30)
    return output.decode(errors="replace")[-4000:]
