"""The peer for bench/bench_misses.py: Strawberry's own ASGI view (`strawberry.asgi.GraphQL`)
mounted on our schema, with the same data and `Context`, on uvicorn with httptools, one worker.

    .venv/bin/python -m bench.peer_app   # HOST, PORT, ORGGRAPH_DATA, ORGGRAPH_CACHE_DIR

Strawberry's view runs `schema.execute` (async), graphql-core's executor: what a plain
Strawberry server does with this schema. `/healthz` answers "ok" so the bench can wait for it.
"""

from __future__ import annotations

import os
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from api.root import schema
from graph.cache.store import load_graph_cached
from schema.context import Context
from server.config import Config


class View(GraphQL[Context, None]):
    def __init__(self, context: Context) -> None:
        super().__init__(schema, graphql_ide=None)
        self._context = context

    async def get_context(self, request: Any, response: Any) -> Context:
        return self._context


def main() -> None:
    config = Config.from_env()
    context = Context.for_graph(load_graph_cached(config.data_path, config.data_cache))

    async def healthz(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    view = View(context)
    app = Starlette(routes=[Route("/healthz", healthz), Route("/graphql", view, methods=["POST"])])
    port = int(os.environ["PORT"])
    uvicorn.run(app, host="127.0.0.1", port=port, http="httptools", log_level="warning")


if __name__ == "__main__":
    main()
