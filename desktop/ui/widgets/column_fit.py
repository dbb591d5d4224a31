"""Table columns that fit the table's width, so no table scrolls sideways.

Each column gets the width of its content, up to a cap, and never less than its whole header.
When the columns are wider than the table, the widest give up room first; a cell too narrow
for its text ends in "…" and shows the whole text in a tooltip (ElidedCellTips). Columns marked
optional fold away, in the order given, when even the headers do not fit (a narrow pane), and
come back when there is room. Once the person drags a column border, their widths are kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

CAP_CHARS = 40  # a column is never made wider than about this many characters


class ColumnFitter(QObject):
    """Keeps ``view``'s columns fitted to its width; ``optional`` columns may fold away."""

    def __init__(self, view: QTableView, optional: Sequence[int] = ()) -> None:
        super().__init__(view)
        self.view = view
        self.optional = tuple(optional)
        self.user_sized = False
        self._fitting = False
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header.sectionResized.connect(self._on_section_resized)
        view.viewport().installEventFilter(self)
        model = view.model()
        if model is not None:
            for changed in (model.modelReset, model.rowsInserted, model.layoutChanged):
                changed.connect(self._pending.start)
            model.dataChanged.connect(self._pending.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.view.viewport():
            if self._fitting:  # the fit itself changed the room (a scroll bar came or went)
                self._pending.start()
            else:
                self.fit()
        return False

    def fit(self) -> None:
        """Fit the columns to the room there is now."""
        if self.user_sized or self._fitting:
            return
        self._fitting = True
        try:
            self._fit(self.view.viewport().width())
        finally:
            self._fitting = False

    def _fit(self, room: int) -> None:
        header = self.view.horizontalHeader()
        columns = list(range(header.count()))
        if not columns or room <= 0:
            return
        for column in columns:  # a hidden column reports no size: measure every one shown
            header.setSectionHidden(column, False)
        floors = {c: header.sectionSizeHint(c) for c in columns}
        contents = {c: self.view.sizeHintForColumn(c) for c in columns}
        shown = [c for c in columns if c not in self.optional or c == columns[0]]
        for column in reversed(self.optional):  # the first listed is the first to fold
            if column in shown:
                continue
            if sum(floors[c] for c in shown) + floors[column] > room:
                break
            shown.append(column)
        for column in columns:
            header.setSectionHidden(column, column not in shown)
        cap = self.view.fontMetrics().averageCharWidth() * CAP_CHARS
        wants = {c: max(floors[c], min(cap, contents[c] + 2)) for c in shown}
        widths = _shrink(wants, floors, room)
        for column in shown:  # the last one then stretches over any room left
            header.resizeSection(column, widths[column])

    def _on_section_resized(self, _column: int, _old: int, _new: int) -> None:
        if not self._fitting and self.view.isVisible() and _dragging(self.view.horizontalHeader()):
            self.user_sized = True


def _dragging(header: QHeaderView) -> bool:
    """True while a mouse button is down over the header (the person resizes a column)."""
    from PySide6.QtWidgets import QApplication

    return header.underMouse() and bool(QApplication.mouseButtons())


def _shrink(wants: dict[int, int], floors: dict[int, int], room: int) -> dict[int, int]:
    """Cap every column at one width, the largest that fits ``room`` (never below a header):
    the widest columns give up room first, narrow ones keep theirs."""
    if sum(wants.values()) <= room:
        return dict(wants)

    def width(column: int, level: int) -> int:
        return max(floors[column], min(wants[column], level))

    low, high = 0, max(wants.values())
    while low < high:
        middle = (low + high + 1) // 2
        if sum(width(c, middle) for c in wants) <= room:
            low = middle
        else:
            high = middle - 1
    return {c: width(c, low) for c in wants}
