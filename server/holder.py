"""The current graph snapshot, swapped atomically when the data is reloaded."""

from __future__ import annotations

import threading
from collections.abc import Callable

from schema.context import Context
from server.readiness import Readiness


class GraphHolder:
    """Holds one immutable `Context`; each request reads `current` once and keeps that snapshot.

    Reading is a single attribute load (atomic in CPython), so readers never lock; the lock only
    serializes writers, so two reloads cannot interleave. A holder may start empty (`None`) when
    the data loads after the server started listening (`orggraph serve` with one worker): until
    the first `swap`, `loaded` is False and only the probes answer (server/edge.py).
    `readiness` (server/readiness.py) is what /readyz and the metrics report.
    """

    def __init__(self, context: Context | None) -> None:
        self._current = context
        self._swap_lock = threading.Lock()
        self._listeners: list[Callable[[Context], None]] = []
        self.readiness = Readiness()
        if context is not None:
            self.readiness.mark_loaded()

    @property
    def loaded(self) -> bool:
        return self._current is not None

    @property
    def current(self) -> Context:
        current = self._current
        if current is None:
            raise RuntimeError("no graph yet: read `loaded` first")
        return current

    def on_swap(self, listener: Callable[[Context], None]) -> None:
        """Call `listener(new)` after each swap (caches drop the previous version's entries)."""
        self._listeners.append(listener)

    def swap(self, context: Context) -> Context | None:
        """Make `context` current; return the one it replaces (None for the first)."""
        with self._swap_lock:
            previous, self._current = self._current, context
            for listener in self._listeners:
                listener(context)
        self.readiness.mark_loaded()
        return previous
