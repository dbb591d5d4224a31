"""Consent templates: the list of templates, editing one (which stores a new version) and
reading every stored version.

An edit never changes a stored version: the service stores version N+1 with its own content
hash. Clients who signed an older version are then listed as needing to sign again, and the
text each of them signed stays exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import ConfidentialityLimit
from desktop.errors import WorkflowError
from desktop.services.consents.templates import KNOWN_PLACEHOLDERS, TemplateService, TemplateView
from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.consents.jobs import run_for
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.column_fit import ColumnFitter
from desktop.ui.widgets.status import MessageLine

NEW_VERSION_NOTE = (
    "Saving stores your text as a new version of this template; the versions before it are "
    "kept exactly as they were. Clients who signed an earlier version will then be listed as "
    "needing to sign again (re-consent). What each client already signed never changes: "
    "their signed consent keeps the exact text they read."
)
PLACEHOLDER_NOTE = "Confide fills in these placeholders when the form is shown: " + ", ".join(
    "{{" + name + "}}" for name in sorted(KNOWN_PLACEHOLDERS)
)
LIMITS_NOTE = (
    "Tick each limit of confidentiality this text explains. Confide uses this list to tell "
    "whether a client was told of a limit before confidentiality is broken."
)
HEADERS = ("Title", "For", "Current version", "Saved", "Versions")
VERSION_HEADERS = ("Version", "Saved", "Fingerprint (SHA-256)")
KeyRole = Qt.ItemDataRole.UserRole + 1  # the template's internal key, on the title cell


def audience(template: TemplateView) -> str:
    return "Minors (a parent or guardian signs)" if template.for_minor else "Adults"


@dataclass(frozen=True)
class TemplateRow:
    """The newest version of a template and how many versions are stored."""

    current: TemplateView
    version_count: int


def load_template_rows(service: TemplateService) -> list[TemplateRow]:
    """Every template's newest version with its number of versions (runs on the worker)."""
    return [
        TemplateRow(view, len(service.template_versions(view.key))) for view in service.templates()
    ]


def edit_if_current(
    service: TemplateService,
    base: TemplateView,
    title: str,
    body: str,
    limits: Sequence[ConfidentialityLimit],
) -> TemplateView:
    """Store the edit as a new version, unless someone stored another version meanwhile.

    Runs on the one database worker, so nothing can slip in between the check and the save.
    """
    newest = service.template_versions(base.key)[-1]
    if newest.version != base.version:
        raise WorkflowError(
            f"Version {newest.version} of this template was saved after you opened it.",
            "Close this window and edit the current version, so no change is lost.",
        )
    return service.edit_template(base.key, title, body, limits)


def _cell(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    return item


def _read_only_table(name: str, headers: Sequence[str]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(list(headers))
    ColumnFitter(table)  # owned by the table
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    return table


class TemplatesPanel(QGroupBox):
    """The consent templates with their current version; Edit… and Versions….

    ``changed`` is emitted after a new version was saved (clients' consent status changes).
    """

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Consent templates", parent)
        self.context = context
        self.rows: list[TemplateRow] = []
        self.table = _read_only_table("Consent templates", HEADERS)
        self.edit_button = named(QPushButton("&Edit…"), "Edit the selected template")
        self.versions_button = named(
            QPushButton("&Versions…"), "Show every version of the selected template"
        )
        self.message = MessageLine("Consent templates: message")
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellActivated.connect(lambda _r, _c: self._on_edit_clicked())
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.versions_button.clicked.connect(self._on_versions_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.versions_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self._update_buttons()

    def refresh(self) -> None:
        service = self.context.templates
        run_for(
            self,
            self.context,
            lambda: load_template_rows(service),
            self._on_loaded,
            self.message.show_error,
        )

    def clear(self) -> None:
        self.rows = []
        self.table.setRowCount(0)
        self.message.clear_message()
        self._update_buttons()

    def selected(self) -> TemplateView | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows) or not self.table.selectionModel().hasSelection():
            return None
        return self.rows[row].current

    def _on_loaded(self, rows: list[TemplateRow]) -> None:
        keep = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            view = row.current
            title = _cell(view.title)
            title.setData(KeyRole, view.key)
            cells = (
                title,
                _cell(audience(view)),
                _cell(str(view.version), f"Fingerprint (SHA-256): {view.content_hash}"),
                _cell(local_time(view.created_at)),
                _cell(str(row.version_count)),
            )
            for column, item in enumerate(cells):
                self.table.setItem(index, column, item)
        self.message.show_message("" if rows else "There are no consent templates.", "info")
        keys = [row.current.key for row in rows]
        if keep is not None and keep.key in keys:
            self.table.selectRow(keys.index(keep.key))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.versions_button.setEnabled(chosen)

    def _on_edit_clicked(self) -> None:
        view = self.selected()
        if view is None:
            return
        dialog = TemplateEditDialog(self.context, view, self.window())
        dialog.completed.connect(self._on_saved)
        dialog.show()

    def _on_saved(self, _view: object) -> None:
        self.refresh()
        self.changed.emit()

    def _on_versions_clicked(self) -> None:
        view = self.selected()
        if view is not None:
            TemplateVersionsDialog(self.context, view, self.window()).show()


class LimitChecklist(QGroupBox):
    """One check box per limit of confidentiality, in the order of the domain enum."""

    def __init__(
        self, chosen: Sequence[ConfidentialityLimit], parent: QWidget | None = None
    ) -> None:
        super().__init__("Limits of confidentiality this text explains", parent)
        self.boxes: dict[ConfidentialityLimit, QCheckBox] = {}
        grid = QGridLayout(self)
        grid.addWidget(hint(LIMITS_NOTE), 0, 0, 1, 2)
        for index, limit in enumerate(ConfidentialityLimit):
            box = named(QCheckBox(limit.label), f"Covers: {limit.label}")
            box.setChecked(limit in chosen)
            self.boxes[limit] = box
            grid.addWidget(box, 1 + index // 2, index % 2)

    def limits(self) -> list[ConfidentialityLimit]:
        return [limit for limit, box in self.boxes.items() if box.isChecked()]


def readable_font(base: QFont) -> QFont:
    """The dialog's proportional font, a little larger, for reading long text."""
    font = QFont(base)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setFixedPitch(False)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * 1.1)
    return font


class TemplateEditDialog(WorkerDialog):
    """Edit the newest version of a template; Save stores the next version.

    ``completed`` carries the new version's TemplateView. A refusal (an unknown placeholder,
    no change, an empty title) is shown inline and nothing is stored.
    """

    def __init__(
        self, context: AppContext, template: TemplateView, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Edit consent template", "&Save new version", parent)
        self.template = template
        self.title_edit = named(QLineEdit(template.title), "Template title")
        self.body_edit = named(QPlainTextEdit(), "Template text")
        self.body_edit.setPlainText(template.body)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setFont(readable_font(self.font()))
        self.limits = LimitChecklist(template.limits)
        self.form.addRow(hint(NEW_VERSION_NOTE))
        self.form.addRow("Template", QLabel(self._describe(template)))
        self.form.addRow("&Title", self.title_edit)
        self.body.addWidget(hint(PLACEHOLDER_NOTE))
        self.body.addWidget(self.body_edit, 1)
        self.body.addWidget(self.limits)
        self.resize(860, 820)

    @staticmethod
    def _describe(template: TemplateView) -> str:
        who = "a minor, signed by a parent or guardian" if template.for_minor else "an adult"
        return (
            f"Version {template.version} (saved {local_time(template.created_at)}); "
            f"a form for {who}"
        )

    def job(self) -> Callable[[], object]:
        base, service = self.template, self.context.templates
        title, body = self.title_edit.text(), self.body_edit.toPlainText()
        limits = self.limits.limits()
        return lambda: edit_if_current(service, base, title, body, limits)


class TemplateVersionsDialog(QDialog):
    """Every stored version of one template: number, date, hash and its text (read-only)."""

    def __init__(
        self, context: AppContext, template: TemplateView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Consent template versions — Confide")
        self.versions: list[TemplateView] = []
        self.table = _read_only_table("Versions of the template", VERSION_HEADERS)
        self.facts = QLabel("")
        self.facts.setWordWrap(True)
        self.text = named(QTextBrowser(), "Text of the selected version (read-only)")
        self.text.setFont(readable_font(self.font()))
        self.message = MessageLine("Template versions: message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        self.table.currentCellChanged.connect(lambda row, _c, _r, _p: self._show_version(row))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(QLabel(f"{template.title} — every version"), 2))
        layout.addWidget(self.table)
        layout.addWidget(self.facts)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(860, 760)
        key = template.key
        service = context.templates
        run_for(
            self,
            context,
            lambda: service.template_versions(key),
            self._on_loaded,
            self.message.show_error,
        )

    def _on_loaded(self, versions: list[TemplateView]) -> None:
        self.versions = versions
        self.table.setRowCount(len(versions))
        for index, view in enumerate(versions):
            self.table.setItem(index, 0, _cell(str(view.version)))
            self.table.setItem(index, 1, _cell(local_time(view.created_at)))
            self.table.setItem(index, 2, _cell(view.content_hash))
        if versions:
            self.table.selectRow(len(versions) - 1)
            self._show_version(len(versions) - 1)

    def _show_version(self, row: int) -> None:
        if not 0 <= row < len(self.versions):
            return
        view = self.versions[row]
        limits = ", ".join(limit.label for limit in view.limits)
        self.facts.setText(
            f"Version {view.version}, saved {local_time(view.created_at)}. "
            f"Title: {view.title}. Limits of confidentiality explained: {limits}."
        )
        self.text.setPlainText(view.body)
