"""``python -m benchmarks run [--quick]`` and ``python -m benchmarks generate ...``."""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from benchmarks.generate import FULL, QUICK, VaultSize, generate_pair
from benchmarks.run import full_plan, quick_plan, run

DEFAULT_OUT = Path(__file__).resolve().parent / "out"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    commands = parser.add_subparsers(dest="command", required=True)
    run_cmd = commands.add_parser("run", help="generate a vault pair, measure, print the table")
    run_cmd.add_argument("--quick", action="store_true", help="a small vault, under a minute")
    run_cmd.add_argument("--out", type=Path, help="folder for the vaults and results")
    run_cmd.add_argument("--reuse", action="store_true", help="reuse the vaults already in --out")
    run_cmd.add_argument("--runs", type=int, help="in-process repeats per measure")
    run_cmd.add_argument("--keep", action="store_true", help="keep the quick run's temp folder")
    day = commands.add_parser("day", help="a day of use through the real app (issue 11)")
    day.add_argument("--quick", action="store_true", help="a small vault and a short day")
    day.add_argument("--out", type=Path, help="folder for the vault and results")
    day.add_argument("--reuse", action="store_true", help="reuse the vault already in --out")
    for name in ("clients", "notes", "incidents", "disclosures"):
        day.add_argument(f"--{name}", type=int, help=f"default: {getattr(FULL, name):,}")
    gen = commands.add_parser("generate", help="only generate a vault pair")
    gen.add_argument("--clients", type=int, default=FULL.clients)
    gen.add_argument("--notes", type=int, default=FULL.notes)
    gen.add_argument("--incidents", type=int, default=FULL.incidents)
    gen.add_argument("--disclosures", type=int, default=FULL.disclosures)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", type=Path, default=DEFAULT_OUT / "generated")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "generate":
        size = VaultSize(args.clients, args.notes, args.incidents, args.disclosures)
        if args.out.exists():
            shutil.rmtree(args.out)
        marks = generate_pair(args.out, size, args.seed)
        print(f"Generated in {marks.generate_seconds:.0f} s: {args.out}")
        return 0
    if args.command == "day":
        return _day(args)
    if args.quick:
        out = args.out or Path(tempfile.mkdtemp(prefix="confide-bench-"))
        plan = quick_plan(out)
    else:
        plan = full_plan(args.out or DEFAULT_OUT / "full", args.reuse)
    if args.runs:
        plan = replace(plan, runs=args.runs)
    try:
        run(plan)
    finally:
        if args.quick and not args.keep and args.out is None:
            shutil.rmtree(plan.out, ignore_errors=True)
    return 0


def _day(args: argparse.Namespace) -> int:
    from benchmarks.day_run import run_day

    base = QUICK if args.quick else FULL
    size = VaultSize(
        args.clients or base.clients,
        args.notes or base.notes,
        args.incidents or base.incidents,
        args.disclosures or base.disclosures,
    )
    if args.quick:
        out = args.out or Path(tempfile.mkdtemp(prefix="confide-day-"))
    else:
        out = args.out or DEFAULT_OUT / f"day-{size.clients}"
    try:
        run_day(out, size, quick=args.quick, reuse=args.reuse)
    finally:
        if args.quick and args.out is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
