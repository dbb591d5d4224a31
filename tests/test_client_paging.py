"""Client list pages by keyset: page after page gives exactly the whole sorted list."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.clients.service import ClientService, ClientSummary
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.support.statements import query_plan, recorded_calls

PEOPLE = [
    ("Ana", "Smith", date(1980, 5, 1)),
    ("Zoe", "Smith", None),
    ("Ana", "Smith", date(1979, 1, 1)),
    ("Bo", "Adams", None),
    ("Cy", "Young", date(1980, 5, 1)),
    ("Ana", "Ames", date(2001, 2, 3)),
    ("Dee", "Brook", None),
]


@pytest.fixture
def service(vault: Vault) -> ClientService:
    clients = ClientService(vault)
    for first, last, birth in PEOPLE:
        clients.create(ClientInput(first_name=first, last_name=last, date_of_birth=birth))
    clients.set_archived(2)
    return clients


@pytest.mark.parametrize("sort", ["last_name", "first_name", "date_of_birth", "id"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("archived", [False, True])
def test_pages_add_up_to_the_whole_list(
    service: ClientService, sort: str, descending: bool, archived: bool
) -> None:
    options = {"sort": sort, "descending": descending, "include_archived": archived}
    whole = service.list(**options)  # type: ignore[arg-type]
    paged: list[ClientSummary] = []
    while batch := service.list(after=paged[-1] if paged else None, limit=2, **options):  # type: ignore[arg-type]
        paged += batch
    assert [c.id for c in paged] == [c.id for c in whole]
    assert len(whole) == (7 if archived else 6)


def test_names_sort_by_last_then_first_name(service: ClientService) -> None:
    names = [(c.last_name, c.first_name) for c in service.list()]
    assert names == sorted(names)


# Reads SQLite's query plans.
@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("last_name", "ix_clients_list_last_name"),
        ("first_name", "ix_clients_list_first_name"),
        ("date_of_birth", "ix_clients_list_birth"),
    ],
)
def test_a_later_page_walks_the_sort_index(
    vault: Vault, service: ClientService, sort: str, index: str
) -> None:
    first = service.list(sort=sort, limit=3)
    with recorded_calls(vault.engine) as seen:
        service.list(sort=sort, after=first[-1], limit=3)
    ((statement, parameters),) = seen
    assert statement.rstrip().endswith("LIMIT ? OFFSET ?") and parameters[-1] == 0  # skips none
    plan = query_plan(vault.engine, statement, parameters)
    assert index in plan and "TEMP B-TREE" not in plan.upper(), plan
