"""The data files Confide reads (fonts, templates, rules, icons, style), shipped inside the package.

They sit beside this module so that a wheel, an sdist and the desktop build all carry them.
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import ConfideError

RESOURCES_DIR: Path = Path(__file__).resolve().parent


class MissingResourceError(ConfideError, FileNotFoundError):
    """A data file Confide ships is missing: the installation is incomplete.

    Built with one argument only (the message): OSError reads two arguments as errno and text.
    """

    default_advice = "Reinstall Confide; nothing was changed."


def resource_path(*parts: str) -> Path:
    """Return the path of a file or folder under ``desktop/resources/``.

    Raises MissingResourceError (a FileNotFoundError) naming the file if it is missing.
    """
    path = RESOURCES_DIR.joinpath(*parts)
    if not path.exists():
        relative = "/".join(parts)
        raise MissingResourceError(
            f"Confide's resource file '{relative}' is missing from {RESOURCES_DIR}: "
            "the installation is incomplete."
        )
    return path
