"""A plain-text table fitted to the terminal: each column as wide as its text, the widest
columns shortened (with "…") only when the whole row would not fit."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Sequence

GAP = "  "
MIN_COLUMN = 12
ELLIPSIS = "…"


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (CJK) characters count twice, marks zero."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal columns, ending in "…" when cut."""
    if text_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = text_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + ELLIPSIS


def pad(text: str, width: int) -> str:
    return text + " " * max(width - text_width(text), 0)


def fitted_widths(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    limit: int,
    shrinks: Sequence[bool] | None = None,
) -> list[int]:
    """Each column's width: its longest text; the widest shrinkable ones, then any, lose a
    character each until the row fits."""
    widths = [
        max([text_width(h), *(text_width(r[i]) for r in rows)]) for i, h in enumerate(headers)
    ]
    budget = limit - len(GAP) * (len(headers) - 1)
    may_shrink = shrinks if shrinks is not None else [True] * len(headers)
    floors = [min(w, max(MIN_COLUMN, text_width(h))) for h, w in zip(headers, widths, strict=True)]
    for allowed in (may_shrink, [True] * len(headers)):  # text first, then all if need be
        while sum(widths) > budget:
            shrinkable = [i for i, w in enumerate(widths) if allowed[i] and w > floors[i]]
            if not shrinkable:
                break
            widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    return widths


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    limit: int | None = None,
    shrinks: Sequence[bool] | None = None,
) -> list[str]:
    """The lines of the table: a header, a rule, one line per row; no trailing spaces."""
    width = limit if limit is not None else shutil.get_terminal_size((120, 24)).columns
    widths = fitted_widths(headers, rows, width, shrinks)
    lines = [_line(headers, widths), GAP.join("-" * w for w in widths)]
    lines.extend(_line(row, widths) for row in rows)
    return lines


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return GAP.join(pad(clip(c, w), w) for c, w in zip(cells, widths, strict=True)).rstrip()
