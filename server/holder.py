"""The current graph snapshot, swapped atomically when the data is reloaded, and what is known
about it: whether it is older than the files (`status`) and how reloads went (`reloads`).

That state lives here, in one place, for everything that reports it: `/healthz`, the logs, and
readiness or metrics (`app.state.graph_holder.status.stale`, `.reloads.timed_out`, ...).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from schema.context import Context


@dataclass(frozen=True, slots=True)
class DataStatus:
    """Whether the version served is the one the data files hold.

    `stale` is True while the service serves an older version than the files: they were
    invalid (`problems` > 0) or unreadable when it started or last reloaded, or the last reload
    did not finish in time. `files_version` is the version the files would have (None when they
    could not all be read); `reason` says what happened, for people.
    """

    stale: bool = False
    files_version: str | None = None
    problems: int = 0
    reason: str = ""


CURRENT = DataStatus()


@dataclass(slots=True)
class ReloadCounts:
    """Reload outcomes since start-up, by kind (only ever incremented)."""

    swapped: int = 0  # a new version went live
    unchanged: int = 0  # the files held the version already served
    refused: int = 0  # invalid or unreadable data: the last good version kept serving
    timed_out: int = 0  # not finished within ORGGRAPH_RELOAD_TIMEOUT: given up
    failed: int = 0  # an unexpected error (a bug; logged with its traceback)


class GraphHolder:
    """Holds one immutable `Context`; each request reads `current` once and keeps that snapshot.

    Reading is a single attribute load (atomic in CPython), so readers never lock; the lock only
    serializes writers, so two reloads cannot interleave.
    """

    def __init__(self, context: Context, status: DataStatus = CURRENT) -> None:
        self._current = context
        self.status = status
        self.reloads = ReloadCounts()
        self._swap_lock = threading.Lock()
        self._listeners: list[Callable[[Context], None]] = []

    @property
    def current(self) -> Context:
        return self._current

    def on_swap(self, listener: Callable[[Context], None]) -> None:
        """Call `listener(new)` after each swap (caches drop the previous version's entries)."""
        self._listeners.append(listener)

    def swap(self, context: Context) -> Context:
        """Make `context` current (and the status current); return the one it replaces."""
        with self._swap_lock:
            previous, self._current = self._current, context
            self.status = CURRENT
            for listener in self._listeners:
                listener(context)
        return previous

    def mark_stale(self, reason: str, files_version: str | None, problems: int = 0) -> None:
        """The files hold something other than what is served (and why)."""
        self.status = DataStatus(True, files_version, problems, reason)

    def mark_current(self) -> None:
        if self.status.stale:
            self.status = replace(CURRENT)
