"""Tables fit their width: no sideways scrolling, whole headers, cut cells end in "…" with the
whole text as a tooltip, optional columns fold away in a narrow pane and come back. The layout
check that the screenshot tests use catches a table or a wrapped text that does not fit."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.column_fit import ColumnFitter
from tests.ui.screenshots import layout_problems

HEADERS = ("When", "Recipient", "Role", "Method", "Information", "Legal basis", "Report")
LONG = "Dr. Ana Ruiz, Riverside Family Medicine, 1200 Orchard Avenue, Suite 4, Springfield"


def _table(qtbot: QtBot, width: int, *, fitted: bool, optional: tuple[int, ...] = ()) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    table = QTableWidget(3, len(HEADERS))
    table.setHorizontalHeaderLabels(list(HEADERS))
    if fitted:
        ColumnFitter(table, optional)
    for row in range(3):
        for column in range(len(HEADERS)):
            table.setItem(row, column, QTableWidgetItem(LONG if column == 1 else "Phone call"))
    if not fitted:
        table.resizeColumnsToContents()
    QVBoxLayout(window).addWidget(table)
    window.resize(width, 300)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(20)
    return window


def _shown(table: QTableWidget) -> list[str]:
    header = table.horizontalHeader()
    return [HEADERS[n] for n in range(header.count()) if not header.isSectionHidden(n)]


def test_the_layout_check_catches_a_table_that_scrolls_sideways(qtbot: QtBot) -> None:
    window = _table(qtbot, 700, fitted=False)  # planted: columns sized to their long content
    problems = layout_problems(window)
    assert any("scrolls sideways" in problem for problem in problems), problems


def test_the_layout_check_catches_wrapped_text_cut_short(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel(LONG * 3, window)
    label.setWordWrap(True)
    label.setGeometry(0, 0, 200, 20)  # planted: one line of room for many
    window.resize(300, 100)
    window.show()
    qtbot.waitExposed(window)
    assert any("wrapped text cut" in problem for problem in layout_problems(window))


def test_fitted_columns_do_not_scroll_and_keep_whole_headers(qtbot: QtBot) -> None:
    window = _table(qtbot, 700, fitted=True)
    table = window.findChild(QTableWidget)
    assert table is not None
    assert layout_problems(window) == []
    assert not table.horizontalScrollBar().isVisible()
    assert _shown(table) == list(HEADERS)
    recipient = table.horizontalHeader().sectionSize(1)
    assert recipient < table.fontMetrics().horizontalAdvance(LONG)  # cut, with a tooltip


def test_optional_columns_fold_in_a_narrow_pane_and_come_back(qtbot: QtBot) -> None:
    window = _table(qtbot, 300, fitted=True, optional=(2, 6, 3, 5))
    table = window.findChild(QTableWidget)
    assert table is not None
    assert layout_problems(window) == []
    narrow = _shown(table)
    order = ["Role", "Report", "Method", "Legal basis"]  # the order they fold in
    folded = [name for name in order if name not in narrow]
    assert {"When", "Recipient", "Information"} <= set(narrow)
    assert folded and folded == order[: len(folded)]
    window.resize(1000, 300)
    qtbot.waitUntil(lambda: _shown(table) == list(HEADERS), timeout=2000)
    assert layout_problems(window) == []
