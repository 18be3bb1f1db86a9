"""The current graph snapshot, swapped atomically when the data is reloaded."""

from __future__ import annotations

import threading
from collections.abc import Callable

from schema.context import Context


class GraphHolder:
    """Holds one immutable `Context`; each request reads `current` once and keeps that snapshot.

    Reading is a single attribute load (atomic in CPython), so readers never lock; the lock only
    serializes writers, so two reloads cannot interleave.
    """

    def __init__(self, context: Context) -> None:
        self._current = context
        self._swap_lock = threading.Lock()
        self._listeners: list[Callable[[Context], None]] = []

    @property
    def current(self) -> Context:
        return self._current

    def on_swap(self, listener: Callable[[Context], None]) -> None:
        """Call `listener(new)` after each swap (caches drop the previous version's entries)."""
        self._listeners.append(listener)

    def swap(self, context: Context) -> Context:
        """Make `context` current; return the one it replaces."""
        with self._swap_lock:
            previous, self._current = self._current, context
            for listener in self._listeners:
                listener(context)
        return previous
