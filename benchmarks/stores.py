"""The two stores a benchmark runs on: the real encrypted vault and a plain SQLite copy.

The plain copy is made with the same Alembic migrations (``upgrade_to_head``) on an engine
built the same way as the vault's (one connection, same PRAGMAs) but with no key: sqlcipher3
without a key is plain SQLite. Services only use ``session()`` and ``actor`` of a vault, so
:class:`PlainStore` can stand in for one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, cast

import sqlcipher3
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from desktop.storage.database import _CONNECTION_PRAGMAS  # same settings as the vault
from desktop.storage.migrations import upgrade_to_head
from desktop.storage.vault import Vault

PASSPHRASE = "benchmark passphrase, synthetic data only"
PLAIN_NAME = "plain.db"
ACTOR = "Dr. Morgan Ellis (synthetic)"


class Store(Protocol):
    actor: str

    def session(self) -> contextlib.AbstractContextManager[Session]: ...


class PlainStore:
    """An unencrypted SQLite database with the vault's schema, used like a vault."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.actor = ACTOR
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, path: Path, *, create: bool = False) -> PlainStore:
        if not create and not path.is_file():
            raise FileNotFoundError(path)
        connection = sqlcipher3.dbapi2.connect(str(path), check_same_thread=False)
        for pragma in _CONNECTION_PRAGMAS:
            connection.execute(pragma).fetchall()
        engine = create_engine(
            "sqlite+pysqlite://",
            module=sqlcipher3.dbapi2,
            creator=lambda: connection,
            poolclass=StaticPool,
        )
        upgrade_to_head(engine)  # a no-op when the schema is current
        return cls(engine)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def as_vault(store: Store | Any) -> Vault:
    """Services are typed for a Vault but use only ``session()`` and ``actor``."""
    return cast(Vault, store)
