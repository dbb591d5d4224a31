"""The Consents, Releases and Disclosures tabs, used like a clinician would: drawing on the pad
with the mouse, scrolling the consent to its end, exporting the PDF and reading it back."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QTableWidget, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain import (
    ConfidentialityLimit,
    DisclosureMethod,
    InformationCategory,
    LegalBasis,
    RecipientRole,
)
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.accounting.service import AccountingService
from desktop.services.practice.practitioner import Profile
from desktop.services.releases.service import DisclosureDetails, ReleaseInput
from desktop.ui.consents.consents_tab import ConsentsTab
from desktop.ui.consents.disclosures_tab import DisclosuresTab
from desktop.ui.consents.export_prompt import PasswordPromptDialog
from desktop.ui.consents.release_dialog import ReleaseDisclosureDialog
from desktop.ui.consents.releases_tab import ReleasesTab
from desktop.ui.consents.revoke_dialog import RevokeDialog
from desktop.ui.consents.sign_dialog import SignConsentDialog
from desktop.ui.consents.signature_pad import SignaturePad
from desktop.ui.consents.tab_factories import CONSENT_TAB_FACTORIES
from desktop.ui.context import AppContext
from desktop.workflow.client_views import ClientInput
from desktop.workflow.disclosures import DisclosureInput
from tests.support.consents import sign
from tests.support.pdf import image_count, pdf_text
from tests.support.statements import recorded_statements
from tests.ui.conftest import wait_idle

PRACTITIONER = "Dr. Robin Vale"
CLIENT = "Zoë Nguyễn"
W = TypeVar("W", bound=QWidget)
T = TypeVar("T")
STROKE = [(30, 60), (60, 30), (90, 75), (120, 35), (150, 70), (190, 50)]


@pytest.fixture
def client_id(context: AppContext) -> int:
    """A practitioner profile with credentials and one adult client, made through services."""

    def setup() -> int:
        context.practitioner.save(
            Profile(full_name=PRACTITIONER, jurisdiction="CA", credentials="PhD, Psychologist")
        )
        context.vault.actor = PRACTITIONER
        return context.clients.create(
            ClientInput(first_name="Zoë", last_name="Nguyễn", date_of_birth=date(1990, 3, 4))
        )

    return context.worker.call(setup)


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[QWidget]:
    widget = QWidget()
    QVBoxLayout(widget)
    widget.resize(1000, 700)
    qtbot.addWidget(widget)
    yield widget


def on_worker(context: AppContext, work: Callable[[], T]) -> T:
    return context.worker.call(work)


def open_tab(qtbot: QtBot, context: AppContext, host: QWidget, title: str, client: int) -> QWidget:
    tab = CONSENT_TAB_FACTORIES[title](context, client, host)
    layout = host.layout()
    assert layout is not None
    layout.addWidget(tab)
    host.show()
    qtbot.waitExposed(host)
    wait_idle(qtbot, context.worker)
    return tab


def child(parent: QWidget, kind: type[W]) -> W:
    found = [w for w in parent.findChildren(kind) if w.isVisible()]
    assert len(found) == 1, f"expected one open {kind.__name__}"
    return found[0]


def draw(qtbot: QtBot, pad: SignaturePad, points: list[tuple[int, int]] = STROKE) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard does, accented letters included (QTest.keyClicks is ASCII-only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(qtbot: QtBot, table: QTableWidget, row: int) -> None:
    item = table.item(row, 0)
    assert item is not None
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(item).center()
    )


def cells(table: QTableWidget, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]  # type: ignore[union-attr]


def open_sign_dialog(qtbot: QtBot, tab: ConsentsTab) -> SignConsentDialog:
    click(qtbot, tab.sign_button)
    dialog = child(tab, SignConsentDialog)
    qtbot.waitExposed(dialog)
    wait_idle(qtbot, tab.context.worker)
    qtbot.waitUntil(lambda: bool(dialog.text.toPlainText()), timeout=5000)
    return dialog


def scroll_to_end(qtbot: QtBot, dialog: SignConsentDialog) -> None:
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_End)
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)


def save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    def fake(*_args: object, **_kwargs: object) -> tuple[str, str]:
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))


# ----- consents -----------------------------------------------------------------------------


def test_sign_by_drawing_then_export_the_pdf(
    qtbot: QtBot,
    context: AppContext,
    host: QWidget,
    client_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tab = open_tab(qtbot, context, host, "Consents", client_id)
    assert isinstance(tab, ConsentsTab)
    assert "Needs a new consent: no consent on file" in tab.status.text()
    dialog = open_sign_dialog(qtbot, tab)
    assert dialog.template.currentData() == "informed-consent-adult"
    assert not dialog.guardian_box.isVisible()

    type_text(dialog.signer_name, CLIENT)
    draw(qtbot, dialog.client_signature.pad)
    draw(qtbot, dialog.practitioner_signature.pad, [(20, 40), (80, 60), (140, 30), (200, 70)])
    qtbot.wait(50)
    assert not dialog.ok_button.isEnabled(), "Sign must wait until the text was read"
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, context.worker)
    assert on_worker(context, lambda: context.consents.for_client(client_id)) == []

    before = datetime.now(UTC)
    scroll_to_end(qtbot, dialog)
    assert dialog.read_to_end_at is not None and dialog.read_to_end_at >= before
    with qtbot.waitSignal(dialog.completed, timeout=10_000):
        click(qtbot, dialog.ok_button)
    wait_idle(qtbot, context.worker)

    [signed] = on_worker(context, lambda: context.consents.for_client(client_id))
    assert signed.signer_name == CLIENT and signed.practitioner_name == PRACTITIONER
    assert signed.read_to_end_at <= signed.signed_at
    ink = Image.open(io.BytesIO(signed.signature_png)).convert("L")
    assert ink.getextrema()[0] < 80  # dark ink on a white background
    assert cells(tab.section.table, 3) == ["current"]
    assert "current" in tab.status.text()

    out = tmp_path / "export" / "consent.pdf"
    out.parent.mkdir()
    save_as(monkeypatch, out)
    click_row(qtbot, tab.section.table, 0)
    click(qtbot, tab.export_button)
    prompt = child(tab, PasswordPromptDialog)
    click(qtbot, prompt.save_button)
    wait_idle(qtbot, context.worker)
    assert "Saved the PDF" in tab.message.text()

    text = pdf_text(out)
    assert CLIENT in text
    assert f"Version {signed.template_version} of" in text and signed.template_key not in text
    for limit in ConfidentialityLimit:
        assert limit.label in text, limit
    assert image_count(out) >= 2  # the client's signature and the countersignature


def test_an_empty_pad_is_refused_with_a_message(
    qtbot: QtBot, context: AppContext, host: QWidget, client_id: int
) -> None:
    tab = open_tab(qtbot, context, host, "Consents", client_id)
    assert isinstance(tab, ConsentsTab)
    dialog = open_sign_dialog(qtbot, tab)
    scroll_to_end(qtbot, dialog)
    type_text(dialog.signer_name, CLIENT)
    draw(qtbot, dialog.practitioner_signature.pad)
    draw(qtbot, dialog.client_signature.pad)
    click(qtbot, dialog.client_signature.clear_button)
    assert dialog.client_signature.pad.is_empty()
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, context.worker)
    assert "signature is missing" in dialog.message.text()
    assert "Traceback" not in dialog.message.text()
    assert dialog.isVisible()
    assert on_worker(context, lambda: context.consents.for_client(client_id)) == []


def test_revoking_shows_revoked_and_a_new_version_flags_re_consent(
    qtbot: QtBot, context: AppContext, host: QWidget, client_id: int
) -> None:
    first = on_worker(context, lambda: sign(context.vault, client_id))
    tab = open_tab(qtbot, context, host, "Consents", client_id)
    assert isinstance(tab, ConsentsTab)
    assert cells(tab.section.table, 3) == ["current"]

    def new_version() -> None:
        [adult] = [t for t in context.templates.templates() if not t.for_minor]
        context.templates.edit_template(
            adult.key, adult.title, adult.body + "\nSessions last 50 minutes.\n", adult.limits
        )

    on_worker(context, new_version)
    tab.refresh()
    wait_idle(qtbot, context.worker)
    assert cells(tab.section.table, 3) == ["outdated"]
    assert "signed on version 1; version 2 is current" in tab.status.text()

    click_row(qtbot, tab.section.table, 0)
    click(qtbot, tab.revoke_button)
    dialog = child(tab, RevokeDialog)
    qtbot.keyClicks(dialog.reason, "Client withdrew consent in session.")
    with qtbot.waitSignal(dialog.completed, timeout=10_000):
        click(qtbot, dialog.ok_button)
    wait_idle(qtbot, context.worker)
    assert cells(tab.section.table, 3) == ["revoked"]
    assert "Needs a new consent: revoked" in tab.status.text()
    view = on_worker(context, lambda: context.consents.get(first, audit_view=False))
    assert view.revocation is not None
    assert view.revocation.reason == "Client withdrew consent in session."


def test_the_consents_tab_lists_without_reading_text_or_signatures(
    qtbot: QtBot, context: AppContext, host: QWidget, client_id: int
) -> None:
    on_worker(context, lambda: sign(context.vault, client_id))
    with recorded_statements(context.vault.engine) as seen:
        tab = open_tab(qtbot, context, host, "Consents", client_id)
    assert isinstance(tab, ConsentsTab)
    assert cells(tab.section.table, 3) == ["current"]
    consent_reads = [s for s in seen if "FROM consents" in s]
    assert consent_reads, "the tab reads the consents table"
    for column in ("rendered_text", "signature_png"):
        assert not [s for s in consent_reads if column in s], column

    with recorded_statements(context.vault.engine) as opened:
        click_row(qtbot, tab.section.table, 0)
        click(qtbot, tab.view_button)
        wait_idle(qtbot, context.worker)
    assert [s for s in opened if "rendered_text" in s], "opening one reads its text"


# ----- releases and disclosures ---------------------------------------------------------------


def release_input(client_id: int, expires_in_days: int) -> ReleaseInput:
    return ReleaseInput(
        client_id=client_id,
        recipient_name="Dr. Ada Park",
        recipient_role=RecipientRole.CLINICIAN,
        recipient_address="12 Elm St, Oakland CA",
        information_description="Diagnosis and dates of treatment",
        purpose="Coordination of care with the psychiatrist",
        signer_name=CLIENT,
        signed_at=datetime.now(UTC) - timedelta(days=2),
        expires_on=date.today() + timedelta(days=expires_in_days),
    )


def test_a_disclosure_under_a_revoked_release_is_refused(
    qtbot: QtBot, context: AppContext, host: QWidget, client_id: int
) -> None:
    on_worker(context, lambda: context.releases.create(release_input(client_id, 10)))
    tab = open_tab(qtbot, context, host, "Releases", client_id)
    assert isinstance(tab, ReleasesTab)
    assert cells(tab.section.table, 3) == ["active, 10 days left (expires soon)"]
    assert "expire within 30 days" in tab.section.message.text()

    click_row(qtbot, tab.section.table, 0)
    click(qtbot, tab.revoke_button)
    revoke = child(tab, RevokeDialog)
    with qtbot.waitSignal(revoke.completed, timeout=10_000):
        click(qtbot, revoke.ok_button)
    wait_idle(qtbot, context.worker)
    assert cells(tab.section.table, 3) == ["revoked"]

    click_row(qtbot, tab.section.table, 0)
    click(qtbot, tab.disclose_button)
    dialog = child(tab, ReleaseDisclosureDialog)
    click(qtbot, dialog.categories[InformationCategory.DIAGNOSIS])
    qtbot.keyClicks(dialog.description, "Diagnosis and last session date, by phone")
    click(qtbot, dialog.ok_button)
    wait_idle(qtbot, context.worker)
    assert "This release was revoked" in dialog.message.text()
    assert "Nothing was recorded" in dialog.message.text()
    log = on_worker(context, lambda: AccountingService(context.vault).full_log(client_id))
    assert log.entries == ()


def add_threat_disclosure(context: AppContext, client_id: int) -> None:
    data = DisclosureInput(
        client_id=client_id,
        disclosed_at=datetime.now(UTC) - timedelta(days=3),
        recipient_name="Oakland Police Department",
        recipient_role=RecipientRole.LAW_ENFORCEMENT,
        method=DisclosureMethod.PHONE,
        categories=(InformationCategory.IDENTITY, InformationCategory.NATURE_OF_THREAT),
        description="Name and the nature of the threat",
        purpose="Warn of a serious and imminent threat",
        legal_basis=LegalBasis.SERIOUS_THREAT,
        minimum_necessary="Only what the police needed to act",
    )
    with context.vault.session() as session:
        add_disclosure(session, context.vault.actor, data)


def test_accounting_view_log_and_an_overdue_request(
    qtbot: QtBot,
    context: AppContext,
    host: QWidget,
    client_id: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def setup() -> None:
        release = context.releases.create(release_input(client_id, 200))
        details = DisclosureDetails(
            disclosed_at=datetime.now(UTC) - timedelta(days=1),
            method=DisclosureMethod.SECURE_MESSAGE,
            categories=(InformationCategory.DIAGNOSIS,),
            description="Diagnosis summary",
        )
        context.releases.record_disclosure_under_release(release, details)
        add_threat_disclosure(context, client_id)
        AccountingService(context.vault).record_request(
            client_id, date.today() - timedelta(days=61)
        )

    on_worker(context, setup)
    tab = open_tab(qtbot, context, host, "Disclosures", client_id)
    assert isinstance(tab, DisclosuresTab)
    assert cells(tab.accounting.table, 1) == ["Oakland Police Department"]
    assert "45 CFR 164.512(j)" in cells(tab.accounting.table, 4)[0]
    assert cells(tab.requests.table, 5) == ["overdue"]

    click(qtbot, tab.full_log)
    assert tab.views.currentWidget() is tab.log
    listed = cells(tab.log.table, 4)
    assert len(listed) == 2
    assert any(
        text.startswith("No, exempt: Under the client's signed authorization") for text in listed
    )

    out = tmp_path / "log.csv"
    save_as(monkeypatch, out)
    click(qtbot, tab.export_csv)
    wait_idle(qtbot, context.worker)
    exported = out.read_text(encoding="utf-8-sig")
    assert "Oakland Police Department" in exported and "Dr. Ada Park" in exported
