"""``confide demo`` builds the vault aside and moves it into place whole, or leaves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import resources
from desktop.cli import EXIT_FAILED, EXIT_OK, run
from desktop.demo import DEMO_PASSPHRASE
from desktop.storage.vault import Vault


def test_a_missing_resource_is_named_and_leaves_no_vault(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "no-resources"
    empty.mkdir()
    monkeypatch.setattr(resources, "RESOURCES_DIR", empty)
    parent = tmp_path / "demos"
    assert run(["demo", "--vault", str(parent / "Demo")]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "resource file '" in err and "is missing" in err and "Reinstall Confide" in err
    assert "unexpectedly" not in err
    assert list(parent.iterdir()) == []  # neither the vault nor its half-built staging folder


def test_an_empty_folder_receives_the_demo_and_a_full_one_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Demo"
    folder.mkdir()
    assert run(["demo", "--vault", str(folder)]) == EXIT_OK
    with Vault.open(folder, DEMO_PASSPHRASE) as vault:
        assert vault.folder == folder
    assert [p.name for p in tmp_path.iterdir()] == ["Demo"]
    capsys.readouterr()
    assert run(["demo", "--vault", str(folder)]) == EXIT_FAILED
    assert "not empty" in capsys.readouterr().err
