"""The benchmark runner: generate (or reuse) a vault pair, measure, print the table.

Targets come from issue 7. They are printed next to each measure and never asserted: a test
runs ``--quick`` only to keep this runner from rotting.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks import workloads as w
from benchmarks.generate import FULL, QUICK, VAULT_DIR, Landmarks, VaultSize, generate_pair
from benchmarks.stats import Result, table, timed_ms
from benchmarks.stores import PASSPHRASE, PLAIN_NAME, PlainStore, Store
from desktop.storage.vault import Vault

REPO = Path(__file__).resolve().parent.parent
ROW_NAMES = (
    "Start to unlock window first paint",
    "Unlock (default KDF + open)",
    "Client list first paint",
    "Search, common word",
    "Search, rare word",
    "Client record, typical client",
    "Client record, largest client",
    "Incident report export (PDF)",
    "Accounting of disclosures export (PDF)",
    "Full backup",
    "Peak memory, whole process",
    "Peak memory after unlock",
    "SQLCipher / plain SQLite, app workload",
)


@dataclass(frozen=True)
class Plan:
    size: VaultSize
    runs: int  # in-process repeats
    slow_runs: int  # reports, backup, unlock
    process_runs: int  # fresh processes (start, session)
    out: Path
    reuse: bool = False


def quick_plan(out: Path) -> Plan:
    return Plan(QUICK, runs=5, slow_runs=2, process_runs=2, out=out)


def full_plan(out: Path, reuse: bool) -> Plan:
    return Plan(FULL, runs=30, slow_runs=5, process_runs=7, out=out, reuse=reuse)


def run(plan: Plan) -> list[Result]:
    marks = _prepare(plan)
    folder = plan.out / VAULT_DIR
    sessions = _session_probes(plan, folder)
    results = [_start(plan, folder), _unlock(plan, folder, sessions)]
    vault = Vault.open(folder, PASSPHRASE)
    try:
        results += _in_vault(plan, vault, marks, sessions)
    finally:
        vault.lock()
    results += _memory(sessions)
    overhead, ratio = _overhead(plan, marks, folder)
    results.append(ratio)
    ordered = sorted(results, key=lambda r: ROW_NAMES.index(r.name))
    _report(plan, marks, ordered, overhead)
    return ordered


def _prepare(plan: Plan) -> Landmarks:
    if plan.reuse and (plan.out / "landmarks.json").is_file():
        print(f"Reusing the vault pair in {plan.out}", flush=True)
        return Landmarks.load(plan.out)
    if plan.out.exists():
        shutil.rmtree(plan.out)
    print(f"Generating {plan.size} in {plan.out} …", flush=True)
    marks = generate_pair(plan.out, plan.size)
    print(f"Generated in {marks.generate_seconds:.0f} s", flush=True)
    return marks


# ----- fresh processes ------------------------------------------------------------------------


def _child_env(plan: Plan) -> dict[str, str]:
    home = plan.out / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, CONFIDE_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    return env


def _probe(plan: Plan, command: str, folder: Path) -> tuple[float, dict[str, object]]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.probes", command, str(folder)],
        capture_output=True,
        text=True,
        env=_child_env(plan),
        cwd=REPO,
        timeout=300,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"probe {command} failed: {done.stderr[-2000:]}")
    return started, json.loads(lines[-1])


def _start(plan: Plan, folder: Path) -> Result:
    samples, how = [], ""
    for _ in range(plan.process_runs + 1):  # the first run warms the OS file cache
        started, answer = _probe(plan, "start", folder)
        how = str(answer.get("how", ""))
        if answer.get("painted") is not None:
            samples.append((float(str(answer["painted"])) - started) * 1000)
    kept = samples[1:]
    note = f"{how}; runs (ms): {sorted(round(x) for x in kept)}"
    return Result(ROW_NAMES[0], "ms", kept, 1500, note)


def _session_probes(plan: Plan, folder: Path) -> list[dict[str, object]]:
    return [_probe(plan, "session", folder)[1] for _ in range(plan.process_runs)]


def _memory(sessions: list[dict[str, object]]) -> list[Result]:
    def values(key: str) -> list[float]:
        return [float(str(s[key])) for s in sessions if s.get(key) is not None]

    return [
        Result(
            ROW_NAMES[10],
            "MB",
            values("maxrss_mb"),
            300,
            "ru_maxrss of a process that starts Qt, unlocks the vault and paints the first "
            "client page; includes the Argon2id buffer",
        ),
        Result(
            ROW_NAMES[11],
            "MB",
            values("peak_after_unlock_mb"),
            None,
            "the same process, VmHWM reset after unlock: the open vault + Qt + first page",
        ),
    ]


# ----- in-process, on the encrypted vault ---------------------------------------------------


def _unlock(plan: Plan, folder: Path, sessions: list[dict[str, object]]) -> Result:
    vault = Vault.open(folder, PASSPHRASE)
    kdf = vault.header.kdf
    vault.lock()
    samples = []
    for _ in range(plan.slow_runs):
        started = time.perf_counter()
        vault = Vault.open(folder, PASSPHRASE)
        samples.append((time.perf_counter() - started) * 1000)
        vault.lock()
    cold = sorted(round(float(str(s["unlock_ms"]))) for s in sessions)
    note = (
        f"Argon2id {kdf.memory_kib // 1024} MiB, t={kdf.iterations}, p={kdf.lanes}; "
        f"in a fresh process (ms): {cold}"
    )
    return Result(ROW_NAMES[1], "ms", samples, 1000, note)


def _in_vault(
    plan: Plan, vault: Vault, marks: Landmarks, sessions: list[dict[str, object]]
) -> list[Result]:
    store: Store = vault
    exports = plan.out / "exports"
    exports.mkdir(exist_ok=True)
    record_typical, parts = w.client_record(store, marks.typical_client_id)
    record_largest, _ = w.client_record(store, marks.largest_client_id)
    first_paints = [float(str(s["first_page_ms"])) for s in sessions]
    results = [
        Result(ROW_NAMES[2], "ms", first_paints, 200, str(sessions[0].get("how", ""))),
        _timed(ROW_NAMES[3], w.search(store, marks.common_word), plan.runs, 50,
               f"'{marks.common_word}' (~45 % of notes), first page of 200"),
        _timed(ROW_NAMES[4], w.search(store, marks.rare_word), plan.runs, 50,
               f"'{marks.rare_word}' (1 note in 2,000)"),
        _timed(ROW_NAMES[5], record_typical, plan.runs, 100,
               f"{marks.typical_client_notes} notes; {parts}"),
        _timed(ROW_NAMES[6], record_largest, plan.runs, 100,
               f"{marks.largest_client_notes} notes"),
    ]  # fmt: skip
    report, how = w.incident_report(store, marks.report_incident_id, exports / "incident.pdf")
    pages = w.report_pages(store, marks.report_incident_id)
    how += f", {pages} pages" if pages is not None else ""
    results.append(_timed(ROW_NAMES[7], report, plan.slow_runs, 2000, how))
    accounting, how = w.accounting_report(store, marks.accounting_client_id, exports / "acc.pdf")
    note = f"{how}; client with {marks.accounting_disclosures} disclosures"
    results.append(_timed(ROW_NAMES[8], accounting, plan.slow_runs, None, note))
    backup_note = f"create_backup of a {_size_mb(plan.out / VAULT_DIR):.0f} MB vault"
    backup = w.backup(store, exports / "backup.confide-backup")
    results.append(_timed(ROW_NAMES[9], backup, plan.slow_runs, None, backup_note))
    return results


def _timed(name: str, work: w.Work | None, runs: int, target: float | None, note: str) -> Result:
    if work is None:
        return Result(name, "ms", [], target, note)
    return Result(name, "ms", timed_ms(work, runs), target, note)


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


# ----- encrypted vs plain -----------------------------------------------------------------------


def _overhead(plan: Plan, marks: Landmarks, folder: Path) -> tuple[list[Result], Result]:
    """The storage workload, interleaved run by run on the vault and on the plain copy."""
    vault = Vault.open(folder, PASSPHRASE)
    plain = PlainStore.open(plan.out / PLAIN_NAME)
    try:
        encrypted_ops = w.storage_workload(vault, marks)
        plain_ops = w.storage_workload(plain, marks)
        rows: list[Result] = []
        sums = {"encrypted": [0.0] * plan.runs, "plain": [0.0] * plan.runs}
        for (label, enc), (_, pla) in zip(encrypted_ops, plain_ops, strict=True):
            enc_ms, pla_ms = _interleaved(enc, pla, plan.runs)
            app_op = label != "notes full scan"
            for index in range(plan.runs):
                if app_op:
                    sums["encrypted"][index] += enc_ms[index]
                    sums["plain"][index] += pla_ms[index]
            rows.append(Result(f"{label} (SQLCipher)", "ms", enc_ms))
            rows.append(Result(f"{label} (plain SQLite)", "ms", pla_ms))
    finally:
        plain.close()
        vault.lock()
    ratios = [e / p for e, p in zip(sums["encrypted"], sums["plain"], strict=True)]
    note = "per run: sum of the operations below except the full scan, SQLCipher / plain"
    return rows, Result(ROW_NAMES[12], "×", ratios, 1.3, note, judge="median")


def _interleaved(first: w.Work, second: w.Work, runs: int) -> tuple[list[float], list[float]]:
    first_ms: list[float] = []
    second_ms: list[float] = []
    timed_ms(first, 0)
    timed_ms(second, 0)
    for _ in range(runs):
        first_ms += timed_ms(first, 1, warmup=0)
        second_ms += timed_ms(second, 1, warmup=0)
    return first_ms, second_ms


# ----- output -----------------------------------------------------------------------------------


def machine() -> str:
    try:
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False)
        total = memory.stdout.splitlines()[1].split()[1]
    except (OSError, IndexError):
        total = "?"
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs (nproc), {total} RAM, {platform.platform()}, "
        f"Python {platform.python_version()}, load average {load}"
    )


def _report(plan: Plan, marks: Landmarks, results: list[Result], overhead: list[Result]) -> None:
    size = ", ".join(f"{key} {value:,}" for key, value in marks.size.items())
    text = "\n".join(
        [
            f"Confide benchmarks — {w.stamp()} — {machine()}",
            f"Vault: {size}; {_size_mb(plan.out / VAULT_DIR):.0f} MB encrypted.",
            "",
            table(results),
            "",
            "Storage workload, SQLCipher vault vs the same rows in plain SQLite:",
            "",
            table(overhead),
            "",
        ]
    )
    print(text, flush=True)
    (plan.out / "results.md").write_text(text, "utf-8")
    data = {"results": [asdict(r) for r in results], "overhead": [asdict(r) for r in overhead]}
    (plan.out / "results.json").write_text(json.dumps(data, indent=2), "utf-8")
