"""The lock files: the tests run on exactly the locked versions, and the locks cover pyproject."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_LOCK, DEV_LOCK = ROOT / "requirements.lock", ROOT / "requirements-dev.lock"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
FIX = "run `sh packaging/install.sh --dev` (or packaging/lock.sh after changing pyproject.toml)"


def locked(path: Path, *, this_machine: bool = True) -> dict[str, str]:
    """Name -> pinned version; with ``this_machine``, only pins whose marker applies here."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        found = _PIN.match(line)
        if found is None:
            continue
        name, version, marker = found.groups()
        if this_machine and marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(name)] = version
    return pins


def _installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_installed_versions_are_the_locked_ones() -> None:
    pins = locked(DEV_LOCK)
    assert len(pins) > 20
    differences = {
        name: f"locked {version}, installed {_installed(name)}"
        for name, version in pins.items()
        if _installed(name) != version
    }
    assert differences == {}, f"versions differ from requirements-dev.lock: {FIX}"


def test_the_runtime_lock_pins_the_same_versions_as_the_dev_lock() -> None:
    runtime, dev = locked(RUNTIME_LOCK, this_machine=False), locked(DEV_LOCK, this_machine=False)
    assert {name: dev.get(name) for name in runtime} == runtime


def test_the_locks_satisfy_every_dependency_in_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for lock, requirements in (
        (RUNTIME_LOCK, project["dependencies"]),
        (DEV_LOCK, project["dependencies"] + project["optional-dependencies"]["test"]),
    ):
        pins = locked(lock, this_machine=False)
        for text in requirements:
            wanted = Requirement(text)
            pinned = pins.get(canonicalize_name(wanted.name))
            assert pinned is not None, f"{wanted.name} is not in {lock.name}: {FIX}"
            assert wanted.specifier.contains(pinned), f"{lock.name} pins {wanted.name} {pinned}"


def test_every_pin_carries_a_hash() -> None:
    for lock in (RUNTIME_LOCK, DEV_LOCK):
        text = lock.read_text(encoding="utf-8")
        blocks = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 3)[3])
        assert blocks and all("--hash=sha256:" in block for block in blocks), lock.name
