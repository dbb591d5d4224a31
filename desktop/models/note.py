"""Clinical notes. Psychotherapy notes (45 CFR 164.501) are kept apart by kind and never exported
unless chosen explicitly."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, enum_column, utc_now


class NoteKind(StrEnum):
    PROGRESS = "progress"
    PSYCHOTHERAPY = "psychotherapy"


class Note(Base):
    __tablename__ = "notes"
    # Maps a note-search match to its client without reading the note (migration 0003).
    __table_args__ = (
        Index("ix_notes_id_client_id", "id", "client_id"),
        Index("ix_notes_client_session", "client_id", "session_date", "id"),  # 0004
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[NoteKind] = mapped_column(enum_column(NoteKind, 20), default=NoteKind.PROGRESS)
    session_date: Mapped[date] = mapped_column(Date)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
