"""Regression test for an upstream defect in the Qt binding (PySide6 6.12.0 on Python 3.11).

PySide6 6.12.0 dropped one reference to ``None`` on every call of a void method such as
``QTableWidgetItem.setData``. Python 3.11's ``None`` is not immortal, so after about 5,000
calls the process aborted with "Fatal Python error: none_dealloc". pyproject.toml keeps the
binding below 6.12; this test fails if an upgrade brings the defect back. It runs in a
subprocess because the failure is an abort of the whole interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    app = QApplication([])
    item = QTableWidgetItem("x")
    table = QTableWidget(1, 1)
    before = sys.getrefcount(None)
    for i in range(100_000):
        item.setData(Qt.ItemDataRole.UserRole, i)
    for i in range(20_000):
        table.setRowCount(1 + i % 3)
        table.setItem(0, 0, QTableWidgetItem(str(i)))
    after = sys.getrefcount(None)
    print("survived", before, after)
    """
)


def test_void_methods_do_not_leak_references_to_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    words = result.stdout.split()
    assert words[0] == "survived"
    before, after = int(words[1]), int(words[2])
    # On Python 3.12+ None is immortal and its count is a fixed huge number; on 3.11 a leak
    # of one reference per call would have lowered it by 120,000 before the abort.
    assert after >= before - 100, (before, after)
