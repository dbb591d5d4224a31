"""The main window: navigation, status bar, Lock (Ctrl+L) and auto-lock. Thin by design: it
builds the pages, hands each the AppContext, and switches between content and lock screen."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QEventLoop, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.demo import DEMO_PASSPHRASE
from desktop.resources import RESOURCES_DIR
from desktop.settings import Settings
from desktop.ui.context import AppContext
from desktop.ui.idle import IdleWatcher
from desktop.ui.pages import Page
from desktop.ui.pages.audit_log import AuditLogPage
from desktop.ui.pages.clients import ClientsPage
from desktop.ui.pages.consents_overview import ConsentsOverviewPage
from desktop.ui.pages.dashboard import DashboardPage
from desktop.ui.pages.incidents import IncidentsPage
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.screen_lock import ScreenLockWatcher
from desktop.ui.unlock import APP_TITLE, UnlockWidget
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.elided_tips import ElidedCellTips
from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import BusyIndicator

log = logging.getLogger("confide.ui.main")
PAGES: tuple[tuple[type[Page], str], ...] = (
    (DashboardPage, "dashboard"),
    (ClientsPage, "clients"),
    (IncidentsPage, "incidents"),
    (ConsentsOverviewPage, "consents"),
    (AuditLogPage, "audit"),
    (SettingsPage, "settings"),
)
CONTENT, LOCK_SCREEN = 0, 1
AUTO_BACKUP_MINUTES = 15  # while unlocked, back up this often if anything changed
DEMO_HINT = f"This is the demo vault of invented clients. Its passphrase is: {DEMO_PASSPHRASE}"


def icon(name: str) -> QIcon:
    return QIcon(str(RESOURCES_DIR / "icons" / f"{name}.svg"))


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: AppContext,
        *,
        idle_timeout_ms: int | None = None,
        auto_backup_ms: int = AUTO_BACKUP_MINUTES * 60_000,
    ) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.context = context
        self._idle_override = idle_timeout_ms  # tests shorten the idle time
        self._hidden: list[QWidget] = []
        self.pages: list[Page] = [page_class(context) for page_class, _icon in PAGES]
        self.nav = named(QListWidget(), "Sections")
        self.page_stack = QStackedWidget()
        self.unlock = UnlockWidget(
            context.worker, context.session.folder, lambda: context.settings.value
        )
        self.screens = QStackedWidget()
        self.idle = IdleWatcher(self._idle_ms(context.settings.value), self)
        self.auto_backup = QTimer(self)
        self.auto_backup.setInterval(auto_backup_ms)
        self.auto_backup.timeout.connect(context.session.back_up_if_changed)
        self.watch_screen_lock(ScreenLockWatcher(self))
        self.cell_tips = ElidedCellTips(self)
        self._build_content()
        self._build_actions()
        self._build_status_bar()
        self._connect()
        self.resize(1100, 760)
        self._on_unlocked_screen()

    # ----- building -------------------------------------------------------------------------

    def _build_content(self) -> None:
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setObjectName("navigation")
        for (page_class, icon_name), page in zip(PAGES, self.pages, strict=True):
            QListWidgetItem(icon(icon_name), page_class.title, self.nav)
            self.page_stack.addWidget(scroll_down(page, page_class.title))
        self.nav.ensurePolished()
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12)
        content = QWidget()
        row = QHBoxLayout(content)
        row.addWidget(self.nav)
        row.addWidget(self.page_stack, 1)
        self.screens.addWidget(content)
        self.screens.addWidget(self.unlock)
        self.setCentralWidget(self.screens)

    def _build_actions(self) -> None:
        self.lock_action = QAction(icon("lock"), "&Lock", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_action.triggered.connect(self.lock)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu("&File")
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("&Go")
        self.page_actions: list[QAction] = []
        for index, page in enumerate(self.pages):
            action = QAction(page.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _c=False, i=index: self.show_page(i))
            go_menu.addAction(action)
            self.page_actions.append(action)
        toolbar = self.addToolBar("Vault")
        toolbar.setObjectName("vaultToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.lock_action)
        for widget in toolbar.findChildren(QWidget):
            if not widget.accessibleName():
                named(widget, "Lock")

    def _build_status_bar(self) -> None:
        folder = self.context.session.folder.name
        kind = "Demo vault (synthetic data)" if self.context.is_demo else "Vault"
        self.vault_label = named(QLabel(f"{kind}: {folder}"), "Vault")
        self.state_label = named(QLabel(), "Lock state")
        self.busy = BusyIndicator("Working…")
        self.backup_busy = named(BusyIndicator("Backing up…"), "Backing up")
        self.statusBar().addWidget(self.vault_label)
        self.statusBar().addWidget(self.busy, 1)
        self.statusBar().addWidget(self.backup_busy)
        self.statusBar().addPermanentWidget(self.state_label)

    def _connect(self) -> None:
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        for page in self.pages:
            page.go_to.connect(self._on_page_go_to)
        self.context.session.locked.connect(self._on_locked)
        self.context.session.unlocked.connect(self._on_unlocked)
        self.context.session.restore_failed.connect(self._on_restore_failed)
        self.context.session.backup_started.connect(self.backup_busy.start)
        self.context.session.backup_finished.connect(lambda _result: self.backup_busy.stop())
        self.unlock.unlocked.connect(self.context.session.adopt)
        self.context.settings.changed.connect(self._on_settings_changed)
        self.context.worker.busy_changed.connect(self._on_worker_busy_changed)
        self.idle.idle.connect(self._on_idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.installEventFilter(self.cell_tips)

    # ----- navigation -----------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        """Go to a page; going to the page already shown reloads it."""
        if index == self.nav.currentRow():
            self.pages[index].refresh()
        else:
            self.nav.setCurrentRow(index)

    def _on_page_go_to(self, page_class: object) -> None:
        for index, page in enumerate(self.pages):
            if type(page) is page_class:
                self.show_page(index)
                return

    def current_page(self) -> Page:
        return self.pages[self.page_stack.currentIndex()]

    def _on_nav_current_row_changed(self, row: int) -> None:
        if row < 0 or self.context.session.is_locked:
            return
        self.page_stack.setCurrentIndex(row)
        self.pages[row].refresh()

    # ----- locking --------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.screens.currentIndex() == LOCK_SCREEN

    def lock(self) -> None:
        """Save drafts, hide every window's content and lock the vault."""
        if not self.context.session.is_locked:
            self.context.session.lock()

    def watch_screen_lock(self, watcher: ScreenLockWatcher) -> None:
        """Lock when ``watcher`` hears that the screen locked or the computer is suspending."""
        watcher.lock_requested.connect(self._on_screen_locked)

    def _on_screen_locked(self, reason: str) -> None:
        log.info("locking: %s", reason)
        self.lock()

    def _on_idle(self) -> None:
        log.info("auto-lock after idle time")
        self.lock()

    def _on_locked(self) -> None:
        self.idle.stop()
        self.auto_backup.stop()
        self.context.drafts.save_all()
        self._hide_other_windows()
        for page in self.pages:
            page.clear()
        self.unlock.reset(DEMO_HINT if self.context.is_demo else "")
        self.screens.setCurrentIndex(LOCK_SCREEN)
        self._set_locked_controls(True)
        self.unlock.focus_passphrase()

    def _hide_other_windows(self) -> None:
        self._hidden = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self and w.isVisible() and w.isWindow()
        ]
        for window in self._hidden:
            window.hide()

    def _on_unlocked(self) -> None:
        self._on_unlocked_screen()
        for window in self._hidden:
            if shiboken6.isValid(window):
                window.show()
        self._hidden = []
        self.context.drafts.restore_all()
        for window in list(self.context.windows.values()):
            refresh = getattr(window, "refresh", None)
            if shiboken6.isValid(window) and callable(refresh):
                refresh()

    def _on_unlocked_screen(self) -> None:
        self.screens.setCurrentIndex(CONTENT)
        self._set_locked_controls(False)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(0)
        else:
            self.current_page().refresh()
        self.idle.start()
        if self.context.session.auto_backup_enabled:
            self.auto_backup.start()

    def _on_restore_failed(self, exc: BaseException) -> None:
        message = "The restore did not finish; the vault is locked. Unlock it to go on."
        self.unlock.reset(message)
        self.unlock.message.show_error(exc)

    def _set_locked_controls(self, locked: bool) -> None:
        self.lock_action.setEnabled(not locked)
        for action in self.page_actions:
            action.setEnabled(not locked)
        self.state_label.setText("Locked" if locked else "Unlocked")

    # ----- settings, status, closing --------------------------------------------------------

    def _idle_ms(self, settings: Settings) -> int:
        if self._idle_override is not None:
            return self._idle_override
        return settings.auto_lock_minutes * 60_000

    def _on_settings_changed(self, settings: Settings) -> None:
        self.idle.set_timeout_ms(self._idle_ms(settings))

    def _on_worker_busy_changed(self, busy: bool) -> None:
        if busy:
            self.busy.start()
        else:
            self.busy.stop()

    def closeEvent(self, event: QCloseEvent) -> None:
        log.info("main window closing")
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
            app.removeEventFilter(self.cell_tips)
        self.idle.stop()
        for window in QApplication.topLevelWidgets():
            if window is not self and window.isVisible():
                window.close()
        self._lock_before_closing()
        super().closeEvent(event)

    def _lock_before_closing(self) -> None:
        """Back up (if anything changed) and lock on the worker; the window keeps painting
        ("Backing up…") in a local event loop instead of freezing until it is done."""
        session = self.context.session
        if session.is_locked:
            return
        self.auto_backup.stop()
        self.unlock.setEnabled(False)
        loop = QEventLoop()
        finished: list[bool] = []

        def done() -> None:
            finished.append(True)
            loop.quit()

        session.close_in_background(done)
        if not finished:
            loop.exec()
