"""Declarative base and the portable column types every model uses."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import DateTime, Enum, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored in UTC; naive values are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store timezone-aware times only")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_column(enum_type: type[StrEnum], length: int) -> Enum:
    """A ``StrEnum`` column stored as its members' values in VARCHAR(``length``), as before.

    No native enum and no CHECK constraint, so the schema is unchanged; a value that is not a
    member is refused on write and raises LookupError on read.
    """
    return Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=_member_values,
        validate_strings=True,
    )


def _member_values(enum_type: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_type]


def utc_now() -> datetime:
    return datetime.now(UTC)


def database_user(context: Any) -> str:
    """The PostgreSQL role writing a row (a column default); empty on the solo SQLCipher vault."""
    if context.dialect.name != "postgresql":
        return ""
    return str(context.connection.exec_driver_sql("SELECT current_user").scalar_one())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}
