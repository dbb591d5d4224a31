"""The practitioner's profession, and the legal basis for a minor consenting alone.

Revision ID: 0006
Revises: 0003
Create Date: 2026-11-29

- practitioner_profile.profession: the license type (desktop.domain.Profession); some state
  rules depend on it (North Dakota's duty to warn covers marriage and family therapists only,
  N.D.C.C. §43-53-11). Empty means "not recorded".
- consents.minor_consent_basis: the statute under which a client who was a minor at signing
  consented without a parent's or guardian's signature (45 CFR 164.502(g)(3)(i)).

Plain ADD COLUMN (no table rebuild), so the immutability triggers on consents stay in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "practitioner_profile",
        sa.Column("profession", sa.String(length=30), nullable=False, server_default=""),
    )
    op.add_column(
        "consents",
        sa.Column("minor_consent_basis", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table("consents") as batch_op:
        batch_op.drop_column("minor_consent_basis")
    with op.batch_alter_table("practitioner_profile") as batch_op:
        batch_op.drop_column("profession")
