"""The practitioner's profession (license type), used by rules that depend on it.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-29

North Dakota's duty to warn covers marriage and family therapists only (N.D.C.C.
§43-53-11); a free-text credentials field cannot tell. Empty means "not recorded".
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practitioner_profile") as batch_op:
        batch_op.add_column(
            sa.Column("profession", sa.String(length=30), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("practitioner_profile") as batch_op:
        batch_op.drop_column("profession")
