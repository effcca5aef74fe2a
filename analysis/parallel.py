"""Run one array function on slices of a large pyarrow array on every core.

pyarrow's string kernels (regex match and replace, split) run one thread per call and release the
GIL, so a million messages are read about twice as fast when their halves are read side by side on
the two cores of this machine. Small arrays are read in one go: threads cost more than they save.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

import pyarrow as pa

WORKERS = max(1, min(4, os.cpu_count() or 1))
MIN_VALUES = 20_000
T = TypeVar("T")


@lru_cache(maxsize=1)
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="saar")


def map_slices(function: Callable[..., T], values: pa.Array, *args: object) -> list[T]:
    """``function(slice, *args)`` for consecutive slices of ``values`` (one slice when small), in order."""
    if len(values) < MIN_VALUES or WORKERS < 2:
        return [function(values, *args)]
    step = -(-len(values) // WORKERS)
    slices = [values.slice(start, step) for start in range(0, len(values), step)]
    return list(_pool().map(lambda part: function(part, *args), slices))


def map_items(function: Callable[[object], T], items: list) -> list[T]:
    """``function(item)`` for every item, side by side on every core, in order (``function`` must
    not itself use this pool: a worker waiting for the pool could wait forever)."""
    if len(items) < 2 or WORKERS < 2:
        return [function(item) for item in items]
    return list(_pool().map(function, items))
