"""Long text in every report flows as paragraphs after a label row, never in one table cell.

Timing lives in benchmarks/long_text.py and BENCHMARKS.md; these tests check only that a
long export finishes and that not a word is lost.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.domain import ExceptionType, WorkflowStep
from desktop.reports.document import MOVED_BELOW, ReportBuilder, is_long
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from tests.support.cases import setup_practice, situation
from tests.support.pdf import pdf_text

WORD = re.compile(r"\bw\d+\b")


def words(count: int) -> str:
    return " ".join(f"w{i}" for i in range(count))


@pytest.mark.slow
def test_incident_report_with_a_200k_word_statement_is_complete(
    vault: Vault, tmp_path: Path
) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.DANGER_TO_OTHERS)
    statement = words(200_000)
    service.workflow(incident_id).save_step(
        WorkflowStep.SITUATION, replace(situation(), statement=statement)
    )
    out = tmp_path / "incident.pdf"
    export_incident_report(vault, incident_id, out)
    assert WORD.findall(pdf_text(out.read_bytes())) == statement.split()


def test_long_field_leaves_the_table_and_keeps_its_label() -> None:
    report = ReportBuilder("T", "L", "S")
    report.fields([("Short", "kept in the table"), ("Statement", words(3000)), ("After", "end")])
    text = pdf_text(report.render().pdf)
    assert WORD.findall(text) == words(3000).split()
    assert text.index("Statement") < text.index("w0") < text.index("After")


def test_long_table_cell_moves_below_its_row_and_the_table_resumes() -> None:
    report = ReportBuilder("T", "L", "S")
    rows = [("1", "short"), ("2", words(3000)), ("3", "last row")]
    report.table(("#", "Content"), rows)
    text = pdf_text(report.render().pdf)
    assert WORD.findall(text) == words(3000).split()
    assert MOVED_BELOW in text and "Content, row 2" in text
    assert text.index(MOVED_BELOW) < text.index("w0") < text.index("last row")


def test_many_short_lines_count_as_long() -> None:
    assert is_long("\n".join(f"line {i}" for i in range(40)))
    assert not is_long("one line\nand another")
