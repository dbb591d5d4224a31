"""Setting up a practice database and its accounts (``confide practice init|add-clinician``).

Both run with an administrator's login (a role that may create roles and owns the schema),
never with a clinician's. The URL is checked (verified TLS) and never printed or logged.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.errors import UserInputError
from desktop.models import VaultMeta
from desktop.models.base import utc_now
from desktop.practice import policies
from desktop.storage import audit
from desktop.storage.migrations import upgrade_to_head
from desktop.storage.postgres import make_practice_engine, translate_server_error

ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
ACCOUNT_KINDS = {
    "clinician": policies.CLINICIAN,
    "supervisor": policies.SUPERVISOR,
    "billing": policies.BILLING,
    "owner": policies.OWNER,
}
PASSWORD_BYTES = 18
SETUP_ACTOR = "Confide practice setup"


@dataclass(frozen=True)
class Account:
    """A new login: its role name and the password to hand to that person once."""

    name: str
    kind: str
    password: str


def init_practice(admin_url: str) -> str:
    """Create the schema, the group roles and the policies on an empty database; its id."""
    engine = make_practice_engine(admin_url, pool_size=1)
    try:
        with engine.begin() as connection:
            if inspect(connection).get_table_names():
                raise UserInputError(
                    "This database is not empty. A practice is created on an empty database."
                )
            for statement in policies.role_statements():
                connection.exec_driver_sql(statement)
        upgrade_to_head(engine)
        apply_policies(engine)
        return _write_sentinel(engine)
    except DBAPIError as exc:
        raise translate_server_error(exc) from None
    finally:
        engine.dispose()


def apply_policies(engine: Engine) -> None:
    """(Re)apply privileges and row-level security; run after every schema upgrade."""
    with engine.begin() as connection:
        columns = [column["name"] for column in inspect(connection).get_columns("clients")]
        for statement in policies.apply_statements(columns):
            connection.exec_driver_sql(statement)


def _write_sentinel(engine: Engine) -> str:
    practice_id = uuid.uuid4().hex
    with Session(engine) as session, session.begin():
        session.add(VaultMeta(id=1, vault_id=practice_id, created_at=utc_now()))
        audit.record(session, audit.AuditAction.CREATE, actor=SETUP_ACTOR, entity_type="vault")
    return practice_id


def add_account(admin_url: str, name: str, kind: str = "clinician") -> Account:
    """Create a login role ``name`` in group ``kind`` with a new random password."""
    role = _checked_name(name)
    group = ACCOUNT_KINDS.get(kind)
    if group is None:
        raise UserInputError(f"An account is one of: {', '.join(ACCOUNT_KINDS)}.")
    password = secrets.token_urlsafe(PASSWORD_BYTES)
    engine = make_practice_engine(admin_url, pool_size=1)
    try:
        with engine.begin() as connection:
            _refuse_existing(connection, role)
            quoted = connection.exec_driver_sql(
                "SELECT quote_literal(%(p)s)", {"p": password}
            ).scalar_one()
            connection.exec_driver_sql(
                f"CREATE ROLE {role} LOGIN PASSWORD {quoted} IN ROLE {group}"
            )
            _ensure_practice(connection)
    except DBAPIError as exc:
        raise translate_server_error(exc) from None
    finally:
        engine.dispose()
    return Account(role, kind, password)


def _checked_name(name: str) -> str:
    if not ROLE_NAME.fullmatch(name):
        raise UserInputError(
            "An account name is 1 to 63 lower-case letters, digits or underscores, "
            "starting with a letter (for example: ana_ruiz)."
        )
    if name.startswith(("confide_", "pg_")) or name == "postgres":
        raise UserInputError("That account name is reserved; choose another.")
    return name


def _refuse_existing(connection: Connection, role: str) -> None:
    found = connection.execute(
        text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}
    ).first()
    if found is not None:
        raise UserInputError(f"An account named {role} already exists on this server.")


def _ensure_practice(connection: Connection) -> None:
    if not inspect(connection).has_table("vault_meta"):
        raise UserInputError("This database is not a Confide practice: run 'practice init' first.")
    if connection.execute(select(VaultMeta.id)).first() is None:
        raise UserInputError("This database is not a Confide practice: run 'practice init' first.")
