"""Entry point: ``confide`` with no command opens the app; with a command it runs the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop import __version__


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # answered before any heavy import, so it works on a broken install
        print(f"confide {__version__}")
        return 0
    if _wants_gui(args):
        from desktop.app import run_app

        return run_app(args)
    from desktop.cli import run

    return run(args)


def _wants_gui(args: list[str]) -> bool:
    options = {"--demo"}
    rest = [a for a in args if a not in options]
    if rest[:1] == ["--vault"]:
        rest = rest[2:]
    return not rest


if __name__ == "__main__":
    raise SystemExit(main())
