"""Pausing Python's garbage collector around work that makes many objects at once.

Each full pass of the collector is one call that holds the interpreter lock for as long as it
takes to look at every tracked object: with 100 000 reviews in the window's memory, 30–60 ms at a
time, during which the window cannot paint. Work that makes millions of short-lived objects
(an export, a long report) would set off several such passes; paused, the objects are freed by
their reference counts as usual, and whatever holds a reference cycle is collected afterwards.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_pausing = threading.Lock()
_paused = 0


@contextlib.contextmanager
def collection_paused() -> Iterator[None]:
    """No automatic garbage collection meanwhile (then as before).

    Nested and concurrent uses (several threads) are counted: the last one out turns the
    collector back on. A collector turned off by someone else is left off.
    """
    global _paused
    with _pausing:
        counted = _paused > 0 or gc.isenabled()
        if counted:
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        if counted:
            with _pausing:
                _paused -= 1
                if _paused == 0:
                    gc.enable()
