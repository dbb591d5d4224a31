"""More screens for the screenshot program: the first-run window's pages, the template, release
disclosure, incident launch, report-signing and client record dialogs, and the list of dialogs
not shot yet.

``dialog_classes`` finds every QDialog subclass under desktop/ui, so a new dialog is either
shown by the program or named in ``NOT_SHOT`` with the reason (tests/ui/test_screenshots.py).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from pathlib import Path

FIRST_RUN_SIZE = (760, 600)  # the first-run window's own size at start
FIRST_RUN_PAGES = ("welcome", "location", "passphrase", "recovery", "profile")

# Dialogs the program does not show, each with why. Remove a name once it is shot.
NOT_SHOT = {
    "WorkerDialog": "the base of the small dialogs, never shown by itself",
    "ConfirmRestoreBox": "a QMessageBox: Qt sizes it to its own text",
}


def dialog_classes() -> set[str]:
    """The names of every QDialog subclass defined under desktop/ui."""
    from PySide6.QtWidgets import QDialog

    import desktop.ui

    for module in pkgutil.walk_packages(desktop.ui.__path__, "desktop.ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    pending = list(QDialog.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("desktop.ui."):
            found.add(cls.__name__)
    return found


def more_dialogs(
    context: object, window: object, wizard: Callable[[], object]
) -> dict[str, Callable[[], object]]:
    """The template, release disclosure, incident launch and report-signing dialogs."""
    from desktop.ui.client_record.incidents_tab import ExceptionTypeDialog
    from desktop.ui.consents.release_dialog import ReleaseDisclosureDialog
    from desktop.ui.consents.template_editor import TemplateEditDialog, TemplateVersionsDialog

    worker = context.worker  # type: ignore[attr-defined]
    templates = worker.call(context.templates.templates)  # type: ignore[attr-defined]
    clients = worker.call(context.clients.list)  # type: ignore[attr-defined]
    eli = next(c.id for c in clients if c.display_name.startswith("Eli"))
    releases = worker.call(lambda: context.releases.for_client(eli))  # type: ignore[attr-defined]

    def export() -> object:
        actions = wizard().controller  # type: ignore[attr-defined]
        actions.export()
        return actions.dialog

    def not_applicable() -> object:
        actions = wizard().controller  # type: ignore[attr-defined]
        actions.mark_not_applicable()
        return actions.dialog

    return {
        "dialog-template-edit": lambda: _shown(TemplateEditDialog(context, templates[0], window)),  # type: ignore[arg-type]
        "dialog-template-versions": lambda: _shown(
            TemplateVersionsDialog(context, templates[0], window)  # type: ignore[arg-type]
        ),
        "dialog-release-disclosure": lambda: _shown(
            ReleaseDisclosureDialog(context, releases[0], window)  # type: ignore[arg-type]
        ),
        "dialog-start-incident": lambda: _shown(ExceptionTypeDialog(window)),  # type: ignore[arg-type]
        "dialog-replace-signing-identity": lambda: _replace_identity(window),
        "dialog-wizard-export": export,
        "dialog-wizard-not-applicable": not_applicable,
    } | _record_dialogs(context, window, eli, releases[0])


def _record_dialogs(
    context: object, window: object, client_id: int, release: object
) -> dict[str, Callable[[], object]]:
    """The client record's smaller dialogs: a signed consent, revoking, accounting requests."""
    from desktop.ui.consents.accounting_dialogs import (
        DeliveredDialog,
        ExtendRequestDialog,
        RecordRequestDialog,
        SuspensionDialog,
    )
    from desktop.ui.consents.consent_detail import AddendumDialog, ConsentViewDialog
    from desktop.ui.consents.consents_tab import REVOKE_HINT
    from desktop.ui.consents.export_prompt import PasswordPromptDialog
    from desktop.ui.consents.releases_tab import ReleaseTextDialog
    from desktop.ui.consents.revoke_dialog import RevokeDialog

    service = context.consents  # type: ignore[attr-defined]
    consent = context.worker.call(lambda: service.for_client(client_id))[0].id  # type: ignore[attr-defined]

    def revoke(when: object, reason: str) -> object:  # runs only if Revoke is pressed
        return service.revoke(consent, when, reason)

    return {
        "dialog-consent-view": lambda: _shown(ConsentViewDialog(context, consent, window)),  # type: ignore[arg-type]
        "dialog-consent-addendum": lambda: _shown(AddendumDialog(context, consent, window)),  # type: ignore[arg-type]
        "dialog-consent-revoke": lambda: _shown(
            RevokeDialog(context, "consent", REVOKE_HINT, revoke, window)  # type: ignore[arg-type]
        ),
        "dialog-consent-pdf-password": lambda: _shown(PasswordPromptDialog(window)),  # type: ignore[arg-type]
        "dialog-release-text": lambda: _shown(ReleaseTextDialog(release, window)),  # type: ignore[arg-type]
        "dialog-accounting-request": lambda: _shown(
            RecordRequestDialog(context, client_id, window)  # type: ignore[arg-type]
        ),
        "dialog-accounting-suspension": lambda: _shown(
            SuspensionDialog(context, client_id, window)  # type: ignore[arg-type]
        ),
        "dialog-accounting-extend": lambda: _shown(
            ExtendRequestDialog(context, _open_request(context, client_id), window)  # type: ignore[arg-type]
        ),
        "dialog-accounting-delivered": lambda: _shown(
            DeliveredDialog(context, _open_request(context, client_id), window)  # type: ignore[arg-type]
        ),
    }


def _open_request(context: object, client_id: int) -> object:
    """The client's open request for an accounting, recorded in the demo vault on first use.

    Only the dialogs shot after the client record's tabs see it.
    """
    from datetime import date, timedelta

    from desktop.services.accounting.service import AccountingService

    service = AccountingService(context.vault)  # type: ignore[attr-defined]

    def load() -> object:
        if not service.requests_for(client_id):
            service.record_request(client_id, date.today() - timedelta(days=10))
        return service.requests_for(client_id)[0]

    return context.worker.call(load)  # type: ignore[attr-defined]


def _replace_identity(window: object) -> object:
    """Settings › Report signing › Replace identity…: the reason for a new signing identity."""
    from PySide6.QtWidgets import QInputDialog

    from desktop.ui.pages.settings import SettingsPage

    page = window.findChild(SettingsPage)  # type: ignore[attr-defined]
    page.signing.rotate_button.click()
    return page.window().findChildren(QInputDialog)[-1]


def first_run_pages(worker: object) -> dict[str, Callable[[], object]]:
    """Each page of the first-run window, as a new user sees it before typing."""
    from desktop.storage.recovery_key import RECOVERY_KEY_BYTES, format_recovery_key
    from desktop.ui.first_run import FirstRunWindow

    made: list[FirstRunWindow] = []

    def page(index: int) -> Callable[[], object]:
        def show() -> object:
            if not made:
                folder = Path(os.environ["CONFIDE_HOME"]) / "new-vault"
                made.append(FirstRunWindow(worker, folder))  # type: ignore[arg-type]
                made[0].show()
            shown = made[0]
            if FIRST_RUN_PAGES[index] == "recovery":  # a made-up key: nothing is created
                shown.recovery.set_key(format_recovery_key(bytes(RECOVERY_KEY_BYTES)), "vault")
            shown.pages.setCurrentIndex(index)
            return shown

        return show

    return {f"first-run-{name}": page(index) for index, name in enumerate(FIRST_RUN_PAGES)}


def _shown(dialog: object) -> object:
    dialog.show()  # type: ignore[attr-defined]
    return dialog
