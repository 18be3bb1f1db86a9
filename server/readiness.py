"""Whether this process should get traffic, and whether what it serves is older than the files.

One small object per app, on the graph holder (`holder.readiness`), that anything may set:

    readiness.mark_stale("data reload refused: 3 problem(s)")   # still serving the last good one
    readiness.mark_current()                                    # serving what the files hold
    readiness.start_draining()                                  # shutting down

`/readyz` reads it (server/probes.py), and so do the metrics (`orggraph_data_stale`). The
phase is derived, not stored twice: *starting* until the holder has a graph, *draining* once
shutdown began, else *serving*. Staleness has two sources: an explicit reason set by whoever
knows (the data watcher on a refused reload; a worker that started from an older good version),
and `files_changed`, a check the watcher installs that compares the data files' names, sizes
and times with those of the version being served, so an edit not yet loaded counts too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from web import metrics

STARTING, SERVING, DRAINING = "starting", "serving", "draining"


class Readiness:
    def __init__(self) -> None:
        self.loaded = False
        self.draining = False
        self._stale_reason: str | None = None
        self.files_changed: Callable[[], bool] = lambda: False
        self._lock = threading.Lock()

    @property
    def phase(self) -> str:
        if self.draining:
            return DRAINING
        return SERVING if self.loaded else STARTING

    @property
    def ready(self) -> bool:
        return self.phase == SERVING

    def mark_loaded(self) -> None:
        self.loaded = True

    def start_draining(self) -> None:
        self.draining = True

    def mark_stale(self, reason: str) -> None:
        """The files on disk hold something newer than the version served (`reason` says why)."""
        with self._lock:
            self._stale_reason = reason
        metrics.DATA_STALE.set(1)

    def mark_current(self) -> None:
        """The version served is what the files hold."""
        with self._lock:
            self._stale_reason = None
        metrics.DATA_STALE.set(0)

    def stale_reason(self) -> str | None:
        """Why the version served is older than the files, or None when it is not."""
        with self._lock:
            reason = self._stale_reason
        if reason is None and self.loaded and self.files_changed():
            return "the data files changed since this version was loaded (reload pending)"
        return reason
