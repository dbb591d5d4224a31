"""Practice mode foundation: optimistic locking, client owners and shares, PostgreSQL guards.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

- clients.version: raised by every UPDATE; a change made from an older version is refused
  (two clinicians editing the same client never lose a change silently). Both engines.
- clients.owner_role and client_shares: the clinician (PostgreSQL role) a client belongs to,
  and the others it is shared with; row-level security reads them in practice mode.
- audit_events.db_user: the PostgreSQL role that wrote an event (empty in a solo vault).
- On PostgreSQL only: the immutability triggers of 0002 in PL/pgSQL, the full-text search
  (tsvector expressions with GIN indexes) and the audit helpers (desktop.migrations.postgres).

Plain ADD COLUMN (no table rebuild), so the SQLite triggers of 0002 stay in place.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.migrations import postgres
from desktop.models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("clients", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(
        "clients",
        sa.Column("owner_role", sa.String(length=63), nullable=False, server_default=""),
    )
    op.add_column(
        "audit_events",
        sa.Column("db_user", sa.String(length=63), nullable=False, server_default=""),
    )
    op.create_table(
        "client_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("grantee_role", sa.String(length=63), nullable=False),
        sa.Column("granted_by", sa.String(length=63), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_client_shares_client_id_clients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_shares")),
        sa.UniqueConstraint("client_id", "grantee_role", name="client_share"),
    )
    op.create_index(
        op.f("ix_client_shares_client_id"), "client_shares", ["client_id"], unique=False
    )
    op.create_index(
        op.f("ix_client_shares_grantee_role"), "client_shares", ["grantee_role"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        for statement in postgres.upgrade_statements():
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in postgres.downgrade_statements():
            op.execute(statement)
    op.drop_index(op.f("ix_client_shares_grantee_role"), table_name="client_shares")
    op.drop_index(op.f("ix_client_shares_client_id"), table_name="client_shares")
    op.drop_table("client_shares")
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("db_user")
    with op.batch_alter_table("clients") as batch_op:
        batch_op.drop_column("owner_role")
        batch_op.drop_column("version")
