"""The Linux desktop build (packaging/build-linux.sh) works from its own folder with no Python
on PATH: it makes a demo vault, verifies it, exports a report, and opens its window offscreen."""

from __future__ import annotations

import json
import os
import sys
import tarfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import __version__
from tests.install.checkout import (
    DEMO_PASSPHRASE,
    clean_environment,
    copy_checkout,
    run,
    run_app_until_shown,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux build"),
]
TARBALL_ENV = "CONFIDE_DESKTOP_TARBALL"  # .ci/run builds it once and passes it here


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tarball .ci/run built, or one built now from a clean copy of the checkout."""
    given = os.environ.get(TARBALL_ENV)
    if given:
        return Path(given)
    work = tmp_path_factory.mktemp("desktop-build")
    source = copy_checkout(work / "source")
    env = clean_environment(work / "home", PYTHON=sys.executable)
    built = run(["sh", "packaging/build-linux.sh"], env, source, timeout=1500)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return source / built.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def app_folder(tarball: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    unpacked = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(tarball) as archive:
        archive.extractall(unpacked, filter="tar")
    (folder,) = unpacked.iterdir()
    return folder


def test_the_build_carries_its_parts(app_folder: Path) -> None:
    inside = app_folder / "Confide" / "_internal"
    names = {path.relative_to(inside).as_posix() for path in inside.rglob("*")}
    for part in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "desktop/resources/fonts/DejaVuSans.ttf",
        "desktop/resources/jurisdictions/us.json",
        "desktop/migrations/env.py",
    ):
        assert part in names, part
    assert any(name.startswith("sqlcipher3/") and name.endswith(".so") for name in names)
    # Python modules are compiled into the archive; only the migrations (read by Alembic as
    # files) are shipped as sources.
    sources = [n for n in names if n.endswith(".py") and not n.startswith("desktop/migrations/")]
    assert [n for n in sources if n.startswith("desktop/")] == []
    desktop_entry = (app_folder / "confide.desktop").read_text(encoding="utf-8")
    assert "Name=Confide" in desktop_entry and "Icon=confide" in desktop_entry
    icons = {path.name for path in (app_folder / "icons").iterdir()}
    assert {"confide.svg", "confide-48.png", "confide-256.png"} <= icons


def test_the_build_runs_with_no_python_on_path(app_folder: Path, tmp_path: Path) -> None:
    no_python = tmp_path / "empty-bin"
    no_python.mkdir()
    env = clean_environment(tmp_path / "home", PATH=str(no_python))
    env["CONFIDE_HOME"] = str(tmp_path / "confide-home")
    binary = str(app_folder / "Confide" / "Confide")
    assert run([binary, "--version"], env, tmp_path).stdout.strip() == f"confide {__version__}"

    vault, secret = tmp_path / "demo", tmp_path / "passphrase"
    secret.write_text(f"{DEMO_PASSPHRASE}\n", encoding="utf-8")
    opened = ["--vault", str(vault), "--passphrase-file", str(secret)]
    made = run([binary, "demo", "--vault", str(vault)], env, tmp_path)
    assert made.returncode == 0, made.stdout + made.stderr
    verified = run([binary, "verify", *opened], env, tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    incident = json.loads(
        run([binary, "list", "incidents", "--json", *opened], env, tmp_path).stdout
    )
    pdf = tmp_path / "incident.pdf"
    report = [binary, "report", "incident", str(incident[0]["id"]), "--out", str(pdf), *opened]
    reported = run(report, env, tmp_path)
    assert reported.returncode == 0, reported.stdout + reported.stderr
    assert "CONFIDENTIAL" in "".join(page.extract_text() for page in PdfReader(pdf).pages)

    app_env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    log = run_app_until_shown([binary, "--demo"], app_env, tmp_path, tmp_path / "confide-home", 120)
    assert "app stopped" in log and "style sheet missing" not in log
