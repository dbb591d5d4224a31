"""The vault's signing identities (issue 19): key and self-signed certificate for reports.

Revision ID: 0007
Revises: 0003
Create Date: 2026-11-29

The private key is stored only here, inside the encrypted database. A retired identity keeps
its row (with the time and reason) so reports it signed can still be verified.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.models.base import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_identities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("algorithm", sa.String(length=20), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=600), nullable=False),
        sa.Column("certificate_der", sa.LargeBinary(), nullable=False),
        sa.Column("private_key_der", sa.LargeBinary(), nullable=False),
        sa.Column("retired_at", UTCDateTime(), nullable=True),
        sa.Column("retired_reason", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signing_identities")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_signing_identities_fingerprint")),
    )


def downgrade() -> None:
    op.drop_table("signing_identities")
