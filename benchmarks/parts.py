"""``python -m benchmarks.parts VAULT_DIR``: the day of use's slow parts, in-process.

The dashboard's sections (consent queue, expiring releases, open incidents), the client list's
first and last batch and a common-word search's first rows, each timed repeatedly on an
unlocked vault with wall time and this process's CPU time side by side: on a shared machine
the CPU time says what the work costs, the wall time what waiting for a core adds.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.corpus import COMMON_WORD
from benchmarks.run import machine
from benchmarks.stats import Result, table
from benchmarks.stores import PASSPHRASE
from desktop.services.clients.search import ClientSearch
from desktop.services.clients.service import ClientService, ClientSummary
from desktop.services.consents.service import ConsentService
from desktop.services.incidents.service import IncidentService
from desktop.services.releases.service import ReleaseService
from desktop.storage.vault import Vault

RUNS = int(os.environ.get("CONFIDE_PARTS_RUNS", "20"))
BATCH = 200


def measure(name: str, work: Callable[[], object], target: float | None = None) -> list[Result]:
    """RUNS timings of ``work``: wall and CPU (process time) as two rows."""
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(RUNS):
        started, used = time.perf_counter(), time.process_time()
        work()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return [Result(f"{name} (wall)", "ms", wall, target), Result(f"{name} (CPU)", "ms", cpu)]


def _last_batch(clients: ClientService) -> tuple[ClientSummary, int]:
    """The row before the last batch of the client list, and how many rows the list has."""
    rows, before, last = 0, None, None
    while batch := clients.list(after=last, limit=BATCH):
        rows += len(batch)
        if len(batch) == BATCH:
            before, last = last, batch[-1]
        else:
            before = last
            break
    assert before is not None, "the list has a single batch"
    return before, rows


def run(folder: Path) -> str:
    vault = Vault.open(folder, PASSPHRASE)
    with vault:
        consents, clients = ConsentService(vault), ClientService(vault)
        started = time.perf_counter()
        consents.consent_queue(50)  # computes any missing consent due day (once)
        first = (time.perf_counter() - started) * 1000
        before, rows = _last_batch(clients)
        results = [
            *measure("Dashboard: consent queue", lambda: consents.consent_queue(50)),
            *measure(
                "Dashboard: expiring releases",
                lambda: ReleaseService(vault).expiring_queue(30, 50),
            ),
            *measure(
                "Dashboard: open incidents",
                lambda: IncidentService(vault).open_incident_queue(50),
            ),
            *measure("Client list: first batch", lambda: clients.list(limit=BATCH), 20),
            *measure(
                "Client list: last batch", lambda: clients.list(after=before, limit=BATCH), 30
            ),
            *measure(
                "Search (common word): first rows",
                lambda: ClientSearch(vault, COMMON_WORD, False).next(BATCH),
                100,
            ),
            *measure("Search (common word): count", lambda: clients.count(search=COMMON_WORD)),
        ]
    return "\n".join(
        [
            f"Confide parts — {machine()}",
            f"Vault {folder}: {rows:,} active clients; first consent queue {first:,.0f} ms.",
            "",
            table(results),
        ]
    )


if __name__ == "__main__":
    print(run(Path(sys.argv[1])), flush=True)
