"""``python -m benchmarks day``: generate (or reuse) a vault, drive a day of use through the real
app in a fresh process (benchmarks/day_of_use.py), print and save the tables.

Targets come from issue 11 and are printed next to the measures, never asserted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.generate import VAULT_DIR, VaultSize, generate_vault
from benchmarks.run import REPO, machine
from benchmarks.stats import Result, table
from benchmarks.workloads import stamp

LARGE_CLIENTS = 100_000


def targets(clients: int) -> dict[str, float]:
    """Issue 11's targets for a vault of this many clients (ms or MB)."""
    large = clients >= LARGE_CLIENTS
    return {
        "Page switch: Dashboard": 400 if large else 150,
        "Client list: first batch of 200": 20,
        "Client list: last batch (keyset)": 30,
        "Search (common word): first rows shown": 100,
        "Background backup stall": 100,
        "Quit stall": 100,
        "Peak RSS": 450 if large else 300,
    }


def run_day(out: Path, size: VaultSize, *, quick: bool, reuse: bool) -> list[Result]:
    folder = out / VAULT_DIR
    generated = ""
    if not (reuse and (folder / "vault.json").is_file()):
        if out.exists():
            shutil.rmtree(out)
        print(f"Generating {size} in {out} …", flush=True)
        started = time.perf_counter()
        generate_vault(out, size)
        generated = f"generated in {time.perf_counter() - started:.0f} s"
        print(generated, flush=True)
    report = _drive(out, folder, quick)
    results = _results(report, size.clients)
    _print(out, size, results, report, generated)
    return results


def _drive(out: Path, folder: Path, quick: bool) -> dict[str, object]:
    home = out / "day-home"
    home.mkdir(parents=True, exist_ok=True)
    report_path = out / "day.json"
    env = dict(os.environ, CONFIDE_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "benchmarks.day_of_use", str(folder), str(report_path)]
    done = subprocess.run(
        [*command, *(["--quick"] if quick else [])],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
        check=False,
    )
    if done.returncode != 0 or not report_path.is_file():
        raise RuntimeError(f"the day of use failed ({done.returncode}): {done.stderr[-3000:]}")
    loaded: dict[str, object] = json.loads(report_path.read_text("utf-8"))
    return loaded


def _results(report: dict[str, object], clients: int) -> list[Result]:
    goal = targets(clients)
    actions = report["actions"]
    assert isinstance(actions, dict)
    results = [
        Result(name, "ms", list(samples), goal.get(name)) for name, samples in actions.items()
    ]
    stalls = report["stalls"]
    assert isinstance(stalls, dict)
    for name, longest in stalls.items():
        key = "Background backup stall" if name.startswith("Background") else "Quit stall"
        note = "longest gap between 5 ms ticks of the window's event loop"
        results.append(Result(f"Window stall: {name}", "ms", [longest], goal[key], note))
    notes = report["notes"]
    assert isinstance(notes, dict)
    peak = float(notes["peak_rss_mb"])
    results.append(Result("Peak RSS, whole day", "MB", [peak], goal["Peak RSS"]))
    return results


def rss_table(report: dict[str, object]) -> str:
    phases = report["rss"]
    assert isinstance(phases, list)
    first = float(phases[0][1])
    lines = [
        "| After | RSS | Change since the first dashboard | Peak so far |",
        "|---|---:|---:|---:|",
    ]
    for phase, rss, peak in phases:
        change = (float(rss) - first) / first * 100
        lines.append(f"| {phase} | {rss:.0f} MB | {change:+.1f} % | {peak:.0f} MB |")
    return "\n".join(lines)


def _print(
    out: Path, size: VaultSize, results: list[Result], report: dict[str, object], generated: str
) -> None:
    text = "\n".join(
        [
            f"Confide day of use — {stamp()} — {machine()}",
            f"Vault: {size.clients:,} clients, {size.notes:,} notes, {size.incidents:,} incidents,"
            f" {size.disclosures:,} disclosures{'; ' + generated if generated else ''}.",
            "",
            table(results),
            "",
            "Memory after each phase (VmRSS; peak = VmHWM):",
            "",
            rss_table(report),
            "",
        ]
    )
    print(text, flush=True)
    (out / "day-results.md").write_text(text, "utf-8")
