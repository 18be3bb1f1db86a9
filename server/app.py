"""The application factory: `uvicorn server.app:create_app --factory`.

The graph is loaded here, once, before the first request; a data problem stops start-up with
every error listed (file:line:column), rather than serving half the data, unless the parsed-data
cache holds a last good version of this data path: then that is served, marked stale
(server/dataload.py). `orggraph serve`
with one worker defers the load instead (`defer_load`, server/lifecycle.py): the port opens at
once and /readyz says 503 until the data is in.
"""

from __future__ import annotations

import dataclasses
import logging

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount, Route

from api.root import schema
from schema.context import Context
from server import logs
from server.benchroute import ceiling_route
from server.config import Config
from server.cors import cors_middleware
from server.dataload import Refused, initial_context, mark_started
from server.edge import Edge, StartupGate
from server.exports import export_routes
from server.graphiql import EXAMPLE_OPERATION, asset_routes, graphiql_page
from server.graphql import GraphQLEndpoint
from server.holder import GraphHolder
from server.lifecycle import LoadFailure, lifespan
from server.observe import Observe
from server.probes import probe_routes
from server.purge import Purger
from server.trusted import TrustedDocuments
from viewer.queries import OPERATIONS
from viewer.routes import viewer_routes
from web import metrics
from web.httpcache import HttpCaching
from web.response_cache import ResponseCache
from web.work import WorkPool

# Operation names counted under their own label (web/metrics.py); others are `other`:
# GraphiQL's, and the viewer's (each viewer page links to its query in GraphiQL).
KNOWN_OPERATIONS = ("IntrospectionQuery", EXAMPLE_OPERATION, *OPERATIONS)

logger = logging.getLogger("orggraph")


def create_app(
    config: Config | None = None,
    *,
    context: Context | None = None,
    defer_load: LoadFailure | None = None,
) -> Starlette:
    """Build the app from `config` (default: the environment) and a graph snapshot.

    Tests pass `context` to serve a small graph; otherwise the data at `config.data_path` is
    loaded by `server.dataload.initial_context` (invalid files: the last good version, marked
    stale, or `graph.load.errors.GraphLoadError` with every problem when there is none), or,
    with `defer_load`, loaded the same way once the server listens (`defer_load(problems)` when
    there is none).
    """
    config = Config.from_env() if config is None else config
    logs.configure(config.log_format)
    refused: Refused | None = None
    if context is None and defer_load is None:
        context, refused = initial_context(config)
        logger.info(
            "loaded %d entities from %s (version %s%s)",
            len(context.graph.entities),
            config.data_path,
            context.graph.version,
            ", older than the files: they are invalid" if refused is not None else "",
        )
    holder = GraphHolder(
        None if context is None else dataclasses.replace(context, limits=config.limits)
    )
    mark_started(holder.readiness, refused)
    if context is not None:
        metrics.data_loaded(
            context.graph.version, len(context.graph.entities), from_files=refused is None
        )

    # One byte budget for GraphQL results and viewer pages; a reload empties it.
    cache = ResponseCache(
        config.response_cache_bytes, context.graph.version if context is not None else ""
    )
    holder.on_swap(lambda new: cache.retain(new.graph.version))
    # Tags also change with the limits (they decide what is refused).
    caching = HttpCaching(cache, repr(config.limits), config.gzip_min_bytes)
    names = metrics.OperationNames(KNOWN_OPERATIONS)
    # Cache misses (queries, pages) run here, off the event loop, with a bounded queue.
    pool = WorkPool(config.exec_threads, config.exec_queue)
    WorkPool.start()
    # Read before serving: a broken manifest stops start-up (server/cli.py says why).
    trusted = TrustedDocuments.from_config(config.trusted_documents, config.documents)
    view = GraphQLEndpoint(schema, holder, config, caching, trusted, names, pool)
    pages = viewer_routes(
        config.assets_dir, caching, config.viewer_cache_control, config.cdn_cache_control, pool
    )
    # Shared caches drop other versions' answers when this process moves to a new one.
    purger = Purger(config.purge_urls)
    holder.on_swap(lambda new: purger.announce(new.graph.version))
    routes: list[BaseRoute] = [
        *probe_routes(holder),
        Route("/graphql", view, name="graphql"),
        Route("/graphiql", graphiql_page, methods=["GET", "HEAD"], name="graphiql"),
        *asset_routes(config.assets_dir),
        *export_routes(config.gzip_min_bytes, config.public_url),
        *([ceiling_route(view, config)] if config.bench_routes else []),
        # Last: the viewer answers every other GET path (with its own 404 page).
        Mount("/", routes=pages, name="viewer"),
    ]
    # Outermost: request id, snapshot, data version and security headers on every response;
    # then the access log and request metrics; then the 503 while the data is loading.
    middleware = [
        Middleware(Edge, holder=holder),
        Middleware(Observe, access_log=config.access_log),
        Middleware(StartupGate, holder=holder),
    ]
    if config.cors_origins:
        middleware.append(
            cors_middleware(
                config.cors_origins, config.cors_allow_headers, config.cors_expose_headers
            )
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan(holder, config, defer_load, purger.announce, pool),
    )
    app.state.config = config
    app.state.graph_holder = holder
    app.state.response_cache = cache
    app.state.graphql = view
    app.state.purger = purger
    app.state.work_pool = pool
    return app
