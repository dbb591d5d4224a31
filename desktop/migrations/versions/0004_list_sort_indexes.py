"""Indexes that match the sort order of every list, for keyset paging.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Each list in the app reads its rows in one order (the client list by archived state, then
name; a client's notes newest first; the audit log by sequence ...). With an index in exactly
that order, SQLite walks the index from the last row shown ("keyset paging") instead of
sorting the whole table and skipping OFFSET rows on every batch (issue 11, BENCHMARKS.md).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # The client list by name; with the preferred name and birth date it also covers the
    # consent queue, which then reads no client row at all.
    (
        "ix_clients_list_last_name",
        "clients",
        ("archived", "last_name", "first_name", "id", "preferred_name", "date_of_birth"),
    ),
    ("ix_clients_list_first_name", "clients", ("archived", "first_name", "last_name", "id")),
    ("ix_clients_list_birth", "clients", ("archived", "date_of_birth", "id")),
    ("ix_notes_client_session", "notes", ("client_id", "session_date", "id")),
    # Covering: the consent queue reads the newest consent's version from the index alone.
    (
        "ix_consents_client_signed",
        "consents",
        ("client_id", "signed_at", "id", "template_key", "template_version"),
    ),
    ("ix_releases_client_signed", "releases", ("client_id", "signed_at", "id")),
    # Covering the filter: revoked releases are skipped without reading their text.
    ("ix_releases_expires", "releases", ("expires_on", "id", "revoked_at", "client_id")),
    ("ix_incidents_opened", "incidents", ("opened_at", "id")),
    ("ix_incidents_client_opened", "incidents", ("client_id", "opened_at", "id")),
    ("ix_disclosures_client_disclosed", "disclosures", ("client_id", "disclosed_at", "id")),
    ("ix_audit_events_client_seq", "audit_events", ("client_id", "seq")),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns), unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
