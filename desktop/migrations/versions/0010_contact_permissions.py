"""Contact permissions in three states (allowed, declined, not asked) with the day asked.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

clients.voicemail_ok / text_ok / email_ok were yes/no boxes. Each becomes <channel>_status
and <channel>_asked_on:

- a ticked box (True) becomes "allowed" with asked_on NULL, shown as "date not recorded": the
  day the client said yes was never stored, and no date is invented;
- an unticked box (False) becomes "not_asked". An unticked box never meant a recorded refusal
  (it was also the default of every new client), so it is not turned into "declined".

The old columns are dropped with SQLite's own ALTER TABLE DROP COLUMN (no table rebuild), so
the full-text triggers on clients stay in place. The downgrade keeps only "allowed" as True.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CHANNELS = ("voicemail", "text", "email")


def upgrade() -> None:
    for channel in CHANNELS:
        op.add_column(
            "clients",
            sa.Column(
                f"{channel}_status",
                sa.String(length=20),
                nullable=False,
                server_default="not_asked",
            ),
        )
        op.add_column("clients", sa.Column(f"{channel}_asked_on", sa.Date(), nullable=True))
        op.execute(f"UPDATE clients SET {channel}_status = 'allowed' WHERE {channel}_ok")
        op.execute(f"ALTER TABLE clients DROP COLUMN {channel}_ok")


def downgrade() -> None:
    for channel in CHANNELS:
        op.add_column(
            "clients",
            sa.Column(f"{channel}_ok", sa.Boolean(), nullable=False, server_default=sa.false()),
        )
        op.execute(f"UPDATE clients SET {channel}_ok = ({channel}_status = 'allowed')")
        op.execute(f"ALTER TABLE clients DROP COLUMN {channel}_asked_on")
        op.execute(f"ALTER TABLE clients DROP COLUMN {channel}_status")
