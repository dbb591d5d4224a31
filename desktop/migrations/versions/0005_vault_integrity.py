"""Vault integrity: the database's seal (generation and header) and audited row hashes.

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-29

``vault_meta.generation`` is raised at every lock together with ``vault_meta.sealed_header``
(the header about to be written), so a database older or newer than its header is found at
open. ``audit_events.row_hashes`` holds, for each audited write, the SHA-256 of every row it
wrote, so ``verify`` finds a row reverted below the page level (e.g. one page from an older copy).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "vault_meta", sa.Column("generation", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("vault_meta", sa.Column("sealed_header", sa.Text(), nullable=True))
    op.add_column("audit_events", sa.Column("row_hashes", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("audit_events", "row_hashes")
    op.drop_column("vault_meta", "sealed_header")
    op.drop_column("vault_meta", "generation")
