"""`orggraph serve`: uvicorn with httptools, one process or several workers, and the metrics
listener beside it.

    exit 2   a configuration variable holds an unusable value, or the metrics port is taken
    exit 1   the data is invalid: every problem is listed, one `file:line:column: message` a line

With one worker the port opens at once and the data loads behind /readyz's 503
(server/lifecycle.py). With WEB_CONCURRENCY above 1 this process first checks the data (and
fills the parsed-data cache), then manages that many workers, each loading the data itself
before it accepts connections (the socket is shared: a worker that is not ready must not take
requests), and each polling the data files, so all of them move to a new version within a
reload interval of each other. This process serves the metrics of all of them
(server/exporter.py).

HTTP is parsed by httptools (`uvicorn[standard]`), named explicitly: uvicorn's default h11
protocol with several workers loses TCP_NODELAY and stalls small responses ~44 ms each
(uvicorn issue #3149); httptools is also ~3x faster (../shared/MEASURED.md). Its protocol is
wrapped with connection limits (server/protocol.py: idle and header timeouts, header and URL
size, a cap on connections), and the soft RLIMIT_NOFILE is raised to hold that many. uvicorn's
access log is off: server/observe.py writes one with request ids and durations.

With invalid files and a last good version in the parsed-data cache, every way of starting
goes on serving that version, marked stale, and logs every problem (server/dataload.py).
"""

from __future__ import annotations

import gc
import logging
import math
import os
import resource
import sys
from pathlib import Path
from typing import Any

import uvicorn

from graph.load.errors import DataError, GraphLoadError
from server import logs
from server.app import create_app
from server.config import Config
from server.dataload import initial_context
from server.exporter import ENV, Exporter, MultiprocessDir
from server.protocol import GuardedHttpTools

# uvicorn's httptools protocol with connection limits (server/protocol.py), by import path so
# that worker processes load it too.
HTTP = "server.protocol:GuardedHttpTools"
FD_RESERVE = 64  # descriptors kept for data files, the cache, logs and the listening socket
logger = logging.getLogger("orggraph")


def serve(config: Config) -> int:
    _raise_file_limit(config)
    GuardedHttpTools.limits = config.connections
    options: dict[str, Any] = {
        "host": config.host,
        "port": config.port,
        "http": HTTP,
        "server_header": False,
        "access_log": False,
        "log_config": logs.uvicorn_log_config(config.log_format),
        "timeout_keep_alive": math.ceil(config.connections.keepalive_timeout),  # ours is exact
    }
    shared = MultiprocessDir() if config.workers > 1 and config.metrics else None
    try:
        exporter = _exporter(config, shared)
    except OSError as error:
        print(
            f"orggraph: cannot serve metrics on {config.metrics_host}:{config.metrics_port} "
            f"({error.strerror}): set ORGGRAPH_METRICS_PORT, or ORGGRAPH_METRICS=0",
            file=sys.stderr,
        )
        if shared is not None:
            shared.close()
        return 2
    try:
        if config.workers > 1:
            return _serve_workers(config, options)
        return _serve_one(config, options)
    finally:
        if exporter is not None:
            exporter.close()
        if shared is not None:
            shared.close()


def _exporter(config: Config, shared: MultiprocessDir | None) -> Exporter | None:
    if not config.metrics:
        return None
    # An operator's own PROMETHEUS_MULTIPROC_DIR with one worker: that process writes there.
    chosen = os.environ.get(ENV, "").strip()
    directory = shared.path if shared is not None else Path(chosen) if chosen else None
    exporter = Exporter(config.metrics_host, config.metrics_port, directory)
    logs.configure(config.log_format)
    logger.info("metrics: http://%s:%d/metrics", config.metrics_host, exporter.port)
    return exporter


def _serve_one(config: Config, options: dict[str, Any]) -> int:
    failed: list[list[DataError]] = []
    server: uvicorn.Server | None = None

    def refuse(problems: list[DataError]) -> None:
        failed.append(problems)
        _print_problems(config, problems)
        if server is not None:
            server.should_exit = True

    app = create_app(config, defer_load=refuse)
    server = uvicorn.Server(uvicorn.Config(app, **options))
    server.run()
    return 1 if failed else 0


def _serve_workers(config: Config, options: dict[str, Any]) -> int:
    try:
        # Invalid files with a last good version: the workers will serve that one too.
        context, _ = initial_context(config)
    except GraphLoadError as error:
        _print_problems(config, list(error.errors))
        return 1
    # This process serves nothing: each worker loads the data itself (from the parsed-data
    # cache this check has just filled), so this copy is dropped.
    del context
    gc.collect()
    uvicorn.run("server.app:create_app", factory=True, workers=config.workers, **options)
    return 0


def _print_problems(config: Config, problems: list[DataError]) -> None:
    print(
        f"orggraph: not starting: the data in {config.data_path} has {len(problems)} problem(s):",
        file=sys.stderr,
    )
    for problem in problems:
        print(problem, file=sys.stderr)


def _raise_file_limit(config: Config) -> None:
    """Let the process hold `max_connections` sockets: raise the soft RLIMIT_NOFILE as far as
    the hard limit allows (the default soft limit, 1,024, is exhausted by idle connections
    long before any other limit applies), and say so when it is still too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = config.connections.max_connections + FD_RESERVE
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        soft = target
    if soft != resource.RLIM_INFINITY and soft < wanted:
        print(
            f"orggraph: warning: only {soft} file descriptors allowed (hard limit); "
            f"ORGGRAPH_MAX_CONNECTIONS is {config.connections.max_connections}: lower it to "
            f"{max(soft - FD_RESERVE, 1)} or raise the limit",
            file=sys.stderr,
        )
