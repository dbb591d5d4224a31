"""Every page, record tab, wizard step and dialog, and the unlock window at 720×480, at 1024×664
and at 150 % on a 1366×768 laptop (910×512 logical pixels, text one and a half times as large):
nothing squeezed, nothing past its parent, no cut header or wrapped text, no table or page that
scrolls sideways, no window larger than the screen (too little height scrolls down instead).
The same program makes the guide's images (docs/screenshots), so the guide can only show
screens that exist."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.screenshot_dialogs import NOT_SHOT, dialog_classes

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guide.md"


def _shoot(out: Path, scale: float) -> tuple[dict[str, list[str]], set[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.screenshots", str(out), "--scale", str(scale)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env=env,
        cwd=GUIDE.parents[1],
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout)
    screens: dict[str, list[str]] = shown["screens"]
    return screens, set(shown["classes"])


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_no_screen_is_clipped(scale: float, tmp_path: Path) -> None:
    screens, classes = _shoot(tmp_path, scale)
    assert len(screens) >= 55
    for prefix in ("page-", "record-", "wizard-", "dialog-"):
        assert any(name.startswith(prefix) for name in screens), prefix
    assert {"unlock", "unlock-window", "unlock-window-recovery"} <= set(screens)
    assert sum(name.startswith("first-run-") for name in screens) == 5
    # every dialog under desktop/ui is shot, or named in NOT_SHOT with the reason
    assert dialog_classes() - set(NOT_SHOT) <= classes, dialog_classes() - classes - set(NOT_SHOT)
    assert set(NOT_SHOT) & classes == set(), "shot now: remove it from NOT_SHOT"
    assert {name: problems for name, problems in screens.items() if problems} == {}
    for name in screens:
        image = tmp_path / f"{name}.png"
        assert image.stat().st_size > 10_000, name  # a real picture, not an empty window
    if scale == 1.0:
        shown = set(re.findall(r"\(screenshots/([a-z0-9-]+)\.png\)", GUIDE.read_text("utf-8")))
        assert shown and shown <= set(screens), shown - set(screens)
        missing = [n for n in shown if not (GUIDE.parent / "screenshots" / f"{n}.png").exists()]
        assert missing == [], "run: python -m tests.ui.screenshots docs/screenshots"


def test_the_scaled_run_uses_a_laptop_screen_not_a_larger_window() -> None:
    from tests.ui.screenshots import SIZE, window_sizes

    assert window_sizes(1.0)[0] == SIZE
    main, dialog = window_sizes(1.5)
    assert main == (910, 512)  # 1366×768 device pixels at 150 %
    assert dialog[0] <= main[0] and dialog[1] <= main[1]


def test_the_dialogs_not_shot_exist_and_say_why() -> None:
    names = dialog_classes()
    assert {"TemplateEditDialog", "ExceptionTypeDialog", "ClientRecordDialog"} <= names
    assert set(NOT_SHOT) <= names, set(NOT_SHOT) - names  # no stale entry
    assert all(reason.strip() for reason in NOT_SHOT.values())
