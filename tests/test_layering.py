"""Imports point downward: only desktop/ui and the app's composition root may import Qt, and
the command line never imports the UI."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desktop"
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
