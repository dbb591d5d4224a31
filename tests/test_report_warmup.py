"""The report engine is loaded in the background after unlock, so memory stays flat (issue 11)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from desktop.reports.warmup import warm_up
assert "reportlab" not in sys.modules and "pyhanko" not in sys.modules, "loaded too early"
thread = warm_up()
assert warm_up() is thread, "one loader per process"
thread.join(120)
from desktop.reports import text
assert "reportlab.platypus" in sys.modules and text._fonts is not None
assert "pyhanko.sign.signers" in sys.modules
print("loaded")
"""


def test_warm_up_loads_reportlab_and_the_fonts_on_a_thread() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=180, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "loaded"
