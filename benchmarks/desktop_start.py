"""Start to unlock window of an installed Confide, measured from outside the process.

    python -m benchmarks.desktop_start [--runs 7] COMMAND [ARG...]

COMMAND is how Confide is started, e.g. ``build/pyinstaller/dist/Confide/Confide`` (the desktop
build) or ``.venv/bin/confide``. A demo vault is made once with that same command; then each run
spawns ``COMMAND --vault FOLDER`` offscreen and stops the clock when Confide's log says
"unlock window shown" (written right after the window's show(), before the event loop's first
paint). The first run is thrown away (it warms the file cache). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

SHOWN = b"unlock window shown"
POLL_SECONDS = 0.002


def one_start(
    command: Sequence[str], vault: Path, home: Path, timeout: float = 120
) -> tuple[float, float | None]:
    """Milliseconds from spawning the process to the unlock window's log line, and the CPU
    time (user + system, all threads) the process had used by then (Linux; else None)."""
    log = home / "logs" / "confide.log"
    before = log.read_bytes().count(SHOWN) if log.exists() else 0
    env = {**os.environ, "CONFIDE_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    process = subprocess.Popen([*command, "--vault", str(vault)], env=env)
    try:
        while time.perf_counter() - started < timeout:
            if log.exists() and log.read_bytes().count(SHOWN) > before:
                return (time.perf_counter() - started) * 1000, _cpu_ms(process.pid)
            if process.poll() is not None:
                raise RuntimeError(f"Confide exited with {process.returncode} before its window")
            time.sleep(POLL_SECONDS)
        raise TimeoutError("the unlock window never appeared")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


def _cpu_ms(pid: int) -> float | None:
    """utime + stime of ``pid`` from /proc, in milliseconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def measure(command: Sequence[str], runs: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="confide-start-") as temp:
        home, vault = Path(temp) / "home", Path(temp) / "vault"
        env = {**os.environ, "CONFIDE_HOME": str(home)}
        subprocess.run([*command, "demo", "--vault", str(vault)], env=env, check=True,
                       capture_output=True)  # fmt: skip
        results = [one_start(command, vault, home) for _ in range(runs + 1)][1:]
    ordered = sorted(wall for wall, _cpu in results)
    cpu = sorted(c for _wall, c in results if c is not None)
    return {
        "command": " ".join(command),
        "median_ms": round(statistics.median(ordered)),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]),
        "runs_ms": [round(t) for t in ordered],
        "cpu_median_ms": round(statistics.median(cpu)) if cpu else None,
        "load_average": os.getloadavg()[0],
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE", ""),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.desktop_start")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if not args.command:
        parser.error("give the command that starts Confide")
    print(json.dumps(measure(args.command, args.runs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
