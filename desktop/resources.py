"""Where the data files Confide reads (fonts, templates, rules, icons) live."""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR: Path = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Return the path of a file or folder under ``resources/``.

    Raises FileNotFoundError with a plain message if it is missing (a broken install).
    """
    path = RESOURCES_DIR.joinpath(*parts)
    if not path.exists():
        relative = "/".join(parts)
        raise FileNotFoundError(
            f"Confide's resource file 'resources/{relative}' is missing from {RESOURCES_DIR}. "
            "The installation is incomplete: reinstall Confide."
        )
    return path
