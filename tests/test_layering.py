"""Imports point downward: every unit of desktop sits in a declared layer (see
tests/support/layers.py and ARCHITECTURE.md), only desktop/ui and the app's composition root may
import Qt, and nothing imports in a circle."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.support import layers
from tests.support.layers import KNOWN_UPWARD, LAYERS, PACKAGE

QT_ALLOWED = {"ui", "app.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_only_the_ui_imports_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] not in QT_ALLOWED
        and any(name.split(".")[0] == "PySide6" for name in _imports(path))
    ]
    assert offenders == []


def test_core_never_imports_the_ui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] not in QT_ALLOWED
        and any(name.startswith("desktop.ui") or name == "desktop.app" for name in _imports(path))
        and path.name != "__main__.py"
    ]
    assert offenders == []


def test_models_do_no_io_beyond_sqlalchemy() -> None:
    allowed_roots = {"__future__", "datetime", "enum", "typing", "sqlalchemy", "desktop"}
    for path in (PACKAGE / "models").glob("*.py"):
        roots = {name.split(".")[0] for name in _imports(path)}
        assert roots <= allowed_roots, (path.name, roots - allowed_roots)


def test_every_unit_of_desktop_has_exactly_one_layer() -> None:
    placed = [unit for _name, groups in LAYERS for group in groups for unit in group]
    assert len(placed) == len(set(placed))
    assert set(placed) == layers.units(PACKAGE)


def test_every_import_follows_the_layers() -> None:
    offenders = [str(found) for found in layers.violations()]
    assert offenders == [], "\n".join(offenders)


def test_the_known_upward_imports_only_shrink() -> None:
    written = {(found.file, found.module) for found in layers.imports(PACKAGE)}
    gone = [key for key in KNOWN_UPWARD if key not in written]
    assert gone == [], f"remove these from KNOWN_UPWARD, they no longer occur: {gone}"


def test_no_two_units_import_each_other() -> None:
    assert layers.unit_cycles() == []


@pytest.mark.parametrize(
    "package", sorted(unit for unit in layers.units(PACKAGE) if (PACKAGE / unit).is_dir())
)
def test_no_two_subpackages_import_each_other(package: str) -> None:
    assert layers.subpackage_cycles(package) == []


def test_no_two_modules_import_each_other() -> None:
    """Type-only imports count too: the wizard's actions reach the window through a protocol."""
    assert layers.module_cycles() == []


def _copy_of_desktop(tmp_path: Path) -> Path:
    copy = tmp_path / "desktop"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return copy


def _plant(copy: Path, relative: str, line: str) -> None:
    path = copy / relative
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_planted_upward_import_is_reported_with_its_file_and_line(tmp_path: Path) -> None:
    copy = _copy_of_desktop(tmp_path)
    (copy / "storage" / "planted.py").write_text(
        '"""Planted."""\n\nfrom desktop.services.clients.service import ClientService\n',
        encoding="utf-8",
    )
    _plant(copy, "cli_table.py", "from desktop.ui import style")
    lines = len((copy / "cli_table.py").read_text(encoding="utf-8").splitlines())

    found = [str(item) for item in layers.violations(copy)]

    assert found == [
        f"desktop/cli_table.py:{lines} imports desktop.ui.style (cli_table -> ui)",
        "desktop/storage/planted.py:3 imports desktop.services.clients.service "
        "(storage -> services)",
    ]


def test_planted_circles_are_found_at_every_level(tmp_path: Path) -> None:
    copy = _copy_of_desktop(tmp_path)
    _plant(copy, "errors.py", "from desktop import resources")
    _plant(copy, "services/clients/service.py", "from desktop.services.consents import service")
    _plant(copy, "ui/wizard/actions.py", "from desktop.ui.wizard.window import WizardWindow")

    assert layers.unit_cycles(copy) == [["errors", "resources"]]
    assert layers.subpackage_cycles("services", copy) == [["clients", "consents"]]
    assert ["desktop.ui.wizard.actions", "desktop.ui.wizard.window"] in layers.module_cycles(copy)


def test_test_folders_share_helpers_only_through_tests_support() -> None:
    tests = Path(__file__).resolve().parent
    offenders = []
    for path in sorted(tests.rglob("*.py")):
        folder = path.relative_to(tests).parts[0] if path.parent != tests else ""
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] != "tests" or len(parts) < 2 or parts[1] in {"support", "conftest"}:
                continue
            if not (tests / parts[1]).is_dir():
                parts[1] = ""  # a module at the root of tests/
            if parts[1] != folder:
                offenders.append(f"{path.relative_to(tests)} imports {name}")
    assert offenders == []


NO_UNITS_OF_WORK = ("foundation", "models", "domain", "workflow")


@pytest.mark.parametrize(
    "unit",
    sorted(
        unit for name, groups in LAYERS if name in NO_UNITS_OF_WORK for unit in set().union(*groups)
    ),
)
def test_the_workflow_and_the_layers_below_never_open_a_unit_of_work(unit: str) -> None:
    root = PACKAGE / unit
    paths = sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]
    opened = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in paths
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "session"
    ]
    assert opened == []
