"""Child processes that do real vault work and die by SIGKILL.

A child is forked from the test process (everything is already imported, so a crash point
costs milliseconds, not a fresh interpreter). It reports progress as text lines on a pipe;
the parent reads them and kills it, or the child kills *itself* just before its n-th
file-system boundary call (``os.replace``, ``os.fsync``, ``os.unlink``, ``os.rename``).
Either way the process ends exactly as a power cut would end it for the files: no
``finally`` block, no ``atexit``, no flush.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TextIO

Report = Callable[[str], None]
Job = Callable[[Report], None]

BOUNDARY_CALLS = ("replace", "rename", "fsync", "unlink")
LINE_TIMEOUT = 60.0


@dataclass
class Worker:
    """A forked child and the read end of its report pipe."""

    pid: int
    lines: TextIO
    seen: list[str] = field(default_factory=list)
    status: int | None = None

    def next_line(self, timeout: float = LINE_TIMEOUT) -> str | None:
        """The next reported line; None when the child has ended (or went silent too long)."""
        ready, _, _ = select.select([self.lines], [], [], timeout)
        if not ready:
            self.kill()
            raise AssertionError("the child process stopped reporting (hung?)")
        line = self.lines.readline()
        if not line:
            return None
        self.seen.append(line.rstrip("\n"))
        return self.seen[-1]

    def kill(self) -> list[str]:
        """SIGKILL the child, reap it, and return what it reported that was not read yet."""
        before = len(self.seen)
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.seen.extend(line.rstrip("\n") for line in self.lines)
            self._reap()
        return self.seen[before:]

    def finish(self) -> int:
        """Read everything the child still reports, reap it and return its exit code."""
        while self.next_line() is not None:
            pass
        self._reap()
        assert self.status is not None
        return self.status

    def _reap(self) -> None:
        _, wait_status = os.waitpid(self.pid, 0)
        self.status = os.waitstatus_to_exitcode(wait_status)
        self.lines.close()


def fork_worker(job: Job) -> Worker:
    """Run ``job(report)`` in a forked child; the child never returns into pytest."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        _run_child(job, read_fd, write_fd)
    os.close(write_fd)
    return Worker(pid, os.fdopen(read_fd, "r", encoding="utf-8"))


def _run_child(job: Job, read_fd: int, write_fd: int) -> None:  # pragma: no cover - child
    code = 0
    try:
        os.close(read_fd)
        # Objects inherited from the parent (its closed vaults, its connections) must never be
        # finalized here: a finalizer could touch the parent's files.
        gc.freeze()
        out = os.fdopen(write_fd, "w", encoding="utf-8", buffering=1)

        def report(line: str) -> None:
            out.write(line + "\n")
            out.flush()

        job(report)
        out.flush()
    except BaseException:  # the parent sees the exit code and the traceback on stderr
        traceback.print_exc()
        sys.stderr.flush()
        code = 70
    os._exit(code)


# ----- dying at a file-system boundary ---------------------------------------------------------


class BoundaryCounter:
    """Counts boundary calls in this (child) process; SIGKILLs itself before call ``die_at``."""

    def __init__(self, die_at: int | None) -> None:
        self.die_at = die_at
        self.calls = 0
        self.armed = False

    def hit(self) -> None:
        if not self.armed:
            return
        self.calls += 1
        if self.calls == self.die_at:
            os.kill(os.getpid(), signal.SIGKILL)
            time.sleep(10)  # never reached: SIGKILL cannot be caught


def install_boundaries(die_at: int | None) -> BoundaryCounter:
    """Wrap the ``os`` boundary calls of this process (call only in a child)."""
    counter = BoundaryCounter(die_at)
    for name in BOUNDARY_CALLS:
        real = getattr(os, name)

        def wrapped(*args: object, _real: Callable[..., object] = real, **kwargs: object) -> object:
            counter.hit()
            return _real(*args, **kwargs)

        setattr(os, name, wrapped)
    return counter


@contextmanager
def armed(counter: BoundaryCounter) -> Iterator[None]:
    """Count (and maybe die at) boundaries only inside this block."""
    counter.armed = True
    try:
        yield
    finally:
        counter.armed = False


def count_boundaries(job: Callable[[BoundaryCounter, Report], None]) -> int:
    """Run ``job`` once in a child without dying and return how many boundaries it crossed."""

    def counting(report: Report) -> None:
        counter = install_boundaries(None)
        job(counter, report)
        report(f"boundaries {counter.calls}")

    worker = fork_worker(counting)
    code = worker.finish()
    assert code == 0, f"the counting run failed (exit {code}): {worker.seen}"
    last = worker.seen[-1].split()
    assert last[0] == "boundaries"
    return int(last[1])


def die_at_boundary(job: Callable[[BoundaryCounter, Report], None], die_at: int) -> Worker:
    """Run ``job`` in a child that SIGKILLs itself before boundary ``die_at``; reaped."""

    def dying(report: Report) -> None:
        job(install_boundaries(die_at), report)
        report("completed")

    worker = fork_worker(dying)
    worker.finish()
    return worker
