"""What every page is handed: the vault session, the database worker, settings, services.

No page looks anything up globally. Services are built per call over the current vault, so a
page keeps working after a lock and unlock (which opens a new Vault object).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.errors import VaultLockedError
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.practice.practitioner import PractitionerService
from desktop.settings import Settings, save_settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.drafts import DraftRegistry
from desktop.ui.error_dialogs import show_error
from desktop.ui.session import VaultSession

if TYPE_CHECKING:
    from desktop.services.consents.service import ConsentService
    from desktop.services.consents.templates import TemplateService
    from desktop.services.incidents.service import IncidentService
    from desktop.services.releases.service import ReleaseService

log = logging.getLogger("confide.ui")


class SettingsStore(QObject):
    """The current settings; ``changed`` after each save."""

    changed = Signal(object)

    def __init__(self, settings: Settings, *, persist: bool = True) -> None:
        super().__init__()
        self._value = settings
        self._persist = persist

    @property
    def value(self) -> Settings:
        return self._value

    def save(self, settings: Settings) -> None:
        if self._persist:
            save_settings(settings)
        self._value = settings
        self.changed.emit(settings)


@dataclass(eq=False)
class AppContext:
    session: VaultSession
    worker: DatabaseWorker
    settings: SettingsStore
    drafts: DraftRegistry = field(default_factory=DraftRegistry)
    is_demo: bool = False
    windows: dict[str, QWidget] = field(default_factory=dict)
    """Open record windows by key (e.g. "client:7"), so a record opens once."""

    @property
    def vault(self) -> Vault:
        return self.session.vault

    @property
    def clients(self) -> ClientService:
        return ClientService(self.vault)

    @property
    def notes(self) -> NoteService:
        return NoteService(self.vault)

    @property
    def practitioner(self) -> PractitionerService:
        return PractitionerService(self.vault)

    @property
    def incidents(self) -> IncidentService:
        from desktop.services.incidents.service import IncidentService

        return IncidentService(self.vault)

    @property
    def consents(self) -> ConsentService:
        from desktop.services.consents.service import ConsentService

        return ConsentService(self.vault)

    @property
    def templates(self) -> TemplateService:
        from desktop.services.consents.templates import TemplateService

        return TemplateService(self.vault)

    @property
    def releases(self) -> ReleaseService:
        from desktop.services.releases.service import ReleaseService

        return ReleaseService(self.vault)

    def error_handler(self, parent: QWidget | None) -> Callable[[BaseException], None]:
        """Show a failed background job as a plain dialog; stay quiet if it failed because
        the vault was locked meanwhile."""

        def handle(exc: BaseException) -> None:
            if isinstance(exc, VaultLockedError) and self.session.is_locked:
                log.info("job skipped: vault locked")
                return
            show_error(parent, exc)

        return handle
