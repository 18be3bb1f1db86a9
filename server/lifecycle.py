"""What runs beside the requests while the server is up: the first load when it is deferred,
the data watcher, and draining on shutdown.

- **Deferred start-up** (`orggraph serve` with one worker): the server listens at once and the
  data loads in a worker thread; meanwhile /healthz answers 200, /readyz 503 and every other
  route 503 with `Retry-After`, so an orchestrator's liveness probe passes during a long first
  parse and its readiness probe holds traffic back. Invalid data falls back to the last good
  version of the data path, marked stale (server/dataload.py), as a worker's start-up does;
  only when there is none does it call `on_failure` with every problem (`serve` prints them and
  exits 1).
- **Reloads**: server/reload.py, polling every ORGGRAPH_RELOAD_INTERVAL s (the data files once
  they settle, or a marker file) and on SIGHUP.
- **The work pool** (web/work.py) is shut down when the server stops.
- **Draining**: the first SIGTERM (or SIGINT) marks the app draining, so /readyz answers 503 at
  once while requests are still served, and after ORGGRAPH_DRAIN_SECONDS hands the signal to
  uvicorn's graceful shutdown (which closes the listener and waits for requests in flight). A
  second signal exits at once. Signals are only handled from the main thread (a real server).
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from types import FrameType
from typing import Any

from starlette.applications import Starlette

from graph.load.errors import DataError, GraphLoadError
from server.config import Config
from server.dataload import initial_context, mark_started
from server.holder import GraphHolder
from server.readiness import Readiness
from server.reload import DataWatcher, freeze_heap
from web import metrics
from web.work import WorkPool

logger = logging.getLogger("orggraph")

LoadFailure = Callable[[list[DataError]], None]


def lifespan(
    holder: GraphHolder,
    config: Config,
    on_failure: LoadFailure | None,
    announce: Callable[[str], None] | None = None,
    pool: WorkPool | None = None,
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """`announce(version)` is told the version served from start-up (a deploy is a new version
    too: with polling off, the only way one arrives); a deferred first load and every reload
    reach it through the holder's swap callbacks instead."""

    @asynccontextmanager
    async def running(app: Starlette) -> AsyncIterator[None]:
        restore = _drain_on_signal(holder.readiness, config.drain_seconds)
        tasks: list[asyncio.Task[None]] = []
        if holder.loaded:
            if announce is not None:
                announce(holder.current.graph.version)
            await _serve(app, holder, config, tasks)
        else:
            tasks.append(asyncio.create_task(_load_then_serve(app, holder, config, on_failure)))
        try:
            yield
        finally:
            holder.readiness.start_draining()
            restore()
            for task in tasks:
                task.cancel()
            if pool is not None:
                pool.shutdown()

    return running


async def _load_then_serve(
    app: Starlette, holder: GraphHolder, config: Config, on_failure: LoadFailure | None
) -> None:
    logger.info("loading the data from %s", config.data_path)
    try:
        loaded, refused = await asyncio.to_thread(initial_context, config)
    except GraphLoadError as error:  # invalid, and no last good version to fall back to
        if on_failure is not None:
            on_failure(list(error.errors))
        return
    holder.swap(loaded)
    mark_started(holder.readiness, refused)
    metrics.data_loaded(
        loaded.graph.version, len(loaded.graph.entities), from_files=refused is None
    )
    tasks: list[asyncio.Task[None]] = []
    await _serve(app, holder, config, tasks)
    if tasks:
        await tasks[0]


async def _serve(
    app: Starlette, holder: GraphHolder, config: Config, tasks: list[asyncio.Task[None]]
) -> None:
    watcher = DataWatcher(holder, config)
    app.state.data_watcher = watcher
    graph = holder.current.graph
    logger.info(
        "serving %d entities from %s (data version %s); reload: %s",
        len(graph.entities),
        config.data_path,
        graph.version,
        _reload_mode(config),
    )
    if threading.current_thread() is threading.main_thread():
        watcher.on_sighup()
    freeze_heap()  # after start-up's garbage is gone: what remains lives until a reload
    if config.reload_interval > 0:
        tasks.append(asyncio.create_task(watcher.run()))


def _reload_mode(config: Config) -> str:
    if config.reload_interval <= 0:
        return "on SIGHUP only"
    every = f"every {config.reload_interval:g} s"
    if config.reload_marker is not None:
        return f"when {config.reload_marker} changes (checked {every}) and on SIGHUP"
    return f"{every} once changes settle for {config.reload_settle:g} s, and on SIGHUP"


def _drain_on_signal(readiness: Readiness, seconds: float) -> Callable[[], None]:
    """Wrap the server's SIGTERM/SIGINT handlers (uvicorn's) so readiness turns 503 first;
    returns what puts them back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    originals: dict[int, Any] = {}

    def handle(sig: int, frame: FrameType | None) -> None:
        original = originals[sig]
        if readiness.draining or seconds <= 0 or not callable(original):
            readiness.start_draining()
            if callable(original):
                original(sig, frame)
            return
        readiness.start_draining()
        logger.info("draining: /readyz answers 503; shutting down in %g s", seconds)
        timer = threading.Timer(seconds, original, (sig, frame))
        timer.daemon = True
        timer.start()

    for sig in (signal.SIGTERM, signal.SIGINT):
        originals[sig] = signal.signal(sig, handle)

    def restore() -> None:
        for sig, original in originals.items():
            signal.signal(sig, original)

    return restore
