"""`/metrics` on its own listener (ORGGRAPH_METRICS_HOST:ORGGRAPH_METRICS_PORT, loopback and
9464 by default), never on the public port: request counts, cache sizes and data versions are
for the operator's Prometheus, not for the Internet. `orggraph serve` runs it in its own process
(a thread), which is the manager when there are several workers.

With several workers (WEB_CONCURRENCY > 1) prometheus-client's multiprocess mode adds their
values up: each worker writes to files in PROMETHEUS_MULTIPROC_DIR, which `serve` sets before
the workers start, to a private temporary directory it removes on exit, or clears at start
when the operator chose the directory. Before each scrape, the files of live-mode gauges left
by workers that are gone (uvicorn replaced them) are removed, so they no longer count.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from wsgiref.simple_server import WSGIServer

from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server
from prometheus_client.metrics_core import Metric

ENV = "PROMETHEUS_MULTIPROC_DIR"
_LIVE_FILE = re.compile(r"gauge_live[a-z]+_(\d+)\.db")


class LiveWorkersCollector(multiprocess.MultiProcessCollector):
    """Every worker's values added up, without the live gauges of workers that have exited."""

    def collect(self) -> Iterable[Metric]:
        for name in os.listdir(self._path):
            match = _LIVE_FILE.fullmatch(name)
            if match is not None and not _alive(int(match.group(1))):
                multiprocess.mark_process_dead(  # type: ignore[no-untyped-call]
                    int(match.group(1)), self._path
                )
        collected: Iterable[Metric] = super().collect()  # type: ignore[no-untyped-call]
        return collected


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class MultiprocessDir:
    """The directory the workers' metric files live in, for the duration of `serve`."""

    def __init__(self) -> None:
        chosen = os.environ.get(ENV, "").strip()
        self.owned = not chosen
        self.path = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="orggraph-metrics-"))
        self.path.mkdir(parents=True, exist_ok=True)
        for stale in self.path.glob("*.db"):  # a previous run's counts must not be added in
            stale.unlink()
        os.environ[ENV] = str(self.path)  # inherited by the workers uvicorn spawns

    def close(self) -> None:
        if self.owned:
            shutil.rmtree(self.path, ignore_errors=True)
            os.environ.pop(ENV, None)


class Exporter:
    """The metrics listener; `close()` stops it."""

    def __init__(self, host: str, port: int, multiprocess_dir: Path | None) -> None:
        if multiprocess_dir is None:
            registry: CollectorRegistry = REGISTRY
        else:
            registry = CollectorRegistry()
            collector = LiveWorkersCollector(None, str(multiprocess_dir))  # type: ignore[no-untyped-call]
            registry.register(collector)
        self._server: WSGIServer
        self._thread: threading.Thread
        self._server, self._thread = start_http_server(port, addr=host, registry=registry)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
