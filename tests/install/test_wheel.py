"""The wheel and the sdist are complete: built from a clean copy, installed into a fresh venv
outside the checkout, and used from there (demo, verify, a report, the app offscreen)."""

from __future__ import annotations

import json
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import __version__
from tests.install.checkout import (
    DEMO_PASSPHRASE,
    ROOT,
    clean_environment,
    copy_checkout,
    run,
    run_app_until_shown,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="the venv layout below is POSIX"),
]


def _shipped_files() -> set[str]:
    """Files under desktop/resources and desktop/migrations that the package must carry."""
    names: set[str] = set()
    for folder in ("resources", "migrations"):
        for path in (ROOT / "desktop" / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                names.add(path.relative_to(ROOT).as_posix())
    return names


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build`` (sdist, then the wheel from the sdist) on a clean copy."""
    work = tmp_path_factory.mktemp("build")
    source = copy_checkout(work / "source")
    out = work / "dist"
    made = run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(source)],
        env=clean_environment(work / "home"),
        cwd=work,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
    return out


def test_the_wheel_and_the_sdist_carry_every_resource(dist: Path) -> None:
    wheel = zipfile.ZipFile(next(dist.glob(f"confide-{__version__}-*.whl")))
    in_wheel = set(wheel.namelist())
    assert _shipped_files() <= in_wheel
    entry_points = wheel.read(f"confide-{__version__}.dist-info/entry_points.txt").decode()
    assert "confide = desktop.__main__:main" in entry_points
    with tarfile.open(next(dist.glob(f"confide-{__version__}.tar.gz"))) as sdist:
        prefix = f"confide-{__version__}/"
        in_sdist = {name.removeprefix(prefix) for name in sdist.getnames()}
    assert _shipped_files() <= in_sdist


def test_the_installed_wheel_works_outside_the_checkout(dist: Path, tmp_path: Path) -> None:
    env = clean_environment(tmp_path / "home", CONFIDE_HOME=str(tmp_path / "confide-home"))
    venv = tmp_path / "venv"
    bin_dir = venv / "bin"
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--require-hashes",
         "-r", str(ROOT / "requirements.lock")],
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
         str(next(dist.glob("*.whl")))],
    ]  # fmt: skip
    for step in steps:
        done = run(step, env, cwd=tmp_path, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]
    confide = str(bin_dir / "confide")
    where = run([str(bin_dir / "python"), "-c", "import desktop; print(desktop.__file__)"], env,
                cwd=tmp_path)  # fmt: skip
    assert where.stdout.startswith(str(venv)), where.stdout + where.stderr
    assert run([confide, "--version"], env, tmp_path).stdout.strip() == f"confide {__version__}"

    vault, secret = tmp_path / "demo vault", tmp_path / "passphrase"
    secret.write_text(f"{DEMO_PASSPHRASE}\n", encoding="utf-8")
    opened = ["--vault", str(vault), "--passphrase-file", str(secret)]
    made = run([confide, "demo", "--vault", str(vault)], env, tmp_path)
    assert made.returncode == 0, made.stderr
    verified = run([confide, "verify", *opened], env, tmp_path)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    listed = run([confide, "list", "incidents", "--json", *opened], env, tmp_path)
    incident = json.loads(listed.stdout)[0]["id"]
    pdf = tmp_path / "incident.pdf"
    report = [confide, "report", "incident", str(incident), "--out", str(pdf), *opened]
    reported = run(report, env, tmp_path)
    assert reported.returncode == 0, reported.stderr
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "CONFIDENTIAL" in text

    app_env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    log = run_app_until_shown(
        [confide, "--demo"], app_env, tmp_path, tmp_path / "confide-home", 120
    )
    assert "app stopped" in log and "style sheet missing" not in log
