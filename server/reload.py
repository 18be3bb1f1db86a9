"""Data reloads: notice changed YAML, validate it, swap it in whole, or keep the last good graph.

Three ways to trigger one (docs/security.md, "Publishing data", says which to use when):

- **Polling** (every `ORGGRAPH_RELOAD_INTERVAL` s, default 2; 0 turns it off): the data files'
  names, sizes, modification times and inodes are compared with the last attempt. A change is
  loaded once it has *settled*: nothing changed for `ORGGRAPH_RELOAD_SETTLE` s (default 2) and
  the newest file is at least that old, so an editor or copy tool that writes in several steps,
  or pauses, is not caught half way.
- **A marker file** (`ORGGRAPH_RELOAD_MARKER`): polling watches only that file; publish the data
  files, then touch it. Nothing half written is ever read, however slow the writer.
- **SIGHUP**: reload now, changed or not (`kill -HUP <pid>`). With the interval at 0 and no
  marker, this is the only way: a signal-only mode.

The new data is loaded and indexed in a thread of its own, so requests keep being answered from
the current graph meanwhile; only a complete, valid graph replaces it (`GraphHolder.swap`).
Invalid data is refused with every problem logged as `file:line:column: message`, and the
service goes on serving the last good version until the files change again, marked stale
(`holder.readiness`, server/readiness.py: /readyz says `olderThanFiles`, /healthz `stale`, the
metric `orggraph_data_stale` is 1). Each attempt counts by outcome (swapped, unchanged, refused,
timed_out, failed) in `holder.readiness.reloads` and `orggraph_data_reloads_total`. A load
that takes longer than `ORGGRAPH_RELOAD_TIMEOUT` is given up: logged, counted, its result
discarded whenever it ends, and the next reload starts without waiting for
it (at most `MAX_ABANDONED` such loads may still be running; beyond, reloads are refused until
one ends).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import threading
import time
from pathlib import Path

from graph.load.errors import Problems
from graph.load.loader import data_files
from schema.context import Context
from server.config import Config
from server.dataload import Refused, files_version, load_context
from server.holder import GraphHolder
from web import metrics

logger = logging.getLogger("orggraph.reload")

Signature = tuple[tuple[str, int, int, int], ...]
MAX_ABANDONED = 2
SETTLE_STEP = 0.1


def signature(files: list[Path]) -> Signature:
    """What changes when a file is written, added, removed or renamed (stat only: never
    blocks, whatever the file is)."""
    entries = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        entries.append((str(file), stat.st_mtime_ns, stat.st_size, stat.st_ino))
    return tuple(entries)


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
    """Reloads the graph held by `holder` as `config` says; `run()` polls, SIGHUP forces one."""

    def __init__(self, holder: GraphHolder, config: Config) -> None:
        self.holder = holder
        self.config = config
        self._seen = self._signature()
        # The files as they were when the version served was loaded (/readyz compares).
        self._served = self._seen
        self._lock = asyncio.Lock()
        self._running = 0  # load threads alive, abandoned ones included
        self._count_lock = threading.Lock()
        holder.readiness.files_changed = lambda: self._signature() != self._served

    def _signature(self) -> Signature:
        marker = self.config.reload_marker
        if marker is not None:
            return signature([marker])
        return signature(data_files(self.config.data_path, Problems()))

    async def reload(self, reason: str) -> bool:
        """Load the data now; True when a new version was swapped in."""
        async with self._lock:
            seen = self._seen = self._signature()
            current = self.holder.current.graph.version
            readiness = self.holder.readiness
            if self._running > MAX_ABANDONED:
                readiness.reloads.count("timed_out")
                logger.error(
                    "data reload (%s) not started: %d earlier loads are still running; "
                    "still serving version %s",
                    reason,
                    self._running,
                    current,
                )
                return False
            job = self._start()
            timeout = self.config.reload_timeout
            try:
                loaded = await asyncio.wait_for(asyncio.shield(job), timeout)
            except TimeoutError:
                readiness.reloads.count("timed_out")
                readiness.mark_stale(
                    f"data reload ({reason}) timed out after {timeout:g} s; "
                    f"serving version {current}"
                )
                logger.error(
                    "data reload (%s) did not finish within %g s (ORGGRAPH_RELOAD_TIMEOUT): "
                    "given up; still serving version %s",
                    reason,
                    timeout,
                    current,
                )
                return False
            return self._apply(loaded, reason, current, seen)

    def _apply(self, loaded: Context | Refused, reason: str, current: str, seen: Signature) -> bool:
        readiness = self.holder.readiness
        if isinstance(loaded, Refused):
            readiness.reloads.count("refused")
            readiness.mark_stale(
                f"data reload ({reason}) refused: {len(loaded.problems)} problem(s) in "
                f"{self.config.data_path}; serving version {current}",
                loaded.files_version,
                len(loaded.problems),
            )
            logger.error(
                "data reload (%s) refused: %d problem(s) in %s; still serving version %s",
                reason,
                len(loaded.problems),
                self.config.data_path,
                current,
            )
            for problem in loaded.problems:
                logger.error("%s", problem)
            return False
        version = loaded.graph.version
        self._served = seen
        readiness.mark_current()
        if version == current:
            readiness.reloads.count("unchanged")
            logger.info("data reload (%s): unchanged, version %s", reason, version)
            return False
        self.holder.swap(loaded)
        readiness.reloads.count("swapped")
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

    def _start(self) -> asyncio.Future[Context | Refused]:
        """Run `load_context` in a thread of its own; the future gets its result (a thread
        that outlives its timeout just finishes, and nobody reads its result)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Context | Refused] = loop.create_future()

        def deliver(value: Context | Refused | None, error: BaseException | None) -> None:
            if future.done():
                return
            if value is not None:
                future.set_result(value)
            else:
                future.set_exception(error or RuntimeError("the load returned nothing"))

        def work() -> None:
            value: Context | Refused | None = None
            error: BaseException | None = None
            try:
                value = load_context(self.config)
            except Exception as caught:  # delivered to the awaiting reload, logged there
                error = caught
            finally:
                with self._count_lock:
                    self._running -= 1
            try:
                loop.call_soon_threadsafe(deliver, value, error)
            except RuntimeError:
                pass  # the loop has closed: the server stopped meanwhile

        with self._count_lock:
            self._running += 1
        threading.Thread(target=work, name="orggraph-reload", daemon=True).start()
        return future

    async def run(self) -> None:
        """Poll forever (cancel the task to stop)."""
        while True:
            await asyncio.sleep(self.config.reload_interval)
            if self._signature() == self._seen:
                continue
            if self.config.reload_marker is None:
                await self._settle()
            reason = "marker changed" if self.config.reload_marker else "files changed"
            try:
                await self.reload(reason)
            except Exception:  # a bug must not stop the watcher: log it and keep polling
                self.holder.readiness.reloads.count("failed")
                logger.exception("data reload failed unexpectedly")

    async def _settle(self) -> None:
        """Wait until the files have not changed for the settle time and none was modified
        more recently than that (a file dated in the future only needs to hold still)."""
        settle = self.config.reload_settle
        latest = self._signature()
        still_since = time.monotonic()
        while settle > 0:
            await asyncio.sleep(min(SETTLE_STEP, settle))
            now = self._signature()
            if now != latest:
                latest, still_since = now, time.monotonic()
                continue
            newest = max((entry[1] for entry in now), default=0) / 1e9
            age = time.time() - newest
            if time.monotonic() - still_since >= settle and (age >= settle or age < 0):
                return

    def on_sighup(self) -> None:
        """Install SIGHUP as "reload now" on the running loop (main thread only)."""
        loop = asyncio.get_running_loop()
        tasks: set[asyncio.Task[bool]] = set()

        def handle() -> None:
            task = loop.create_task(self.reload("SIGHUP"))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

        loop.add_signal_handler(signal.SIGHUP, handle)


__all__ = ["DataWatcher", "files_version", "freeze_heap", "signature"]
