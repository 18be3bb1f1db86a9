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
and times with those of the version being served, so an edit not yet loaded counts too. An
explicit mark carries what is known about the files: the version they would have
(`files_version`, None when unreadable) and how many problems they hold (`problems`); /healthz
shows them, /readyz shows the reason.

Reload outcomes are counted here too (`reloads`, `ReloadCounts.count`), in the same call as the
metric `orggraph_data_reloads_total{outcome}`, so /healthz and the metrics cannot disagree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from web import metrics

STARTING, SERVING, DRAINING = "starting", "serving", "draining"
OUTCOMES = ("swapped", "unchanged", "refused", "timed_out", "failed")


@dataclass(slots=True)
class ReloadCounts:
    """Reload outcomes since start-up, by kind (only ever incremented, through `count`)."""

    swapped: int = 0  # a new version went live
    unchanged: int = 0  # the files held the version already served
    refused: int = 0  # invalid or unreadable data: the last good version kept serving
    timed_out: int = 0  # not finished within ORGGRAPH_RELOAD_TIMEOUT: given up
    failed: int = 0  # an unexpected error (a bug; logged with its traceback)

    def count(self, outcome: str) -> None:
        """One reload ended with `outcome` (one of OUTCOMES): here and in the metric."""
        setattr(self, outcome, getattr(self, outcome) + 1)
        metrics.RELOADS.labels(outcome).inc()


class Readiness:
    def __init__(self) -> None:
        self.loaded = False
        self.draining = False
        self._stale_reason: str | None = None
        self._files_version: str | None = None
        self._problems = 0
        self.reloads = ReloadCounts()
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

    def mark_stale(self, reason: str, files_version: str | None = None, problems: int = 0) -> None:
        """The files on disk hold something other than the version served (`reason` says why;
        `files_version` is the version they would have, `problems` how many they hold)."""
        with self._lock:
            self._stale_reason = reason
            self._files_version = files_version
            self._problems = problems
        metrics.DATA_STALE.set(1)

    def mark_current(self) -> None:
        """The version served is what the files hold."""
        with self._lock:
            self._stale_reason = None
            self._files_version = None
            self._problems = 0
        metrics.DATA_STALE.set(0)

    @property
    def files_version(self) -> str | None:
        """The version the files would have, when marked stale (None: unknown or unreadable)."""
        with self._lock:
            return self._files_version

    @property
    def problems(self) -> int:
        """How many problems the files held when marked stale (0 when not stale)."""
        with self._lock:
            return self._problems

    @property
    def stale(self) -> bool:
        return self.stale_reason() is not None

    def stale_reason(self) -> str | None:
        """Why the version served is older than the files, or None when it is not."""
        with self._lock:
            reason = self._stale_reason
        if reason is None and self.loaded and self.files_changed():
            return "the data files changed since this version was loaded (reload pending)"
        return reason
