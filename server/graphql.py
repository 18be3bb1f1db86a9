"""The /graphql endpoint, GraphQL over HTTP, as a pipeline of small stages:

    negotiate     Accept -> application/graphql-response+json or application/json (else 406)
    read_params   method, Content-Type, body size and time, JSON, parameters (else 4xx)
    execute       the schema parses, checks the limits and validates (cached per document
                  text), costs, then runs the operation on the request's graph snapshot
    encode        status code per media type, errors masked unless the client caused them

Status codes follow the GraphQL-over-HTTP spec: with application/graphql-response+json a
request error (no `data`: syntax, validation, a limit, variable coercion) is a 400; with
application/json every well-formed request gets a 200, so older clients keep working. Requests
that are not well formed get a 4xx in both: 400, 405 (a mutation over GET), 406, 408, 413, 414,
415. A browser navigating here gets the offline GraphiQL page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson
from graphql import GraphQLError, GraphQLSyntaxError
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from schema.context import Context
from schema.errors import is_client_error
from schema.limits import LimitExceeded
from server.config import Config
from server.errors import HttpError
from server.holder import GraphHolder
from server.logs import REQUEST_ID
from server.params import GRAPHQL_RESPONSE, JSON, Params, negotiate, read_params

logger = logging.getLogger("orggraph.graphql")

INTERNAL_ERROR = "Internal server error: the problem was logged; please report it"
QUERIES_ONLY = frozenset({OperationType.QUERY})
_METHODS = ("GET", "HEAD", "POST")


class GraphQLEndpoint:
    """The ASGI app mounted at /graphql."""

    def __init__(
        self,
        schema: BaseSchema,
        holder: GraphHolder,
        config: Config,
        graphiql_page: Callable[[Request], Response],
    ) -> None:
        self._schema = schema
        self._holder = holder
        self._config = config
        self._graphiql_page = graphiql_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        response = await self.handle(request)
        await response(scope, receive, send)

    async def handle(self, request: Request) -> Response:
        if request.method not in _METHODS:
            error = HttpError(
                405,
                "Use POST (or GET for queries).",
                code="METHOD_NOT_ALLOWED",
                headers={"Allow": "GET, POST"},
            )
            return _error_response(error, JSON)
        if _wants_graphiql(request):
            return self._graphiql_page(request)
        media = JSON
        try:
            media = negotiate(request.headers.get("accept"))
            params = await read_params(
                request, self._config.max_body_bytes, self._config.body_timeout
            )
            result = self.execute(params, self._context(request), request.method)
        except HttpError as error:
            return _error_response(error, media)
        return encode(result, media)

    def _context(self, request: Request) -> Context:
        # The edge middleware took the snapshot (and named its version in a header).
        context = request.scope.get("state", {}).get("context")
        return context if isinstance(context, Context) else self._holder.current

    def execute(self, params: Params, context: Context, method: str) -> ExecutionResult:
        try:
            return self._schema.execute_sync(
                params.query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=QUERIES_ONLY,
            )
        except MissingQueryError:
            raise HttpError(400, "`query` is empty: send a GraphQL document.") from None
        except CannotGetOperationTypeError as error:
            raise HttpError(400, _operation_problem(params, error)) from None
        except InvalidOperationTypeError as error:
            kind = error.operation_type.value
            if method != "POST" and error.operation_type is OperationType.MUTATION:
                raise HttpError(
                    405,
                    "Mutations cannot be sent with GET (and this API has none: it is read-only).",
                    code="METHOD_NOT_ALLOWED",
                    headers={"Allow": "POST"},
                ) from None
            raise HttpError(
                400, f"This API is read-only: it has no {kind}s, only queries."
            ) from None


def _operation_problem(params: Params, error: CannotGetOperationTypeError) -> str:
    if params.operation_name:
        return f"The document has no operation named `{params.operation_name}`."
    return "The document holds several operations (or none): say which with `operationName`."


def _wants_graphiql(request: Request) -> bool:
    # `?query=` does not turn the page off, and `*/*` (curl, fetch) does not turn it on: only a
    # browser navigating here gets HTML.
    return request.method in ("GET", "HEAD") and "text/html" in request.headers.get("accept", "")


def encode(result: ExecutionResult, media: str) -> Response:
    """The response for an execution result; unexpected errors are masked (they were logged)."""
    errors = [_masked(error) for error in result.errors or ()]
    # A request error happened before execution (or stopped all of it): no `data` at all.
    request_error = result.data is None and bool(errors) and all(e.path is None for e in errors)
    bug = request_error and any(not is_client_error(e) for e in result.errors or ())
    body: dict[str, Any] = {} if request_error else {"data": result.data}
    if errors:
        body["errors"] = [_formatted(error) for error in errors]
        for error in errors:
            if isinstance(error, LimitExceeded):
                logger.info("refused: %s", error.message)
    status = 500 if bug else 400 if request_error and media == GRAPHQL_RESPONSE else 200
    return _json(body, status, media)


def _masked(error: GraphQLError) -> GraphQLError:
    if is_client_error(error):
        return error
    message = f"{INTERNAL_ERROR} (request id {REQUEST_ID.get()})."
    return GraphQLError(
        message, nodes=error.nodes, path=error.path, extensions={"code": "INTERNAL_SERVER_ERROR"}
    )


def _formatted(error: GraphQLError) -> dict[str, Any]:
    """The error as JSON, with a machine-readable `extensions.code` (Apollo Server's codes)."""
    formatted: dict[str, Any] = dict(error.formatted)
    if isinstance(error, GraphQLSyntaxError):
        code = "GRAPHQL_PARSE_FAILED"
    elif error.path is not None or error.message.startswith("Variable '$"):
        code = "BAD_USER_INPUT"  # an argument or variable the API cannot use
    else:
        code = "GRAPHQL_VALIDATION_FAILED"
    formatted["extensions"] = {"code": code, **(formatted.get("extensions") or {})}
    return formatted


def _error_response(error: HttpError, media: str) -> Response:
    return _json(error.body(), error.status, media, error.headers)


def _json(body: dict[str, Any], status: int, media: str, headers: Any = None) -> Response:
    response = Response(orjson.dumps(body), status, headers=dict(headers or {}), media_type=media)
    response.headers["Vary"] = "Accept"
    return response
