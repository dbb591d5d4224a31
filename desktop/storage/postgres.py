"""The practice engine: the same models on a PostgreSQL 15+ server, reached over verified TLS.

A solo clinician keeps an encrypted SQLCipher vault (storage/vault.py). A group practice keeps
one PostgreSQL database; each clinician connects with their own role, and the database's
row-level security decides what they see (desktop/practice/). The URL is never logged and
never put into an error message: it can carry a password.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, NoReturn

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import ConfideError, UserInputError
from desktop.models import VaultMeta
from desktop.storage import audit
from desktop.storage.vault import Vault

DRIVER = "postgresql+psycopg"
REQUIRED_SSLMODE = "verify-full"
UNDEFINED_TABLE = "42P01"


class PracticeServerError(ConfideError):
    """The practice server could not be reached, refused the login, or refused the change."""

    default_advice = (
        "Check the server's address, your user name and password, and the network; "
        "your practice's administrator can help."
    )


def practice_url(url: str) -> str:
    """Check a practice URL: PostgreSQL through psycopg, TLS verified against the server's name.

    Raises UserInputError naming what is wrong (never echoing the URL, which may hold a password).
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UserInputError(
            "The practice database address is not a valid URL "
            "(postgresql+psycopg://USER@HOST:PORT/DATABASE?sslmode=verify-full)."
        ) from None
    if parsed.drivername not in (DRIVER, "postgresql"):
        raise UserInputError("The practice database address must start with postgresql+psycopg://.")
    if parsed.query.get("sslmode") != REQUIRED_SSLMODE:
        raise UserInputError(
            "The practice database address must require verified TLS: add "
            "?sslmode=verify-full (and sslrootcert=FILE for the practice's certificate)."
        )
    if not parsed.host or not parsed.database:
        raise UserInputError("The practice database address needs a server name and a database.")
    return parsed.set(drivername=DRIVER).render_as_string(hide_password=False)


def make_practice_engine(url: str, *, pool_size: int = 5) -> Engine:
    """A pooled engine for one clinician's role; connections are checked before use."""
    return create_engine(
        practice_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args={"application_name": "confide", "connect_timeout": 10},
    )


def translate_server_error(exc: DBAPIError) -> Exception:
    """A driver error in plain language: what failed, never the SQL, values or the URL."""
    state = getattr(exc.orig, "sqlstate", None) or ""
    if state == "42501":
        return PracticeServerError(
            "Your practice account is not allowed to do this.",
            "Ask the practice owner if you need access.",
        )
    if state.startswith("28") or _login_refused(exc):
        return PracticeServerError("The practice server refused the login.")
    if state.startswith("08") or state == "":
        return PracticeServerError("The practice server could not be reached.")
    if state.startswith("40"):
        return PracticeServerError(
            "Someone else changed the same records at the same moment; nothing was saved.",
            "Try again.",
        )
    return PracticeServerError(
        "The practice database refused the change.",
        "Nothing was saved. Your practice's administrator can check the server's log.",
    )


def _no_vault_file() -> ConfideError:
    return PracticeServerError(
        "This works only with a vault on this computer, not with a practice database.",
        "Passwords of practice accounts are changed on the server; backups use pg_dump.",
    )


def _login_refused(exc: DBAPIError) -> bool:
    """Errors at connection time carry no SQLSTATE; libpq's text names the refusal."""
    said = str(exc.orig).lower()
    return "authentication failed" in said or "no pg_hba.conf entry" in said


class PracticeStore(Vault):
    """One clinician's connection to the practice database, used by services like a vault.

    It has no folder, header or key: the server holds the data, TLS protects the wire, and the
    database role decides what this clinician may read and write.
    """

    LOCKED_MESSAGE: ClassVar[str] = "The practice database is disconnected."

    def __init__(self, engine: Engine, actor: str) -> None:  # the vault's state does not apply
        self._engine: Engine | None = engine
        self._sessions: sessionmaker[Session] | None = sessionmaker(engine, expire_on_commit=False)
        self._data_key = None
        self.actor = actor

    @property
    def folder(self) -> Path:
        """A practice has no vault folder: file-level work (backup, export) is not here yet."""
        raise _no_vault_file()

    @folder.setter
    def folder(self, _value: Path) -> None:
        raise AttributeError("a practice database has no folder")

    @classmethod
    def connect(cls, url: str, actor: str) -> PracticeStore:
        """Connect and check that the database is a Confide practice."""
        store = cls(make_practice_engine(url), actor)
        try:
            store.practice_id()
        except BaseException:
            store.lock()
            raise
        return store

    def practice_id(self) -> str:
        """The practice's id (the sentinel row made by ``confide practice init``)."""
        try:
            with self.engine.connect() as connection:
                row = connection.execute(
                    select(VaultMeta.vault_id).where(VaultMeta.id == 1)
                ).first()
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != UNDEFINED_TABLE:
                raise translate_server_error(exc) from None
            row = None
        if row is None:
            raise PracticeServerError(
                "This database is not a Confide practice.",
                "Run 'confide practice init' on an empty database first.",
            )
        return str(row[0])

    @property
    def vault_id(self) -> str:
        return self.practice_id()

    def database_user(self) -> str:
        with self.engine.connect() as connection:
            return str(connection.execute(text("SELECT current_user")).scalar_one())

    def _database_error(self, exc: DBAPIError) -> Exception:
        return translate_server_error(exc)

    @property
    def header(self) -> NoReturn:
        raise _no_vault_file()

    def check_passphrase(self, passphrase: str) -> None:
        raise _no_vault_file()

    def set_new_passphrase(self, new_passphrase: str) -> None:
        raise _no_vault_file()

    def rotate_keys(self, passphrase: str) -> str:
        raise _no_vault_file()

    def data_key_for_backup(self) -> bytes:
        raise _no_vault_file()

    def sealed_head(self) -> audit.ChainHead | None:
        """No header seals the chain on a server (see the README's threat model)."""
        return None

    def lock(self) -> None:
        """Disconnect: close every pooled connection."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessions = None

    def __repr__(self) -> str:
        state = "disconnected" if self._engine is None else "connected"
        return f"<PracticeStore {state}>"
