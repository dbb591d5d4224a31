"""The read-only view of an addendum, shared by consents and incidents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.models import Addendum


@dataclass(frozen=True)
class AddendumView:
    id: int
    author: str
    text: str
    created_at: datetime


def addendum_view(row: Addendum) -> AddendumView:
    return AddendumView(row.id, row.author, row.text, row.created_at)
