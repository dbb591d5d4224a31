"""A covering index (id, client_id) on notes, for note search.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

Note search maps each FTS5 match (a note id) to its client. Through the table that reads a
whole note row per match: 45,000 page reads (and decryptions) for a common word in 100,000
notes, ~300 ms. Through this small index it is ~17 ms (benchmarks/, BENCHMARKS.md).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

INDEX = "ix_notes_id_client_id"


def upgrade() -> None:
    op.create_index(INDEX, "notes", ["id", "client_id"], unique=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="notes")
