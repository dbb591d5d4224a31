"""Samples, medians, p95 and the printed table."""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Unit = str  # "ms", "s" or "MB"


@dataclass
class Result:
    """One row of the table: samples in ``unit``, the target in the same unit (or None)."""

    name: str
    unit: Unit
    samples: list[float]
    target: float | None = None
    note: str = ""
    judge: str = "p95"  # the statistic compared with the target: "p95" or "median"
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile (the worst run when there are fewer than 20)."""
        if not self.samples:
            return math.nan
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    @property
    def verdict(self) -> str:
        if self.target is None:
            return ""
        if not self.samples:
            return "not run"
        value = self.median if self.judge == "median" else self.p95
        return "met" if value <= self.target else "MISSED"


def timed_ms(work: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Wall time of ``work`` in milliseconds, ``runs`` times after ``warmup`` untimed runs."""
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _number(value: float) -> str:
    if math.isnan(value):
        return "—"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table(results: list[Result]) -> str:
    """A Markdown table: measure, median, p95, runs, target, verdict, note."""
    lines = [
        "| Measure | Median | p95 | Runs | Target | Verdict | Note |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in results:
        target = f"{r.judge} ≤ {_number(r.target)} {r.unit}" if r.target is not None else ""
        lines.append(
            f"| {r.name} | {_number(r.median)} {r.unit} | {_number(r.p95)} {r.unit} | "
            f"{len(r.samples)} | {target} | {r.verdict} | {r.note} |"
        )
    return "\n".join(lines)
