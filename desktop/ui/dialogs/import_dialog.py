"""Settings → Import clients from CSV: map the columns, check (dry run), then import.

The preview shows how the first rows read with the chosen mapping, and every row that would
be refused or skipped as a duplicate, by line number. A mapping can be saved and loaded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ConfideError
from desktop.services.clients.csv_import import (
    DATE_FORMATS,
    FIELD_LABELS,
    ImportResult,
    Mapping,
    guessed_mapping,
    import_clients,
    load_mapping,
    read_csv,
    report_lines,
    save_mapping,
)
from desktop.ui.consents.form_dialog import hint
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import MessageLine

NOT_IN_FILE = "(not in the file)"
PREVIEW_ROWS = 10
PREVIEW_FIELDS = ("first_name", "last_name", "date_of_birth", "email", "phone")
IMPORT_HINT = (
    "Choose a CSV file with one client per row (the template in Confide's resources has every "
    "column). For each field, pick the column that holds it. Check first: nothing is written "
    "until you press Import. Rows with errors and duplicates (same name and date of birth) "
    "are listed by line number and left out."
)


class ImportClientsDialog(QDialog):
    imported = Signal(object)  # ImportResult

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Import clients from CSV — Confide")
        self.context = context
        self.data = b""
        self.headers: tuple[str, ...] = ()
        self.choose_button = named(QPushButton("&Choose CSV file…"), "Choose CSV file")
        self.file_label = QLabel("No file chosen.")
        self.columns: dict[str, QComboBox] = {
            name: named(QComboBox(), f"Column for {label}") for name, label in FIELD_LABELS.items()
        }
        self.date_format = named(QComboBox(), "Date format")
        self.date_format.addItems(list(DATE_FORMATS))
        self.load_button = named(QPushButton("&Load mapping…"), "Load mapping")
        self.save_button = named(QPushButton("Sa&ve mapping…"), "Save mapping")
        self.check_button = named(QPushButton("C&heck (dry run)"), "Check, dry run")
        self.import_button = named(QPushButton("&Import"), "Import")
        self.close_button = named(QPushButton("Close"), "Close")
        self.preview = named(QTableWidget(0, len(PREVIEW_FIELDS)), "Preview of the first rows")
        self.preview.setHorizontalHeaderLabels([FIELD_LABELS[f] for f in PREVIEW_FIELDS])
        self.report = named(QPlainTextEdit(), "Rows left out")
        self.report.setReadOnly(True)
        self.message = MessageLine("Import message")
        self._layout()
        self._connect()
        self._update_buttons()
        self.resize(760, 720)

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        form = QFormLayout()
        for name, combo in self.columns.items():
            form.addRow(FIELD_LABELS[name], combo)
        form.addRow("&Dates are written", self.date_format)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.load_button)
        mapping_row.addWidget(self.save_button)
        mapping_row.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(hint(IMPORT_HINT))
        column.addLayout(top)
        column.addLayout(form)
        column.addLayout(mapping_row)
        column.addWidget(self.preview, 1)
        column.addWidget(self.report, 1)
        column.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll_down(body, "Import settings"), 1)  # many columns to match
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.load_button.clicked.connect(self._on_load_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.check_button.clicked.connect(lambda: self._run(dry_run=True))
        self.import_button.clicked.connect(lambda: self._run(dry_run=False))
        self.close_button.clicked.connect(self.reject)

    # ----- the file and the mapping ---------------------------------------------------------

    def _on_choose_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Choose a CSV file", "", "CSV files (*.csv)")
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` (headers only are parsed here) and match its columns by name."""
        try:
            data = path.read_bytes()
            headers, _rows = read_csv(data)
        except OSError:
            self.message.show_error(ConfideError("The file cannot be read."))
            return
        except ConfideError as exc:
            self.message.show_error(exc)
            return
        self.data, self.headers = data, headers
        self.file_label.setText(path.name)
        for combo in self.columns.values():
            combo.clear()
            combo.addItems([NOT_IN_FILE, *headers])
        self.set_mapping(guessed_mapping(headers))
        self.message.clear_message()
        self._update_buttons()

    def set_mapping(self, mapping: Mapping) -> None:
        for name, combo in self.columns.items():
            header = mapping.columns.get(name)
            combo.setCurrentText(header if header in self.headers else NOT_IN_FILE)
        self.date_format.setCurrentText(mapping.date_format)

    def mapping(self) -> Mapping:
        columns = {
            name: combo.currentText()
            for name, combo in self.columns.items()
            if combo.currentText() not in ("", NOT_IN_FILE)
        }
        return Mapping("saved from the import dialog", columns, self.date_format.currentText())

    def _on_load_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Load a mapping", "", "Mappings (*.json)")
        if not name:
            return
        try:
            self.set_mapping(load_mapping(Path(name)))
        except ConfideError as exc:
            self.message.show_error(exc)

    def _on_save_clicked(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the mapping", "", "Mappings (*.json)")
        if not name:
            return
        try:
            save_mapping(self.mapping(), Path(name))
        except ConfideError as exc:
            self.message.show_error(exc)
            return
        self.message.show_message(f"Mapping saved as {Path(name).name}.", "ok")

    # ----- checking and importing -----------------------------------------------------------

    def _run(self, *, dry_run: bool) -> None:
        vault, data, mapping = self.context.vault, self.data, self.mapping()
        self._set_busy(True)
        self.context.worker.run(
            lambda: import_clients(vault, data, mapping, dry_run=dry_run),
            self._on_done,
            self._on_failed,
        )

    def _on_done(self, result: ImportResult) -> None:
        self._set_busy(False)
        lines = report_lines(result)
        self.report.setPlainText("\n".join(lines[1:]))
        self._show_preview(result)
        self.message.show_message(lines[0], "ok" if not result.plan.errors else "info")
        if not result.dry_run:
            self.data = b""  # imported: a second press must not import the rows again
            self.imported.emit(result)
        self._update_buttons()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.message.show_error(exc)

    def _show_preview(self, result: ImportResult) -> None:
        rows = result.plan.ready[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for number, (_line, form) in enumerate(rows):
            for column, field in enumerate(PREVIEW_FIELDS):
                value = getattr(form, field)
                text = "" if value is None else str(value)
                self.preview.setItem(number, column, QTableWidgetItem(text))

    def _set_busy(self, busy: bool) -> None:
        for button in (self.check_button, self.import_button, self.choose_button):
            button.setEnabled(not busy)
        if not busy:
            self._update_buttons()

    def _update_buttons(self) -> None:
        ready = bool(self.data)
        for widget in (self.check_button, self.import_button, self.save_button):
            widget.setEnabled(ready)
