"""The hardening suite's tally: every test adds what it tried, and the totals can be written out.

Set ``CONFIDE_HARDENING_SUMMARY=/some/file.json`` to get the counts HARDENING.md's table
is transcribed from (crash points, rows checked and lost, damaged-file kinds, fuzz examples,
bad-input cases, files scanned for leaks and leaks found).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

SUMMARY_ENV = "CONFIDE_HARDENING_SUMMARY"


class Tally:
    """Named counters shared by the whole session."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, name: str, amount: int = 1) -> None:
        self.counts[name] += amount


_SESSION_TALLY = Tally()


@pytest.fixture(scope="session")
def tally() -> Iterator[Tally]:
    yield _SESSION_TALLY
    target = os.environ.get(SUMMARY_ENV)
    if target:
        path = Path(target)
        path.parent.mkdir(parents=True, exist_ok=True)
        counts = dict(sorted(_SESSION_TALLY.counts.items()))
        path.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
