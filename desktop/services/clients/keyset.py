"""Keyset paging: the rows after the last one shown, in the list's own sort order.

A page asks for ``(a, b, id) > (last a, last b, last id)``; with an index in that order the
database starts right there, where ``OFFSET n`` would read and drop ``n`` rows on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, or_, tuple_
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

Column = ColumnElement[Any] | QueryableAttribute[Any]


def after(
    columns: Sequence[Column],
    values: Sequence[object],
    *,
    descending: bool = False,
    nullable_first: bool = False,
) -> ColumnElement[bool]:
    """Rows strictly after ``values`` when ordered by ``columns`` (all ascending or all
    descending). With ``nullable_first``, the first column may be NULL: NULLs sort before
    every value ascending and after every value descending, as SQLite orders them."""
    if not (nullable_first and len(columns) > 1):
        return _beyond(columns, values, descending)
    first = columns[0]
    if values[0] is None:
        within_nulls = and_(first.is_(None), _beyond(columns[1:], values[1:], descending))
        return within_nulls if descending else or_(within_nulls, first.is_not(None))
    beyond = _beyond(columns, values, descending)
    return or_(beyond, first.is_(None)) if descending else beyond


def _beyond(
    columns: Sequence[Column], values: Sequence[object], descending: bool
) -> ColumnElement[bool]:
    left = tuple_(*columns) if len(columns) > 1 else columns[0]
    right = tuple_(*values) if len(values) > 1 else values[0]
    return left < right if descending else left > right
