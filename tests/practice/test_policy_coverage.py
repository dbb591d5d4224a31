"""Every table has a practice access rule, so a new table cannot slip past row-level security."""

from __future__ import annotations

from desktop.models import Base
from desktop.practice.policies import DEPENDENT_TABLES, SHARED_TABLES

# Tables with their own grants in desktop/practice/policies.py (not per-client records).
SPECIAL_TABLES = {"clients", "client_shares", "audit_events", "vault_meta"}


def test_every_table_is_placed_in_the_practice_policies() -> None:
    placed = set(DEPENDENT_TABLES) | set(SHARED_TABLES) | SPECIAL_TABLES
    unplaced = sorted(set(Base.metadata.tables) - placed)
    assert unplaced == [], f"add these tables to desktop/practice/policies.py: {unplaced}"
    assert not set(DEPENDENT_TABLES) & set(SHARED_TABLES)
