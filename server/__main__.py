"""Start the service: `python -m server` (what `make run` and the Procfile run).

Configuration comes from the environment (server/config.py). Unlike `uvicorn server.app:...`,
a problem found before serving ends start-up with a message, not a traceback:

    exit 2   a configuration variable holds an unusable value
    exit 1   the data is invalid: every problem is listed, one `file:line:column: message` a line

With WEB_CONCURRENCY above 1, that many worker processes serve (each loads the data itself,
after this process has checked it, and each polls the data files for changes, so all of them
move to a new data version within a reload interval of each other).

HTTP is parsed by httptools (`uvicorn[standard]`), named explicitly: uvicorn's default h11
protocol with several workers loses TCP_NODELAY and stalls small responses ~44 ms each
(uvicorn issue #3149); httptools is also ~3x faster (../shared/MEASURED.md). Its protocol is
wrapped with connection limits (server/protocol.py: idle and header timeouts, header and URL
size, a cap on connections).

With invalid files and a last good version in the parsed-data cache, start-up goes on serving
that version (server/dataload.py) and logs every problem.
"""

from __future__ import annotations

import gc
import math
import resource
import sys

import uvicorn

from graph.load.errors import GraphLoadError
from server import logs
from server.app import create_app
from server.config import Config, ConfigError
from server.dataload import initial_context
from server.protocol import GuardedHttpTools

# uvicorn's httptools protocol with connection limits (server/protocol.py), by import path so
# that worker processes load it too.
HTTP = "server.protocol:GuardedHttpTools"
FD_RESERVE = 64  # descriptors kept for data files, the cache, logs and the listening socket


def main() -> int:
    try:
        config = Config.from_env()
    except ConfigError as error:
        print(f"orggraph: {error}", file=sys.stderr)
        return 2
    logs.configure()
    try:
        context, status = initial_context(config)  # invalid files: the last good version, if any
    except GraphLoadError as error:
        print(
            f"orggraph: not starting: the data in {config.data_path} has "
            f"{len(error.errors)} problem(s):",
            file=sys.stderr,
        )
        for problem in error.errors:
            print(problem, file=sys.stderr)
        return 1
    _raise_file_limit(config)
    GuardedHttpTools.limits = config.connections
    keepalive = math.ceil(config.connections.keepalive_timeout)  # the protocol's is exact
    if config.workers > 1:
        # The manager process serves nothing: each worker loads the data itself (from the
        # parsed-data cache this check has just filled), so this copy is dropped.
        del context
        gc.collect()
        uvicorn.run(
            "server.app:create_app",
            factory=True,
            workers=config.workers,
            host=config.host,
            port=config.port,
            http=HTTP,
            server_header=False,
            timeout_keep_alive=keepalive,
        )
    else:
        app = create_app(config, context=context, status=status)
        uvicorn.run(
            app,
            host=config.host,
            port=config.port,
            http=HTTP,
            server_header=False,
            timeout_keep_alive=keepalive,
        )
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
