"""Long text in reports: one field of 200,000 and 1,000,000 words, run by hand.

``python -m benchmarks.long_text [--words 200000 1000000] [--runs 3]`` builds a throwaway
vault in a temp folder, stores one incident whose verbatim statement and one client whose
progress note hold that many words, and times the incident report and the client chart
export (view, layout, render, atomic write, audit). A field longer than the app stores
(MAX_LONG_TEXT, 2,000,000 characters: about 330,000 such words) is timed through the report
builder alone, as a label/value field and as a table cell. Targets (issue 18): 200k words under
10 s, 1M words under 60 s. Results go in BENCHMARKS.md; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from desktop.domain import ExceptionType, WorkflowStep
from desktop.reports.document import ReportBuilder
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.exports import export_chart_report, export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from desktop.workflow.fields import SituationFields
from desktop.workflow.validation import MAX_LONG_TEXT

TARGETS = {200_000: 10.0, 1_000_000: 60.0}
_VOCABULARY = [
    "the",
    "client",
    "said",
    "that",
    "he",
    "would",
    "not",
    "let",
    "it",
    "go",
    "and",
    "she",
    "wrote",
    "down",
    "every",
    "word",
]


def _text(count: int) -> str:
    """``count`` words of ordinary length (about 4 letters), numbered every tenth word."""
    return " ".join(
        f"n{i}" if i % 10 == 0 else _VOCABULARY[i % len(_VOCABULARY)] for i in range(count)
    )


def _timed(work: Callable[[], object], runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return seconds


def _row(name: str, count: int, seconds: list[float], pages: int) -> str:
    target = TARGETS.get(count)
    verdict = "" if target is None else ("met" if max(seconds) < target else "MISSED")
    limit = f"< {target:.0f} s" if target else ""
    runs = ", ".join(f"{s:.1f}" for s in seconds)
    median = statistics.median(seconds)
    return f"| {name}, {count:,} words | {median:.1f} s | {pages} | {limit} | {verdict} | {runs} |"


def measure(folder: Path, counts: Sequence[int], runs: int) -> list[str]:
    vault, _ = Vault.create(folder / "vault", "long text benchmark", kdf_memory_kib=65536)
    rows = []
    with vault:
        PractitionerService(vault).save(Profile("Dr. Bench", "CA"))
        for count in counts:
            text = _text(count)
            if len(text) > MAX_LONG_TEXT:
                rows.extend(_builder_rows(count, text, runs))
                continue
            client = ClientService(vault).create(ClientInput(first_name="Long", last_name="Text"))
            NoteService(vault).add(client, date(2025, 1, 2), text)
            incidents = IncidentService(vault)
            incident = incidents.start(client, ExceptionType.DANGER_TO_OTHERS)
            incidents.workflow(incident).save_step(
                WorkflowStep.SITUATION, replace(SituationFields(), statement=text)
            )
            out = folder / "report.pdf"
            report = partial(export_incident_report, vault, incident, out)
            rows.append(_row("Incident report", count, _timed(report, runs), _pages(out)))
            chart = partial(export_chart_report, vault, client, out)
            rows.append(_row("Client chart", count, _timed(chart, runs), _pages(out)))
    return rows


def _builder_rows(count: int, text: str, runs: int) -> list[str]:
    """Fields longer than the app stores: time the report builder alone (layout and render)."""
    rows = []
    for kind in ("fields", "table"):
        builder = ReportBuilder("Incident report", "LEGEND", "Client: Long Text")
        if kind == "fields":
            builder.fields([("What was said (verbatim)", text), ("After", "end")])
        else:
            builder.table(("Kind", "Content"), [("Verbatim statement", text), ("Note", "end")])
        rendered = _timed(builder.render, runs)
        pages = builder.render().page_count
        rows.append(_row(f"ReportBuilder.{kind} only", count, rendered, pages))
    return rows


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.long_text")
    parser.add_argument("--words", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="confide-long-text-") as temp:
        rows = measure(Path(temp), args.words, args.runs)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Long text in reports — {os.cpu_count()} CPUs, load average {load}")
    print("| Export | Median | Pages | Target | Verdict | Runs (s) |")
    print("|---|---:|---:|---:|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
