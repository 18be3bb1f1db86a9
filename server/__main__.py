"""Start the service: `python -m server` (what `make run` and the Procfile run).

Configuration comes from the environment (server/config.py). Unlike `uvicorn server.app:...`,
a problem found before serving ends start-up with a message, not a traceback:

    exit 2   a configuration variable holds an unusable value (or names an unusable trusted
             documents manifest)
    exit 1   the data is invalid: every problem is listed, one `file:line:column: message` a line

With WEB_CONCURRENCY above 1, that many worker processes serve (each loads the data itself,
after this process has checked it, and each polls the data files for changes, so all of them
move to a new data version within a reload interval of each other).

HTTP is parsed by httptools (`uvicorn[standard]`), named explicitly: uvicorn's default h11
protocol with several workers loses TCP_NODELAY and stalls small responses ~44 ms each
(uvicorn issue #3149); httptools is also ~3x faster (../shared/MEASURED.md).
"""

from __future__ import annotations

import gc
import sys

import uvicorn

from graph.cache.store import load_graph_cached
from graph.load.errors import GraphLoadError
from schema.context import Context
from server.app import create_app
from server.config import Config, ConfigError
from server.trusted import ManifestError, TrustedDocuments

HTTP = "httptools"


def main() -> int:
    try:
        config = Config.from_env()
        TrustedDocuments.from_config(config.trusted_documents, config.documents)
    except (ConfigError, ManifestError) as error:
        print(f"orggraph: {error}", file=sys.stderr)
        return 2
    try:
        graph = load_graph_cached(config.data_path, config.data_cache)
    except GraphLoadError as error:
        print(
            f"orggraph: not starting: the data in {config.data_path} has "
            f"{len(error.errors)} problem(s):",
            file=sys.stderr,
        )
        for problem in error.errors:
            print(problem, file=sys.stderr)
        return 1
    if config.workers > 1:
        # The manager process serves nothing: each worker loads the data itself (from the
        # parsed-data cache this check has just filled), so this copy is dropped.
        del graph
        gc.collect()
        uvicorn.run(
            "server.app:create_app",
            factory=True,
            workers=config.workers,
            host=config.host,
            port=config.port,
            http=HTTP,
            server_header=False,
        )
    else:
        app = create_app(config, context=Context.for_graph(graph, config.limits))
        uvicorn.run(app, host=config.host, port=config.port, http=HTTP, server_header=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
