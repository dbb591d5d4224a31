"""Benchmarks on a practice-sized synthetic vault: ``python -m benchmarks run [--quick]``.

Everything generated here is invented; the vaults go under a temporary folder or
``benchmarks/out/`` (git-ignored) and are never committed.
"""
