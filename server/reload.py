"""Data reloads: notice changed YAML, validate it, swap it in whole, or keep the last good graph.

What an operator expects from a file-based service, so both are on:

- **Polling** (every `ORGGRAPH_RELOAD_INTERVAL` s, default 2; 0 turns it off): the data files'
  names, sizes and modification times are compared with the last attempt. A change is loaded
  once the files have stopped changing (an editor may write in several steps).
- **SIGHUP**: reload now, changed or not (`kill -HUP <pid>`; with several uvicorn workers,
  signal each worker, or the manager restarts them, which reloads too).

The new data is loaded and indexed in a worker thread, so requests keep being answered from the
current graph meanwhile; only a complete, valid graph replaces it (`GraphHolder.swap`). Invalid
data is refused with every problem logged as `file:line:column: message`, and the service goes
on serving the last good version until the files change again, marked stale
(`holder.readiness`: /readyz says `olderThanFiles`, the metric `orggraph_data_stale` is 1).
Each attempt counts in `orggraph_data_reloads_total` by outcome.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from pathlib import Path

from graph.cache.store import CacheSettings, load_cached
from graph.load.errors import DataError, Problems
from graph.load.loader import data_files
from schema.context import Context
from schema.guard.limits import Limits
from server.config import NO_DATA_CACHE
from server.holder import GraphHolder
from web import metrics

logger = logging.getLogger("orggraph.reload")

Signature = tuple[tuple[str, int, int, int], ...]
SETTLE_SECONDS = 0.2


def signature(path: Path) -> Signature:
    """What changes when a data file is written, added, removed or renamed."""
    entries = []
    for file in data_files(path, Problems()):
        try:
            stat = file.stat()
        except OSError:
            continue
        entries.append((str(file), stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return tuple(entries)


def load_context(
    path: Path, limits: Limits, cache: CacheSettings = NO_DATA_CACHE
) -> Context | list[DataError]:
    """Load, validate and index the data at `path` (through the parsed-data cache, so a
    version another worker already parsed is not parsed again): a new snapshot, or every
    problem found."""
    result = load_cached(path, cache)
    if result.graph is None:
        return list(result.errors)
    return Context.for_graph(result.graph, limits)


def freeze_heap() -> None:
    """Move everything alive now (the graph above all) out of the cyclic collector's reach.

    The graph is hundreds of thousands of long-lived objects that are never garbage; each full
    collection would walk them all (~130 ms at 100,000 entities, inside some request). After a
    swap the previous freeze is undone first, so the old graph's cycles, if any, are collected
    (refcounting frees the rest as soon as the last request reading it ends).
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class DataWatcher:
    """Reloads the graph held by `holder` from `path`; `run()` polls, SIGHUP forces a reload."""

    def __init__(
        self,
        holder: GraphHolder,
        path: Path,
        limits: Limits,
        interval: float,
        cache: CacheSettings = NO_DATA_CACHE,
    ) -> None:
        self.holder = holder
        self.path = path
        self.limits = limits
        self.interval = interval
        self.cache = cache
        self._seen = signature(path)
        # The files as they were when the version served was loaded (/readyz compares).
        self._served = self._seen
        self._lock = asyncio.Lock()
        holder.readiness.files_changed = lambda: signature(self.path) != self._served

    async def reload(self, reason: str) -> bool:
        """Load the data now; True when a new version was swapped in."""
        async with self._lock:
            seen = self._seen = signature(self.path)
            current = self.holder.current.graph.version
            loaded = await asyncio.to_thread(load_context, self.path, self.limits, self.cache)
            readiness = self.holder.readiness
            if isinstance(loaded, list):
                metrics.RELOADS.labels("refused").inc()
                readiness.mark_stale(
                    f"data reload ({reason}) refused: {len(loaded)} problem(s) in {self.path}; "
                    f"serving version {current}"
                )
                logger.error(
                    "data reload (%s) refused: %d problem(s) in %s; still serving version %s",
                    reason,
                    len(loaded),
                    self.path,
                    current,
                )
                for problem in loaded:
                    logger.error("%s", problem)
                return False
            version = loaded.graph.version
            self._served = seen
            readiness.mark_current()
            if version == current:
                metrics.RELOADS.labels("unchanged").inc()
                logger.info("data reload (%s): unchanged, version %s", reason, version)
                return False
            self.holder.swap(loaded)
            metrics.RELOADS.labels("ok").inc()
            metrics.data_loaded(version, len(loaded.graph.entities), previous=current)
            freeze_heap()
            logger.info(
                "data reloaded (%s): version %s -> %s, %d entities",
                reason,
                current,
                version,
                len(loaded.graph.entities),
            )
            return True

    async def run(self) -> None:
        """Poll forever (cancel the task to stop)."""
        while True:
            await asyncio.sleep(self.interval)
            if signature(self.path) == self._seen:
                continue
            # Wait until the files stop changing, then load them.
            settled = signature(self.path)
            while True:
                await asyncio.sleep(SETTLE_SECONDS)
                latest = signature(self.path)
                if latest == settled:
                    break
                settled = latest
            try:
                await self.reload("files changed")
            except Exception:  # a bug must not stop the watcher: log it and keep polling
                metrics.RELOADS.labels("error").inc()
                logger.exception("data reload failed unexpectedly")

    def on_sighup(self) -> None:
        """Install SIGHUP as "reload now" on the running loop (main thread only)."""
        loop = asyncio.get_running_loop()
        tasks: set[asyncio.Task[bool]] = set()

        def handle() -> None:
            task = loop.create_task(self.reload("SIGHUP"))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        loop.add_signal_handler(signal.SIGHUP, handle)
