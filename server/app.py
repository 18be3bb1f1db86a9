"""The application factory: `uvicorn server.app:create_app --factory`.

The graph is loaded here, once, before the first request; a data problem stops start-up with
every error listed (file:line:column), rather than serving half the data.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route

from api.root import schema
from graph.cache.store import load_graph_cached
from schema.context import Context
from server import logs
from server.benchroute import ceiling_route
from server.config import Config
from server.edge import Edge
from server.exports import export_routes
from server.graphiql import asset_routes, graphiql_page
from server.graphql import GraphQLEndpoint
from server.holder import GraphHolder
from server.purge import Purger
from server.reload import DataWatcher, freeze_heap
from server.trusted import TrustedDocuments
from viewer.routes import viewer_routes
from web.httpcache import HttpCaching
from web.response_cache import ResponseCache
from web.snapshot import snapshot

logger = logging.getLogger("orggraph")


def create_app(config: Config | None = None, *, context: Context | None = None) -> Starlette:
    """Build the app from `config` (default: the environment) and a graph snapshot.

    Tests pass `context` to serve a small graph; otherwise the data at `config.data_path` is
    loaded (raising `graph.load.errors.GraphLoadError` with every problem if it is invalid).
    """
    config = Config.from_env() if config is None else config
    logs.configure()
    if context is None:
        graph = load_graph_cached(config.data_path, config.data_cache)
        context = Context.for_graph(graph, config.limits)
        logger.info(
            "loaded %d entities from %s (version %s)",
            len(context.graph.entities),
            config.data_path,
            context.graph.version,
        )
    holder = GraphHolder(dataclasses.replace(context, limits=config.limits))

    async def healthz(request: Request) -> JSONResponse:
        graph = snapshot(request).graph
        return JSONResponse(
            {"status": "ok", "dataVersion": graph.version, "entities": len(graph.entities)},
            headers={"Cache-Control": "no-store"},
        )

    # One byte budget for GraphQL results and viewer pages; a reload empties it.
    cache = ResponseCache(config.response_cache_bytes, holder.current.graph.version)
    holder.on_swap(lambda new: cache.retain(new.graph.version))
    # Tags also change with the limits (they decide what is refused).
    caching = HttpCaching(cache, repr(config.limits), config.gzip_min_bytes)
    # Read before serving: a broken manifest stops start-up (server/__main__.py says why).
    trusted = TrustedDocuments.from_config(config.trusted_documents, config.documents)
    view = GraphQLEndpoint(schema, holder, config, caching, trusted)
    pages = viewer_routes(
        config.assets_dir, caching, config.viewer_cache_control, config.cdn_cache_control
    )
    # Shared caches drop other versions' answers when this process moves to a new one.
    purger = Purger(config.purge_urls)
    holder.on_swap(lambda new: purger.announce(new.graph.version))
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET", "HEAD"], name="healthz"),
        Route("/graphql", view, name="graphql"),
        Route("/graphiql", graphiql_page, methods=["GET", "HEAD"], name="graphiql"),
        *asset_routes(config.assets_dir),
        *export_routes(config.gzip_min_bytes),
        *([ceiling_route(view, config)] if config.bench_routes else []),
        # Last: the viewer answers every other GET path (with its own 404 page).
        Mount("/", routes=pages, name="viewer"),
    ]
    # Outermost: request id, snapshot, data version and security headers on every response.
    middleware = [Middleware(Edge, holder=holder)]
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type", "Accept"],
                max_age=600,
            )
        )
    lifespan = _watching(holder, config, purger)
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.config = config
    app.state.graph_holder = holder
    app.state.response_cache = cache
    app.state.graphql = view
    app.state.purger = purger
    return app


def _watching(
    holder: GraphHolder, config: Config, purger: Purger
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """While the server runs, reload the data when it changes (server/reload.py)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watcher = DataWatcher(
            holder, config.data_path, config.limits, config.reload_interval, config.data_cache
        )
        app.state.data_watcher = watcher
        graph = holder.current.graph
        logger.info(
            "serving %d entities from %s (data version %s); reload: %s",
            len(graph.entities),
            config.data_path,
            graph.version,
            f"every {config.reload_interval:g} s and on SIGHUP"
            if config.reload_interval > 0
            else "on SIGHUP",
        )
        watcher.on_sighup()
        # A deploy is a new version too (with polling off, the only way one arrives).
        purger.announce(graph.version)
        freeze_heap()  # after start-up's garbage is gone: what remains lives until a reload
        task = asyncio.create_task(watcher.run()) if config.reload_interval > 0 else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()

    return lifespan
