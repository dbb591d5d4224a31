"""The declared layers of the desktop package and a checker of its imports against them.

Every top-level package and root module of ``desktop`` (a "unit") sits in one layer. A module
may import its own unit, a unit of the same group in its layer, and any unit of a lower layer.
Anything else is an upward (or sideways) import. ``KNOWN_UPWARD`` would list any that had to
stay, each with who removes it; it is empty, and may only shrink.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop"

# Bottom to top; each layer is one or more groups that may import each other.
Layers = tuple[tuple[str, tuple[frozenset[str], ...]], ...]

LAYERS: Layers = (
    ("foundation", (frozenset({"__init__", "errors", "resources", "process", "local_time"}),)),
    (
        "domain",
        (
            frozenset(
                {
                    "domain",
                    "consent_text",
                    "contact_permissions",
                    "mandated_reporting",
                    "minor_consent",
                    "jurisdictions",
                    "guidance",
                }
            ),
        ),
    ),
    ("models", (frozenset({"models"}),)),
    (
        "storage",
        (
            frozenset(
                {
                    "storage",
                    "practice",
                    "restore",
                    "auto_backup",
                    "migrations",
                    "settings",
                    "logs",
                }
            ),
        ),
    ),
    ("workflow", (frozenset({"workflow"}),)),
    ("builders", (frozenset({"reports", "exports"}),)),
    ("services", (frozenset({"services", "listing", "demo"}),)),
    (
        "front doors",
        (
            frozenset(
                {
                    "cli",
                    "cli_table",
                    "cli_vault",
                    "export_commands",
                    "signing_commands",
                    "resource_schemas",
                }
            ),
            frozenset({"ui"}),
        ),
    ),
    ("entry points", (frozenset({"app", "__main__"}),)),
)

# (importing file relative to desktop/, imported module) -> who removes it.
KNOWN_UPWARD: Mapping[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    """One ``desktop`` import: where it is written and which unit it reaches."""

    file: str
    line: int
    module: str
    source: str
    target: str

    def __str__(self) -> str:
        where = f"desktop/{self.file}:{self.line}"
        return f"{where} imports {self.module} ({self.source} -> {self.target})"


def unit_of(path: Path, package: Path) -> str:
    """The unit a module belongs to: its top-level package or root module."""
    first = path.relative_to(package).parts[0]
    return first.removesuffix(".py")


def units(package: Path) -> set[str]:
    """Every top-level package and root module of the package."""
    found = {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    found |= {p.stem for p in package.glob("*.py")}
    return found


@functools.cache
def imports(package: Path) -> tuple[Import, ...]:
    """Every import of the package by its own modules, lazy and type-only ones included
    (read once per folder: a test plants its imports before the first look)."""
    return tuple(_read_imports(package))


def _read_imports(package: Path) -> Iterator[Import]:
    known = units(package)
    for path in sorted(package.rglob("*.py")):
        source = unit_of(path, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            for module in dict.fromkeys(_modules(node, path, package)):
                target = _target(module, known)
                if target is not None:
                    file = path.relative_to(package).as_posix()
                    yield Import(file, node.lineno, module, source, target)


def _modules(node: ast.AST, path: Path, package: Path) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        here = path.relative_to(package.parent).with_suffix("").parts
        base = ".".join([*here[: len(here) - node.level], *filter(None, [base])])
    root = package.parent
    return [
        f"{base}.{alias.name}" if _is_module(root, f"{base}.{alias.name}") else base
        for alias in node.names
    ]


def _is_module(root: Path, dotted: str) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _target(module: str, known: set[str]) -> str | None:
    parts = module.split(".")
    if parts[0] != "desktop":
        return None
    if len(parts) > 1 and parts[1] in known:
        return parts[1]
    return "__init__"


def layer_index(
    layers: tuple[tuple[str, tuple[frozenset[str], ...]], ...],
) -> dict[str, tuple[int, int]]:
    """Each unit's (layer, group) position."""
    return {
        unit: (rank, group)
        for rank, (_name, groups) in enumerate(layers)
        for group, members in enumerate(groups)
        for unit in members
    }


def allowed(found: Import, position: Mapping[str, tuple[int, int]]) -> bool:
    """Own unit, a group-mate, or a lower layer."""
    if found.source == found.target:
        return True
    source, target = position[found.source], position[found.target]
    return target[0] < source[0] or target == source


def violations(
    package: Path = PACKAGE,
    layers: Layers = LAYERS,
    known: Mapping[tuple[str, str], str] = KNOWN_UPWARD,
) -> list[Import]:
    """Every import that goes up or sideways and is not in ``known``."""
    position = layer_index(layers)
    return [
        found
        for found in imports(package)
        if not allowed(found, position) and (found.file, found.module) not in known
    ]


def unit_cycles(
    package: Path = PACKAGE, known: Mapping[tuple[str, str], str] = KNOWN_UPWARD
) -> list[list[str]]:
    """Groups of units that import each other in a circle (the known upward imports aside)."""
    edges: dict[str, set[str]] = {unit: set() for unit in units(package)}
    for found in imports(package):
        if found.source != found.target and (found.file, found.module) not in known:
            edges[found.source].add(found.target)
    return _circles(edges)


def subpackage_cycles(within: str, package: Path = PACKAGE) -> list[list[str]]:
    """Groups of ``within``'s direct subpackages and modules that import each other in a circle."""
    edges: dict[str, set[str]] = {}
    for found in imports(package):
        file, module = Path(found.file).parts, found.module.split(".")
        if found.source != within or len(file) < 2 or module[1:2] != [within] or len(module) < 3:
            continue
        source, target = file[1].removesuffix(".py"), module[2]
        edges.setdefault(source, set())
        edges.setdefault(target, set())
        if source != target:
            edges[source].add(target)
    return _circles(edges)


def module_cycles(
    package: Path = PACKAGE, known: Mapping[tuple[str, str], str] = KNOWN_UPWARD
) -> list[list[str]]:
    """Groups of single modules that import each other in a circle, type-only imports too."""
    names = {_dotted(path, package) for path in package.rglob("*.py")}
    edges: dict[str, set[str]] = {name: set() for name in names}
    for found in imports(package):
        if (found.file, found.module) in known:
            continue
        source, target = _dotted(package / found.file, package), found.module
        while target not in names and "." in target:
            target = target.rsplit(".", 1)[0]
        if target != source:
            edges[source].add(target)
    return _circles(edges)


def _dotted(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _circles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    return [sorted(group) for group in _strongly_connected(edges) if len(group) > 1]


def _strongly_connected(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm (recursive: the graph has a few dozen nodes)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups
