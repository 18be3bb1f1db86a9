"""The /graphql endpoint: Strawberry's ASGI view, adapted to this service.

- The context is the holder's current snapshot, taken once per request.
- A browser (Accept: text/html) asking with GET gets our offline GraphiQL page, even with
  `?query=` in the URL, so other pages can link to a prefilled editor.
- Errors the client caused (`InputError`, invalid documents) pass through verbatim; any other
  exception (logged with its traceback by the schema) becomes a generic message: no internals
  reach a client.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult

from schema.context import Context
from schema.errors import is_client_error
from server.holder import GraphHolder

INTERNAL_ERROR = "Internal server error: the problem was logged; please report it."


class GraphQLView(GraphQL[Context, None]):
    def __init__(
        self,
        schema: BaseSchema,
        holder: GraphHolder,
        graphiql_page: Callable[[Request], Response],
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=True)
        self._holder = holder
        self._graphiql_page = graphiql_page

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return self._holder.current

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # Unlike Strawberry's rule, `?query=` does not turn the page off, and `*/*` (curl,
        # fetch) does not turn it on: only a browser navigating here gets HTML.
        return request.method == "GET" and "text/html" in request.headers.get("accept", "")

    async def render_graphql_ide(self, request: Request) -> Response:
        return self._graphiql_page(request)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        if result.errors:
            result.errors = [_mask(error) for error in result.errors]
        return await super().process_result(request, result)


def _mask(error: GraphQLError) -> GraphQLError:
    # The schema has logged it with its traceback (schema/root.py); the client gets no details.
    if is_client_error(error):
        return error
    return GraphQLError(INTERNAL_ERROR, nodes=error.nodes, path=error.path)
