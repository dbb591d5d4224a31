"""A small reusable list editor: a read-only table, "Add…" (a dialog built from the input
dataclass) and "Remove". Rows are added and removed through the incident service on the
database worker; ``changed`` tells the window to reload."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.incidents.service import IncidentView
from desktop.services.releases.service import ReleaseService
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.column_fit import ColumnFitter
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard.form import DataclassForm
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.list_specs import BuildExtras, ListSpec
from desktop.ui.wizard.release_picker import ReleasePicker

RowIdRole = Qt.ItemDataRole.UserRole + 1


class ItemDialog(QDialog):
    """Asks for one row; stays open with the service's message if the row is refused."""

    added = Signal(int)

    def __init__(self, spec: ListSpec, jobs: IncidentJobs, client_id: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"Add {spec.item} — Confide")
        self._spec, self._jobs, self._client_id = spec, jobs, client_id
        self.attachment: Path | None = None
        self.file_dialog: QFileDialog | None = None
        self.form = DataclassForm(spec.input_cls, spec.options)
        self.message = MessageLine(f"Add {spec.item} message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Ok), "Add")
        self.ok_button.setText("&Add")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_add_clicked)
        self.buttons.rejected.connect(self.reject)
        self.release_picker: ReleasePicker | None = None
        if spec.release_picker:
            self.release_picker = ReleasePicker(self.form, client_id)
            picker = self.release_picker
            jobs.run_on_vault(
                lambda vault: ReleaseService(vault).for_client(client_id),
                picker.set_releases,
                self.message.show_error,
                owner=self,
            )
        self._layout()

    def _layout(self) -> None:
        scroll = named(QScrollArea(), f"New {self._spec.item}")
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        if self.release_picker is not None:
            layout.addWidget(self.release_picker)
        layout.addWidget(scroll, 1)
        if self._spec.attachments:
            layout.addLayout(self._attachment_row())
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(620, 560)

    def _attachment_row(self) -> QHBoxLayout:
        self.attach_button = named(
            QPushButton("Attach &file…"), "Attach file", "Kept encrypted inside the vault"
        )
        self.attach_button.clicked.connect(self._on_attach_clicked)
        self.attachment_label = QLabel("No file attached.")
        row = QHBoxLayout()
        row.addWidget(self.attach_button)
        row.addWidget(self.attachment_label, 1)
        return row

    def _on_attach_clicked(self) -> None:
        chooser = QFileDialog(self, "Attach a file")
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(self._on_file_selected)
        self.file_dialog = chooser
        chooser.open()

    def _on_file_selected(self, path: str) -> None:
        self.attachment = Path(path)
        self.attachment_label.setText(f"Attached: {self.attachment.name}")

    def _on_add_clicked(self) -> None:
        picked = self.release_picker.release_id() if self.release_picker else None
        spec, extras = self._spec, BuildExtras(self._client_id, self.attachment, picked)
        values, incident = self.form.values(), self._jobs.incident_id
        self.ok_button.setEnabled(False)
        self.message.clear_message()
        self._jobs.run(
            lambda service: spec.add(service, incident, spec.build(values, extras)),
            self._on_added,
            self._on_refused,
            owner=self,
        )

    def _on_added(self, row_id: int) -> None:
        self.added.emit(row_id)
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.message.show_error(exc)


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


class ListEditor(QWidget):
    changed = Signal()

    def __init__(self, spec: ListSpec, jobs: IncidentJobs, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec, self._jobs = spec, jobs
        self.client_id = 0
        self._shown: list[tuple[int, list[str]]] | None = None
        self.dialog: ItemDialog | None = None
        self.table = named(QTableWidget(0, len(spec.columns)), spec.title)
        self.table.setHorizontalHeaderLabels(list(spec.columns))
        self.columns = ColumnFitter(
            self.table, optional=[spec.columns.index(name) for name in spec.fold]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.add_button = named(QPushButton(spec.add_text), f"Add {spec.item}")
        self.remove_button = named(QPushButton("Remove"), f"Remove the selected {spec.item}")
        self.remove_button.setEnabled(False)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.message = MessageLine(f"{spec.title} message")
        self._layout()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        title = heading(QLabel(self.spec.title), 2)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def set_rows(self, view: IncidentView) -> None:
        """Show the rows (left as they are when nothing changed, keeping the selection)."""
        self.client_id = view.client_id
        rows = [(row.id, self.spec.cells(row)) for row in self.spec.rows(view)]
        if rows == self._shown:
            return
        self._shown = rows
        self.table.setRowCount(len(rows))
        for index, (row_id, cells) in enumerate(rows):
            whole_row = "\n".join(
                f"{name}: {text}" for name, text in zip(self.spec.columns, cells, strict=True)
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(RowIdRole, row_id)
                item.setToolTip(whole_row)  # every field, also those of folded columns
                self.table.setItem(index, column, item)
        self.table.resizeRowsToContents()
        self.remove_button.setEnabled(bool(rows))

    def invalidate(self) -> None:
        """Rebuild the rows on the next ``set_rows`` (after a lock put back plain copies)."""
        self._shown = None

    def row_texts(self) -> list[list[str]]:
        """What the table shows, row by row."""
        columns = range(self.table.columnCount())
        return [
            [_text(self.table.item(row, column)) for column in columns]
            for row in range(self.table.rowCount())
        ]

    def set_read_only(self, read_only: bool) -> None:
        self.add_button.setVisible(not read_only)
        self.remove_button.setVisible(not read_only)

    def _on_add_clicked(self) -> None:
        dialog = ItemDialog(self.spec, self._jobs, self.client_id, self)
        dialog.added.connect(lambda _id: self.changed.emit())
        self.dialog = dialog
        dialog.open()

    def _on_remove_clicked(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is None or item.data(RowIdRole) is None:
            self.message.show_message(f"Select the {self.spec.item} to remove first.", "error")
            return
        answer = QMessageBox.question(
            self, "Remove — Confide", f"Remove the selected {self.spec.item}?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        spec, row_id, incident = self.spec, int(item.data(RowIdRole)), self._jobs.incident_id
        self.message.clear_message()
        self._jobs.run(
            lambda service: spec.remove(service, incident, row_id),
            lambda _none: self.changed.emit(),
            self.message.show_error,
            owner=self,
        )
