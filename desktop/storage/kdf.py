"""Argon2id cost: the floor, the ceiling, and the default calibrated on this machine.

KeePassXC-style: one timed derivation at the floor cost, then the memory and passes that take
about 0.75 s here (0.5-1 s), never more than 256 MiB. The result is computed once per process
and stored in every header written with it; tests set it with :func:`use_default_cost`.
"""

from __future__ import annotations

import secrets
import time
from typing import Final, NamedTuple

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id


class KdfCost(NamedTuple):
    """Argon2id cost: memory in KiB, passes (t) and lanes (p)."""

    memory_kib: int
    iterations: int
    lanes: int


KDF_FLOOR: Final = KdfCost(memory_kib=65536, iterations=3, lanes=4)
# Above this a header is damaged or hostile: 1 GiB at t=16 already takes ~30 s on a laptop.
KDF_CEILING: Final = KdfCost(memory_kib=1024 * 1024, iterations=16, lanes=16)
# What calibration may choose: at most 256 MiB (the app's peak memory stays bounded) and t=10.
CALIBRATION_MAX: Final = KdfCost(memory_kib=262144, iterations=10, lanes=4)
TARGET_SECONDS: Final = 0.75
# Used when calibration is not possible (a derivation failed); ~0.6 s on the 2-core dev VM.
FALLBACK_DEFAULT: Final = KdfCost(memory_kib=131072, iterations=6, lanes=4)

_process_default: KdfCost | None = None


def cost_problem(cost: KdfCost) -> str | None:
    """Why a stored cost is refused (below the floor or above the ceiling), else None."""
    for name in KdfCost._fields:
        value = getattr(cost, name)
        if value < getattr(KDF_FLOOR, name):
            return f"field 'kdf.{name}' is below the safe minimum"
        if value > getattr(KDF_CEILING, name):
            return f"field 'kdf.{name}' is above the allowed maximum"
    return None


def default_cost() -> KdfCost:
    """This machine's default cost, calibrated on first use in the process."""
    global _process_default  # noqa: PLW0603 - one calibration per process
    if _process_default is None:
        _process_default = calibrate()
    return _process_default


def use_default_cost(cost: KdfCost) -> None:
    """Fix the process default (tests, benchmarks); refused outside floor and ceiling."""
    global _process_default  # noqa: PLW0603 - the process-wide default
    problem = cost_problem(cost)
    if problem is not None:
        raise ValueError(f"Argon2id parameters refused: {problem}.")
    _process_default = cost


def stronger(stored: KdfCost, default: KdfCost) -> KdfCost:
    """The stored cost raised field by field to at least ``default`` (never lowered)."""
    return KdfCost(*(max(a, b) for a, b in zip(stored, default, strict=True)))


def measure(cost: KdfCost) -> float:
    """Seconds one derivation at ``cost`` takes here."""
    argon = Argon2id(
        salt=secrets.token_bytes(16),
        length=32,
        iterations=cost.iterations,
        lanes=cost.lanes,
        memory_cost=cost.memory_kib,
    )
    started = time.perf_counter()
    argon.derive(b"calibration")
    return time.perf_counter() - started


def calibrate() -> KdfCost:
    """The cost that takes about TARGET_SECONDS here, within the floor and CALIBRATION_MAX."""
    try:
        seconds = min(measure(KDF_FLOOR), measure(KDF_FLOOR))
    except (MemoryError, ValueError):
        return FALLBACK_DEFAULT
    return cost_for(seconds)


def cost_for(floor_seconds: float) -> KdfCost:
    """Scale the floor's timing (Argon2id time grows with memory x passes) to the target."""
    budget = KDF_FLOOR.memory_kib * KDF_FLOOR.iterations * TARGET_SECONDS / max(floor_seconds, 1e-3)
    memory = KDF_FLOOR.memory_kib
    while memory * 2 <= CALIBRATION_MAX.memory_kib and memory * 2 * KDF_FLOOR.iterations <= budget:
        memory *= 2
    passes = int(budget // memory)
    passes = min(max(passes, KDF_FLOOR.iterations), CALIBRATION_MAX.iterations)
    return KdfCost(memory, passes, KDF_FLOOR.lanes)
