"""``python -m benchmarks run --quick`` works from a checkout and prints every row.

Timings are printed, never asserted (issue 7): this only keeps the runner from rotting.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.day_of_use import QUICK
from benchmarks.run import ROW_NAMES

REPO = Path(__file__).resolve().parent.parent


def test_quick_benchmark_prints_every_row(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "run", "--quick", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table_lines = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    for name in ROW_NAMES:
        rows = [line for line in table_lines if line.startswith(f"| {name} |")]
        assert len(rows) == 1, f"missing row: {name}"
    assert "(SQLCipher)" in done.stdout and "(plain SQLite)" in done.stdout

    saved = json.loads((out / "results.json").read_text("utf-8"))
    by_name = {row["name"]: row for row in saved["results"]}
    assert list(by_name) == list(ROW_NAMES)
    for name, row in by_name.items():
        if name == "Accounting of disclosures export (PDF)" and not row["samples"]:
            assert "not available" in row["note"]
            continue
        assert row["samples"], f"no samples for {name}"
        assert all(value > 0 for value in row["samples"]), name
    assert (out / "exports" / "incident.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "exports" / "backup.confide-backup").stat().st_size > 0


def test_quick_day_of_use_drives_the_app_through_every_phase(tmp_path: Path) -> None:
    """The day-of-use scenario (issue 11) at a tiny size: every action ran, nothing crashed."""
    out = tmp_path / "day"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    size = ["--clients", "60", "--notes", "300", "--incidents", "8", "--disclosures", "60"]
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "day", "--quick", *size, "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads((out / "day.json").read_text("utf-8"))
    actions = report["actions"]
    switches = [n for n in actions if n.startswith("Page switch: ")]
    assert sum(len(actions[n]) for n in switches) == QUICK.page_switches
    assert len(actions["Client record: open, every tab, close"]) == QUICK.records
    assert len(actions["Client record: show a tab"]) == QUICK.records * 5
    for stage in ("first rows shown", "all matches counted"):
        searches = [n for n in actions if n.startswith("Search (") and n.endswith(stage)]
        assert sum(len(actions[n]) for n in searches) == QUICK.searches, stage
    assert len(actions["Incident wizard: open"]) == QUICK.incidents
    assert len(actions["Incident wizard: show a step"]) == QUICK.incidents * 8
    assert len(report["notes"]["exported"]) == QUICK.exports
    assert report["notes"]["backup_result"] == "AutoBackupResult"
    assert all(value > 0 for samples in actions.values() for value in samples)
    assert [phase for phase, _rss, _peak in report["rss"]][-1] == "after quitting"
    assert set(report["stalls"]) == {"Background backup", "Quit with a backup"}
    assert "| Peak RSS, whole day |" in done.stdout
    assert (out / "day-results.md").is_file()
