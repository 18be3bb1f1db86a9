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
from schema.context import Context
from server import logs
from server.benchroute import ceiling_route
from server.config import Config
from server.dataload import initial_context
from server.edge import Edge
from server.exports import export_routes
from server.graphiql import asset_routes, graphiql_page
from server.graphql import GraphQLEndpoint
from server.holder import CURRENT, DataStatus, GraphHolder
from server.reload import DataWatcher, freeze_heap
from viewer.routes import viewer_routes
from web.httpcache import HttpCaching
from web.response_cache import ResponseCache
from web.snapshot import snapshot
from web.work import WorkPool

logger = logging.getLogger("orggraph")


def create_app(
    config: Config | None = None,
    *,
    context: Context | None = None,
    status: DataStatus = CURRENT,
) -> Starlette:
    """Build the app from `config` (default: the environment) and a graph snapshot.

    Without `context`, the data is loaded by `server.dataload.initial_context`: invalid files
    mean the last good version (with `status` saying so), or
    `graph.load.errors.GraphLoadError` when there is none.
    Tests pass `context` to serve a small graph.
    """
    config = Config.from_env() if config is None else config
    logs.configure()
    if context is None:
        context, status = initial_context(config)
        logger.info(
            "loaded %d entities from %s (version %s%s)",
            len(context.graph.entities),
            config.data_path,
            context.graph.version,
            ", older than the files: they are invalid" if status.stale else "",
        )
    holder = GraphHolder(dataclasses.replace(context, limits=config.limits), status)

    async def healthz(request: Request) -> JSONResponse:
        graph = snapshot(request).graph
        body: dict[str, object] = {
            "status": "ok",
            "dataVersion": graph.version,
            "entities": len(graph.entities),
            "stale": holder.status.stale,
        }
        if holder.status.stale:
            body["staleReason"] = holder.status.reason
            body["filesVersion"] = holder.status.files_version
            body["problems"] = holder.status.problems
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    # One byte budget for GraphQL results and viewer pages; a reload empties it.
    cache = ResponseCache(config.response_cache_bytes, holder.current.graph.version)
    holder.on_swap(lambda new: cache.retain(new.graph.version))
    # Tags also change with the limits (they decide what is refused).
    caching = HttpCaching(cache, repr(config.limits), config.gzip_min_bytes)
    # Cache misses (queries, pages) run here, off the event loop, with a bounded queue.
    pool = WorkPool(config.exec_threads, config.exec_queue)
    WorkPool.start()
    view = GraphQLEndpoint(schema, holder, config, graphiql_page, caching, pool)
    pages = viewer_routes(config.assets_dir, caching, config.viewer_cache_control, pool)
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET", "HEAD"], name="healthz"),
        Route("/graphql", view, name="graphql"),
        *asset_routes(config.assets_dir),
        *export_routes(config.gzip_min_bytes, config.public_url),
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
    app = Starlette(routes=routes, middleware=middleware, lifespan=_watching(holder, config, pool))
    app.state.config = config
    app.state.graph_holder = holder
    app.state.response_cache = cache
    app.state.graphql = view
    app.state.work_pool = pool
    return app


def _watching(
    holder: GraphHolder, config: Config, pool: WorkPool
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """While the server runs, reload the data when it changes (server/reload.py)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
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
        watcher.on_sighup()
        freeze_heap()  # after start-up's garbage is gone: what remains lives until a reload
        task = asyncio.create_task(watcher.run()) if config.reload_interval > 0 else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            pool.shutdown()

    return lifespan


def _reload_mode(config: Config) -> str:
    if config.reload_interval <= 0:
        return "on SIGHUP only"
    every = f"every {config.reload_interval:g} s"
    if config.reload_marker is not None:
        return f"when {config.reload_marker} changes (checked {every}) and on SIGHUP"
    return f"{every} once changes settle for {config.reload_settle:g} s, and on SIGHUP"
