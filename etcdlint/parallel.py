"""Spread per-file work over a process pool, for large inputs only.

A run over a few files never pays for a pool. Workers are forked (where the platform can),
inherit the run's options, read their own files and send back plain results.
"""

from __future__ import annotations

import os
from typing import Callable, List, Optional, Sequence, Tuple, TypeVar

T = TypeVar("T")

# Below this many files a single process is faster than starting workers.
POOL_THRESHOLD = 200

_TASK: Optional[Callable] = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_per_file(task: Callable[[Tuple[str, str]], T], items: Sequence[Tuple[str, str]],
                 jobs: int) -> List[T]:
    """``[task(item) for item in items]``, in a pool of ``jobs`` forked workers when worth it."""
    global _TASK
    if jobs <= 1 or len(items) < POOL_THRESHOLD:
        return [task(item) for item in items]
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return [task(item) for item in items]
    chunks = _chunks(list(items), jobs * 4)
    _TASK = task
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_run_chunk, chunks)
    finally:
        _TASK = None
    return [result for part in parts for result in part]


def _run_chunk(chunk: List[Tuple[str, str]]) -> list:
    return [_TASK(item) for item in chunk]


def _chunks(items: list, count: int) -> List[list]:
    size = max(1, -(-len(items) // count))
    return [items[i:i + size] for i in range(0, len(items), size)]
