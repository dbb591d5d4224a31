"""The database's side of the seal: its generation and its own copy of the sealed header.

Every lock (and every change of keys) raises the generation by one in one transaction that
also stores the header about to be written; the header files follow. So the database always
knows the newest header, and at open a header file older or newer than the database is told
apart from the short gap a crash can leave (the files one generation behind).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop.errors import (
    DatabaseOlderThanHeaderError,
    HeaderOlderThanDatabaseError,
    HeaderTamperedError,
    SealMissingError,
    VaultDamagedError,
)
from desktop.models import VaultMeta
from desktop.storage import header as hdr
from desktop.storage import header_keys, header_parse
from desktop.storage.database import translate_database_error


@dataclass(frozen=True)
class DatabaseSeal:
    """What the database says about its newest header (generation 0: never sealed)."""

    generation: int
    header: hdr.VaultHeader | None


def read_seal(engine: Engine) -> DatabaseSeal:
    """The stored generation and header; works before and after migration 0005."""
    try:
        with engine.connect() as connection:
            row = (
                connection.execute(text("SELECT * FROM vault_meta WHERE id = 1")).mappings().first()
            )
    except DBAPIError as exc:
        raise translate_database_error(exc) from None
    if row is None:
        raise VaultDamagedError("The database file does not belong to this vault.")
    generation = int(row.get("generation") or 0)
    stored = row.get("sealed_header")
    if generation == 0 or stored is None:
        return DatabaseSeal(generation, None)
    try:
        header = header_parse.header_from_bytes(str(stored).encode("utf-8"))
    except VaultDamagedError:
        raise VaultDamagedError("The database's copy of the vault header is damaged.") from None
    if header.generation != generation:
        raise VaultDamagedError("The database's copy of the vault header is damaged.")
    return DatabaseSeal(generation, header)


def store_seal(session: Session, header: hdr.VaultHeader) -> None:
    """Record ``header`` (sealed) as the newest one, in the caller's unit of work."""
    meta = session.get(VaultMeta, 1)
    if meta is None or header.generation is None:
        raise VaultDamagedError("The database file does not belong to this vault.")
    meta.generation = header.generation
    meta.sealed_header = hdr.header_to_bytes(header).decode("ascii")


def next_generation(session: Session) -> int:
    meta = session.get(VaultMeta, 1)
    return 1 if meta is None else meta.generation + 1


def authentic_database_header(seal: DatabaseSeal, data_key: bytearray, vault_id: str) -> None:
    """The database's header must carry a MAC made with this data key, for this vault."""
    stored = seal.header
    if stored is None:
        return
    if stored.vault_id != vault_id or not header_keys.mac_matches(stored, data_key):
        raise VaultDamagedError("The database's copy of the vault header does not match its key.")


def check_against_database(disk: hdr.VaultHeader, seal: DatabaseSeal, data_key: bytearray) -> bool:
    """Compare a header file with the database; True when it is the crash gap (one behind).

    Raises the specific error for: a sealed database with an unsealed header, a header whose
    MAC is wrong, a database older than the header, a header older than the database by more
    than the one generation a crash between the two writes can leave.
    """
    if disk.is_sealed and not header_keys.mac_matches(disk, data_key):
        raise HeaderTamperedError(
            "The vault header was changed by something other than Confide (its seal does not "
            "match)."
        )
    if seal.header is None:
        if disk.is_sealed:
            raise DatabaseOlderThanHeaderError(
                "The vault's database is older than its header: it was replaced by a copy made "
                "before the header was sealed."
            )
        return False
    if not disk.is_sealed:
        raise SealMissingError(
            "The vault header has lost its seal, but this database has been sealed before: the "
            "header was replaced or edited."
        )
    assert disk.generation is not None
    if disk.generation > seal.generation:
        raise DatabaseOlderThanHeaderError(
            f"The vault's database is older than its header (database generation "
            f"{seal.generation}, header {disk.generation}): the database file was replaced by "
            "an earlier copy."
        )
    if disk.generation < seal.generation - 1:
        raise HeaderOlderThanDatabaseError(
            f"The vault's header is older than its database (header generation "
            f"{disk.generation}, database {seal.generation}): the header was replaced by an "
            "earlier copy."
        )
    if disk.generation == seal.generation and disk != seal.header:
        raise HeaderTamperedError("The vault header does not match the one its database sealed.")
    return disk.generation == seal.generation - 1
