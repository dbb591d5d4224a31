"""Each client's consent due day, so the dashboard counts who needs a consent from an index.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

``consent_due`` is derived from the consents (issue 11): it starts empty and the app fills
the missing rows the first time the consent queue is read; ``consent_due_rules`` records the
rules the days were computed with, so a change of rules recomputes them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "consent_due",
        sa.Column("client_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            name=op.f("fk_consent_due_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_consent_due")),
    )
    op.create_index(
        "ix_consent_due_archived_due", "consent_due", ["archived", "due_on", "client_id"]
    )
    op.create_table(
        "consent_due_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_due_rules")),
    )


def downgrade() -> None:
    op.drop_table("consent_due_rules")
    op.drop_index("ix_consent_due_archived_due", table_name="consent_due")
    op.drop_table("consent_due")
