"""Bulk work: Python's cyclic garbage collector paused while a large batch of objects is made.

Reading a collection, deduplicating it or storing it in the library makes millions of objects
that all live on; the collector's full passes over them, more of them the more there are, free
nothing (none of this code makes cycles) and cost a third of the time or more. Paused, the time
grows linearly with the input.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, then as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
