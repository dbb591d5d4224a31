"""No client data outside the vault: files, temp folder, Qt caches, logs, error texts, memory.

``phi_session`` runs as its own process with a private CONFIDE_HOME, TMPDIR, HOME and XDG
folders; afterwards every file it could have touched is scanned for the PHI strings in UTF-8
and UTF-16 (both byte orders), names included. The vault and the backups are scanned too:
they are encrypted, so the strings must not appear there either.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hardening.conftest import Tally
from tests.hardening.records import PHI_STRINGS

REPO = Path(__file__).resolve().parents[2]
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")


@dataclass(frozen=True)
class Session:
    home: Path  # CONFIDE_HOME: logs, settings, rotating backups
    temp: Path  # TMPDIR
    user_home: Path  # HOME and the XDG folders (Qt and font caches land here)
    vault: Path
    exports: Path

    def scanned_roots(self) -> list[Path]:
        return [self.home, self.temp, self.user_home, self.vault, self.exports]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    base = tmp_path_factory.mktemp("leaks")
    s = Session(base / "home", base / "tmp", base / "user", base / "vault", base / "exports")
    for folder in (s.home, s.temp, s.user_home, s.exports):
        folder.mkdir()
    env = {
        **os.environ,
        "CONFIDE_HOME": str(s.home),
        "TMPDIR": str(s.temp),
        "HOME": str(s.user_home),
        "XDG_CACHE_HOME": str(s.user_home / ".cache"),
        "XDG_CONFIG_HOME": str(s.user_home / ".config"),
        "XDG_DATA_HOME": str(s.user_home / ".local" / "share"),
        "XDG_RUNTIME_DIR": str(s.temp / "runtime"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    (s.temp / "runtime").mkdir(mode=0o700)
    done = subprocess.run(
        [sys.executable, "-m", "tests.hardening.phi_session", str(s.vault), str(s.exports)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Xiomara" in done.stdout  # the CLI listed the client: the session did touch PHI
    assert "Xiomara" not in done.stderr
    return s


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink()]


def _leaks_in(path: Path) -> list[str]:
    data = path.read_bytes()
    found = [text for text in PHI_STRINGS if text in str(path)]
    for text in PHI_STRINGS:
        if any(text.encode(encoding) in data for encoding in ENCODINGS):
            found.append(text)
    return found


def test_no_phi_in_any_file_the_session_left(session: Session, tally: Tally) -> None:
    files = [path for root in session.scanned_roots() for path in _files(root)]
    assert any(p.name == "confide.log" for p in files)  # the log was written and is scanned
    assert any(p.name.endswith(".confide-backup") for p in files)
    assert any(p.name == "incident.pdf" for p in files)
    leaks = {str(path.relative_to(path.parents[1])): _leaks_in(path) for path in files}
    leaks = {name: found for name, found in leaks.items() if found}
    tally.add("leaks.files_scanned", len(files))
    tally.add("leaks.bytes_scanned", sum(p.stat().st_size for p in files))
    tally.add("leaks.found", len(leaks))
    assert leaks == {}


def test_the_temp_folder_is_left_empty(session: Session) -> None:
    assert [p.name for p in _files(session.temp)] == []


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_modes(session: Session, tally: Tally) -> None:
    checked = 0
    # the vault folder itself, and everything Confide created under CONFIDE_HOME
    for root, paths in ((session.vault, [session.vault]), (session.home, [])):
        for path in [*paths, *root.rglob("*")]:
            expected = 0o700 if path.is_dir() else 0o600
            assert _mode(path) == expected, f"{path.relative_to(root.parent)}: {_mode(path):o}"
            checked += 1
    assert _mode(session.exports / "incident.pdf") & 0o077 == 0
    tally.add("leaks.modes_checked", checked + 1)


def test_the_encrypted_export_needs_its_password(session: Session) -> None:
    from pypdf import PdfReader

    from tests.hardening.phi_session import REPORT_PASSWORD

    reader = PdfReader(session.exports / "incident.pdf")
    assert reader.is_encrypted
    assert reader.decrypt(REPORT_PASSWORD)
    assert "Xiomara" in reader.pages[0].extract_text()
