"""Screenshots of the app on the demo vault, with a layout check of each screen.

Run as a program so the scale can be chosen before Qt starts:

    QT_QPA_PLATFORM=offscreen python -m tests.ui.screenshots OUT_DIR [--scale 1.5] [--dark]

It builds a demo vault in a temporary folder, opens the pages, a client record's tabs, the
wizard's eight steps and dialogs at 1024×664, or scaled on a 1366×768 laptop screen
(``window_sizes``: 910×512 logical pixels at 150 %), saves one PNG per screen in OUT_DIR
and prints a JSON report: for each screen, the widgets shown smaller
than their minimum size or outside their parent, and the table headers whose text is cut.
docs/guide.md uses the images made at scale 1 (``python -m tests.ui.screenshots docs/screenshots``).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.ui.screenshot_dialogs import (
    FIRST_RUN_PAGES,
    FIRST_RUN_SIZE,
    first_run_pages,
    more_dialogs,
)

SIZE = (1024, 664)
DIALOG_SIZE = (900, 640)
SMALL_SIZE = (720, 480)  # the unlock window's own size at start
SIZES = {"unlock-window": SMALL_SIZE, "unlock-window-recovery": SMALL_SIZE}
SIZES |= {f"first-run-{page}": FIRST_RUN_SIZE for page in FIRST_RUN_PAGES}
NATURAL_SIZE = {
    "dialog-export",
    "dialog-import",
    "dialog-change-passphrase",
    "dialog-new-recovery-key",
    "dialog-restore",
    "dialog-verify-report",
    "dialog-chart-export",
    "dialog-wizard-add-disclosure",
    "dialog-start-incident",
    "dialog-replace-signing-identity",
    "dialog-wizard-export",
    "dialog-wizard-not-applicable",
    "dialog-consent-pdf-password",
    "dialog-consent-revoke",
    "dialog-consent-addendum",
    "dialog-accounting-request",
    "dialog-accounting-suspension",
    "dialog-accounting-extend",
    "dialog-accounting-delivered",
}
LAPTOP = (1366, 768)  # the commonest laptop screen, in device pixels


def window_sizes(scale: float) -> tuple[tuple[int, int], tuple[int, int]]:
    """The main window's and a dialog's size in logical pixels at ``scale``.

    At 100 % a 1024×664 window. Scaled, the window fills a 1366×768 laptop screen: at 150 %
    that is 910×512 logical pixels, with text and controls one and a half times as large, as
    Windows, macOS and Wayland scale them. (X11's larger font DPI gives text the same room
    relative to its size, 1366 / 1.5 = 910, with slightly smaller margins.)
    """
    if scale == 1.0:
        return SIZE, DIALOG_SIZE
    screen = (int(LAPTOP[0] / scale), int(LAPTOP[1] / scale))
    return screen, (min(DIALOG_SIZE[0], screen[0]), min(DIALOG_SIZE[1], screen[1]))


@dataclass
class Report:
    scale: float
    screens: dict[str, list[str]] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)  # the type of every window shown


def _visible_children(root: object) -> Iterator[object]:
    from PySide6.QtWidgets import QWidget

    assert isinstance(root, QWidget)
    for child in root.findChildren(QWidget):
        if child.isVisible() and not child.isWindow():
            yield child


def layout_problems(window: object) -> list[str]:
    """What a person would see cut: squeezed widgets, widgets past their parent, cut headers."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractScrollArea,
        QComboBox,
        QHeaderView,
        QLabel,
        QLineEdit,
        QWidget,
    )

    problems: list[str] = []
    for child in _visible_children(window):
        assert isinstance(child, QWidget)
        name = child.accessibleName() or child.objectName() or type(child).__name__
        parent = child.parentWidget()
        in_scroll = any(
            isinstance(a, QAbstractScrollArea) and a.viewport() is p
            for p in _ancestors(child)
            for a in [p.parentWidget()]
        )
        if parent is not None and not in_scroll and not parent.rect().contains(child.geometry()):
            problems.append(f"{name}: outside its parent")
        if isinstance(child, QAbstractButton | QComboBox | QLineEdit):
            hint = child.minimumSizeHint()
            # 2 px of slack: the style's focus border is 1 px wider than its normal border
            if child.width() < hint.width() - 2 or child.height() < hint.height() - 2:
                size = f"{child.width()}x{child.height()} < {hint.width()}x{hint.height()}"
                problems.append(f"{name}: squeezed below its minimum size ({size})")
        elif isinstance(child, QLabel) and _plain_one_line(child):
            shown = child.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            needed = child.fontMetrics().horizontalAdvance(shown)
            if needed > child.contentsRect().width() + 1:
                problems.append(f"{name} '{child.text()[:40]}': text cut")
        elif isinstance(child, QLabel) and child.wordWrap() and child.text():
            needed = child.heightForWidth(child.width())
            if needed > child.height() + 1:  # the last lines are drawn over or cut off
                problems.append(f"{name} '{child.text()[:40]}': wrapped text cut")
        if isinstance(child, QHeaderView) and child.orientation().value == 1:
            problems += _cut_headers(child)
        if isinstance(child, QAbstractScrollArea) and child.horizontalScrollBar().isVisible():
            problems.append(f"{name}: scrolls sideways ({_widest(child)})")
    return problems


def _widest(area: object) -> str:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractItemView, QScrollArea, QWidget

    if isinstance(area, QAbstractItemView):
        header = getattr(area, "horizontalHeader", lambda: None)()
        if header is None:
            return "items wider than the view"
        model = area.model()
        widths = [
            f"{model.headerData(n, Qt.Orientation.Horizontal)}={header.sectionSize(n)}"
            for n in range(header.count())
            if not header.isSectionHidden(n)
        ]
        return f"columns {', '.join(widths)} in {area.viewport().width()} px"
    if not isinstance(area, QScrollArea) or area.widget() is None:
        return type(area).__name__
    inner = area.widget()
    room = area.viewport().width()  # type: ignore[attr-defined]
    wide = [
        f"{type(w).__name__}:{w.accessibleName()[:30]}:{w.minimumSizeHint().width()}"
        for w in inner.findChildren(QWidget)
        if w.isVisible() and w.minimumSizeHint().width() > room
    ]
    return ", ".join(wide[-4:])


def _plain_one_line(label: object) -> bool:
    from PySide6.QtCore import Qt

    text = label.text()  # type: ignore[attr-defined]
    rich = label.textFormat() == Qt.TextFormat.RichText or "<" in text  # type: ignore[attr-defined]
    return bool(text) and not rich and "\n" not in text and not label.wordWrap()  # type: ignore[attr-defined]


def _ancestors(widget: object) -> Iterator[object]:
    parent = widget.parentWidget()  # type: ignore[attr-defined]
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def _cut_headers(header: object) -> list[str]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHeaderView

    assert isinstance(header, QHeaderView)
    model = header.model()
    if model is None:
        return []
    cut = []
    metrics = header.fontMetrics()
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        if metrics.horizontalAdvance(text) + 8 > header.sectionSize(section):
            cut.append(f"header '{text}': cut")
    return cut


class Camera:
    """Shows screens one by one, waits for the database, saves and checks each."""

    def __init__(self, out: Path, scale: float) -> None:
        self.out, self.report = out, Report(scale)

    def settle(self, worker: object, ms: int = 150) -> None:
        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + 15
        while getattr(worker, "is_busy", False) and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.01)

    def shoot(self, name: str, window: object, worker: object) -> None:
        from PySide6.QtWidgets import QApplication, QDialog, QWidget

        assert isinstance(window, QWidget)
        main, dialog = window_sizes(self.report.scale)
        wanted = SIZES.get(name, dialog if isinstance(window, QDialog) else main)
        wanted = (min(wanted[0], main[0]), min(wanted[1], main[1]))  # never past the screen
        if name in NATURAL_SIZE:  # a small dialog at its own size, if the screen has room
            hint = window.sizeHint()
            wanted = (min(hint.width(), dialog[0]), min(hint.height(), dialog[1]))
        window.resize(*wanted)
        self.settle(worker)
        too_big = window.width() > wanted[0] or window.height() > wanted[1]
        window.grab().save(str(self.out / f"{name}.png"))
        focused = QApplication.focusWidget()
        if focused is not None:  # measure every field as it rests, not with a focus border
            focused.clearFocus()
            self.settle(worker, 50)
        self.report.screens[name] = layout_problems(window)
        self.report.classes.add(type(window).__name__)
        if too_big:  # it would run off the screen: its minimum size is larger than the screen
            size = f"{window.width()}x{window.height()}"
            self.report.screens[name].append(f"window: does not fit {wanted} ({size})")


def run(out: Path, scale: float, *, dark: bool = False) -> Report:
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = Path(tempfile.mkdtemp(prefix="confide-shots-"))
    os.environ["CONFIDE_HOME"] = str(home)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["confide-screenshots"])
    from desktop.demo import DEMO_PASSPHRASE, build_demo_vault
    from desktop.storage.vault import Vault
    from desktop.ui.background import DatabaseWorker
    from desktop.ui.formatting import use_system_locale
    from desktop.ui.style import apply_style
    from tests.ui.conftest import make_context

    assert isinstance(app, QApplication)
    if dark:  # as if the desktop asked for dark colours
        from desktop.ui import style

        style.is_dark_scheme = lambda: True
    apply_style(app)
    use_system_locale()
    build_demo_vault(home / "vault")
    worker = DatabaseWorker()
    vault = worker.call(lambda: Vault.open(home / "vault", DEMO_PASSPHRASE))
    context = make_context(vault, worker, demo=True)
    camera = Camera(out, scale)
    try:
        for name, show in _screens(context).items():
            window = show()
            camera.shoot(name, window, worker)
    finally:
        for widget in QApplication.topLevelWidgets():
            try:
                widget.close()
            except RuntimeError:  # a dialog that deleted itself when its parent closed
                continue
        context.session.close()
        worker.shutdown()
    return camera.report


def _screens(context: object) -> dict[str, Callable[[], object]]:
    from desktop.ui.client_record.opener import open_client_record
    from desktop.ui.consents.sign_dialog import SignConsentDialog
    from desktop.ui.dialogs.client_dialog import ClientDialog
    from desktop.ui.main_window import PAGES, MainWindow
    from desktop.ui.wizard import open_wizard
    from desktop.workflow.steps import ORDER

    window = MainWindow(context)  # type: ignore[arg-type]
    window.show()
    screens: dict[str, Callable[[], object]] = {}
    for index, (_page, key) in enumerate(PAGES):
        screens[f"page-{key}"] = _page_shower(window, index)
    clients = context.worker.call(context.clients.list)  # type: ignore[attr-defined]
    eli = next(c.id for c in clients if c.display_name.startswith("Eli"))
    record_tabs = ("profile", "consents", "releases", "incidents", "disclosures", "notes")
    record: list[object] = []

    def record_tab(index: int) -> Callable[[], object]:
        def show() -> object:
            if not record:
                record.append(open_client_record(context, eli, window))  # type: ignore[arg-type]
            dialog = record[0]
            dialog.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
            return dialog

        return show

    for index, tab in enumerate(record_tabs):
        screens[f"record-{tab}"] = record_tab(index)
    incidents = context.worker.call(context.incidents.open_incidents)  # type: ignore[attr-defined]
    wizard: list[object] = []

    def wizard_step(step: object) -> Callable[[], object]:
        def show() -> object:
            if not wizard:
                wizard.append(open_wizard(context, incidents[0].id, None))  # type: ignore[arg-type]
                Camera(Path(), 1).settle(context.worker)  # type: ignore[attr-defined]
            shown = wizard[0]
            shown.show_step(step)  # type: ignore[attr-defined]
            return shown

        return show

    for step in ORDER:
        screens[f"wizard-{step.number}-{step.value.replace('_', '-')}"] = wizard_step(step)

    def add_disclosure() -> object:
        step = next(s for s in ORDER if s.value == "disclosure")
        editor = wizard[0].pages[step].lists[-1]  # type: ignore[attr-defined]
        editor.add_button.click()
        return editor.dialog

    screens["dialog-wizard-add-disclosure"] = add_disclosure
    screens["dialog-new-client"] = lambda: _dialog(ClientDialog(context, None, window))
    screens["dialog-sign-consent"] = lambda: _dialog(SignConsentDialog(context, eli, window))
    for name, make in _small_dialogs(context, window).items():
        screens[name] = make
    screens |= more_dialogs(context, window, lambda: wizard[0])
    screens["unlock"] = lambda: _locked(window)
    unlock_window: list[object] = []

    def unlock_page(index: int) -> Callable[[], object]:
        def show() -> object:
            if not unlock_window:
                unlock_window.append(_unlock_window(context))
            shown = unlock_window[0]
            shown.form.pages.setCurrentIndex(index)  # type: ignore[attr-defined]
            return shown

        return show

    screens["unlock-window"] = unlock_page(0)
    screens["unlock-window-recovery"] = unlock_page(1)
    screens |= first_run_pages(context.worker)  # type: ignore[attr-defined]
    return screens


def _small_dialogs(context: object, window: object) -> dict[str, Callable[[], object]]:
    from desktop.ui.client_record.chart_dialog import ChartExportDialog
    from desktop.ui.consents.release_dialog import NewReleaseDialog
    from desktop.ui.dialogs.export_dialog import ExportEverythingDialog
    from desktop.ui.dialogs.import_dialog import ImportClientsDialog
    from desktop.ui.dialogs.new_key_dialog import NewRecoveryKeyDialog
    from desktop.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
    from desktop.ui.dialogs.restore_dialog import RestoreDialog
    from desktop.ui.dialogs.verify_report_dialog import VerifyReportDialog

    clients = context.worker.call(context.clients.list)  # type: ignore[attr-defined]
    eli = next(c.id for c in clients if c.display_name.startswith("Eli"))
    folder = context.session.folder  # type: ignore[attr-defined]
    chart = folder.parent / "chart.pdf"  # never written: the dialog is only shown
    return {
        "dialog-chart-export": lambda: _dialog(ChartExportDialog(context, eli, chart, window)),  # type: ignore[arg-type]
        "dialog-new-release": lambda: _dialog(NewReleaseDialog(context, eli, window)),  # type: ignore[arg-type]
        "dialog-export": lambda: _dialog(ExportEverythingDialog(context, window)),  # type: ignore[arg-type]
        "dialog-import": lambda: _dialog(ImportClientsDialog(context, window)),  # type: ignore[arg-type]
        "dialog-change-passphrase": lambda: _dialog(ChangePassphraseDialog(context, window)),  # type: ignore[arg-type]
        "dialog-new-recovery-key": lambda: _dialog(NewRecoveryKeyDialog(context, window)),  # type: ignore[arg-type]
        "dialog-restore": lambda: _dialog(RestoreDialog(folder, window)),  # type: ignore[arg-type]
        "dialog-verify-report": lambda: _dialog(VerifyReportDialog(context, window)),  # type: ignore[arg-type]
    }


def _unlock_window(context: object) -> object:
    """The window shown at start, as a person who typed a wrong passphrase or key sees it."""
    from desktop.errors import WrongPassphraseError, WrongRecoveryKeyError
    from desktop.ui.error_dialogs import message_for
    from desktop.ui.unlock import UnlockWindow

    folder = context.session.folder  # type: ignore[attr-defined]
    settings = context.settings  # type: ignore[attr-defined]
    window = UnlockWindow(context.worker, folder, lambda: settings.value)  # type: ignore[attr-defined]
    window.show()
    form = window.form
    form.passphrase.setText("not the passphrase")
    form.recovery_key.setText("AAAA-BBBB")
    for line, error in (
        (form.passphrase_message, WrongPassphraseError("The passphrase is not correct.")),
        (form.recovery_message, WrongRecoveryKeyError("The recovery key is not correct.")),
    ):
        what, advice = message_for(error)
        line.show_message(f"{what} {advice}", "error")
    return window


def _dialog(dialog: object) -> object:
    dialog.show()  # type: ignore[attr-defined]
    return dialog


def _locked(window: object) -> object:
    from PySide6.QtWidgets import QDialog

    for widget in window.findChildren(QDialog):  # type: ignore[attr-defined]
        widget.close()
    window.lock()  # type: ignore[attr-defined]
    return window


def _page_shower(window: object, index: int) -> Callable[[], object]:
    def show() -> object:
        window.show_page(index)  # type: ignore[attr-defined]
        return window

    return show


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    scale = float(argv[argv.index("--scale") + 1]) if "--scale" in argv else 1.0
    out.mkdir(parents=True, exist_ok=True)
    report = run(out, scale, dark="--dark" in argv)
    shown = {"scale": report.scale, "screens": report.screens, "classes": sorted(report.classes)}
    print(json.dumps(shown, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
