"""`confide --demo` as a real process on the offscreen platform: it stays up, never touches
the user's vault, and a polite SIGTERM closes it cleanly (exit 0) and deletes the demo."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(path: Path, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and text in path.read_text(encoding="utf-8"):
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_demo_runs_offscreen_and_exits_cleanly_on_sigterm(tmp_path: Path) -> None:
    home, temp = tmp_path / "home", tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "CONFIDE_HOME": str(home),
        "TMPDIR": str(temp),
    }
    env.pop("CONFIDE_VAULT", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    log = home / "logs" / "confide.log"
    try:
        assert _wait_for(log, "main window shown", 60), "the demo window never opened"
        assert any(temp.iterdir()), "the demo vault should live in a fresh temporary folder"
        time.sleep(3)
        assert process.poll() is None, "the app should stay up until it is closed"
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output.decode(errors="replace")
    text = log.read_text(encoding="utf-8")
    assert "vault locked" in text and "demo vault deleted" in text
    assert list(temp.iterdir()) == []  # the demo is gone
    assert not (home / "data" / "Vault").exists()  # the user's vault was never created
