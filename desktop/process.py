"""Process-level protections applied at start: no core dumps, quiet SQLCipher, private umask."""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys


def harden_process() -> None:
    """Keep keys and client data out of core dumps and files out of other users' reach."""
    os.umask(0o077)
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            pr_set_dumpable = 4
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_dumpable, 0, 0, 0, 0)
