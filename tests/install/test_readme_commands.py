"""README's two opening commands, run verbatim as a new user would: a temporary copy of the
checkout (no .venv), a fresh HOME, nothing of ours in the environment."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.install.checkout import (
    ROOT,
    clean_environment,
    copy_checkout,
    run,
    run_app_until_shown,
)

# The second command runs the whole suite; here it runs a few files that need the locked,
# installed test tools (the whole suite is what CI runs with this very command).
SOME_TESTS = "-p no:cacheprovider tests/test_lock.py tests/test_layering.py tests/test_startup.py"


def readme_commands() -> list[str]:
    """The first two fenced commands of README.md, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```\n(.*?)```", text, re.DOTALL)[:2]]


def test_the_readme_opens_with_an_install_and_a_test_command() -> None:
    install, tests = readme_commands()
    assert install.endswith("confide --demo") and "\n" not in install
    assert "pytest" in tests and "\n" not in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    _install, tests = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == tests


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="README's commands are sh")
def test_readme_commands_work_verbatim_in_a_clean_copy(tmp_path: Path) -> None:
    install, tests = readme_commands()
    checkout = copy_checkout(tmp_path / "confide")
    home = tmp_path / "home"
    env = clean_environment(home)
    log = run_app_until_shown(
        ["sh", "-c", install], {**env, "QT_QPA_PLATFORM": "offscreen"}, checkout, home, 900
    )
    assert "app started" in log and "app stopped" in log
    assert (checkout / ".venv" / "bin" / "confide").exists()

    tested = run(["sh", "-c", tests], {**env, "PYTEST_ADDOPTS": SOME_TESTS}, checkout, 900)
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-3000:]
    assert re.search(r"\d+ passed", tested.stdout) and "failed" not in tested.stdout
