"""The /graphql endpoint, GraphQL over HTTP, as a pipeline of small stages:

    negotiate     Accept -> application/graphql-response+json or application/json (else 406)
    read_params   method, Content-Type, body size and time, JSON, parameters (else 4xx)
    document      a trusted document's id stands for its text; in trusted mode nothing else
                  runs (server/trusted.py)
    revalidate    GET with `If-None-Match` naming this request's ETag: 304, nothing runs
    persisted     an automatic persisted query's hash stands for its document
                  (server/persisted.py)
    cache         a query's encoded response, per data version (web/response_cache.py)
    execute       the schema parses, checks the limits and validates (cached per document
                  text), costs, then runs the operation on the request's graph snapshot
                  (execute and encode run in the work pool, web/work.py; a full pool
                  answers 503 with Retry-After)
    encode        status code per media type, errors masked unless the client caused them;
                  only complete results without errors are cached (web/httpcache.py)

Status codes follow the GraphQL-over-HTTP spec: with application/graphql-response+json a
request error (no `data`: syntax, validation, a limit, variable coercion) is a 400; with
application/json every well-formed request gets a 200, so older clients keep working. Requests
that are not well formed get a 4xx in both: 400, 405 (a mutation over GET), 406, 408, 413, 414,
415. A browser navigating here (`Accept: text/html`) is redirected to `/graphiql` with the same
query string (302, `Cache-Control: no-store`): the HTML lives at its own URL, so no cache can
hand a page to an API client or JSON to a browser.

Metrics (web/metrics.py): each request with well-formed parameters counts once in
`orggraph_graphql_operations_total` by operation name and outcome: ok (cache hits and 304s
too), request_error, refused (and by which limit: the query limits, or maxBodyBytes and
bodyTimeout for the HTTP ones), field_error (data with errors the client caused),
internal_error (masked).

HTTP caching: a successful GET gets an `ETag` (data version + request), `Cache-Control` from
ORGGRAPH_CACHE_CONTROL plus `s-maxage`, `CDN-Cache-Control` for shared caches and
`Vary: Accept, Accept-Encoding`; POST responses and every error get `Cache-Control: no-store`
and no ETag.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from schema.context import Context
from schema.errors import BAD_USER_INPUT, INTERNAL_SERVER_ERROR, is_client_error
from schema.guard.limits import LimitExceeded
from server.config import Config
from server.errors import HttpError
from server.holder import GraphHolder
from server.logs import REQUEST_ID
from server.observe import OPERATION_KEY
from server.params import GRAPHQL_RESPONSE, JSON, Params, negotiate, read_params
from server.persisted import PersistedQueries, query_hash, requested_hash
from server.trusted import TrustedDocuments
from web import metrics
from web.httpcache import HttpCaching
from web.response_cache import Cached, Key
from web.snapshot import attached
from web.work import Overloaded, WorkPool

logger = logging.getLogger("orggraph.graphql")

INTERNAL_ERROR = "Internal server error: the problem was logged; please report it"
QUERIES_ONLY = frozenset({OperationType.QUERY})
_METHODS = ("GET", "HEAD", "POST")
NO_STORE = "no-store"
OK, REQUEST_ERROR, REFUSED = "ok", "request_error", "refused"
FIELD_ERROR, INTERNAL_ERROR_OUTCOME = "field_error", "internal_error"
# HTTP-level refusals, named like the query limits (`extensions.limit`).
# 503: the work pool and its queue were full (ORGGRAPH_EXEC_THREADS, ORGGRAPH_EXEC_QUEUE).
_HTTP_LIMITS = {408: "bodyTimeout", 413: "maxBodyBytes", 414: "maxBodyBytes", 503: "execQueue"}
Outcome = tuple[str, str]  # (outcome, limit or "")


class GraphQLEndpoint:
    """The ASGI app mounted at /graphql."""

    def __init__(
        self,
        schema: BaseSchema,
        holder: GraphHolder,
        config: Config,
        caching: HttpCaching,
        trusted: TrustedDocuments,
        operation_names: metrics.OperationNames | None = None,
        pool: WorkPool | None = None,
    ) -> None:
        self._schema = schema
        self._names = operation_names or metrics.OperationNames(())
        self._pool = pool or WorkPool(1, 0)
        self._holder = holder
        self._config = config
        self._caching = caching
        self._trusted = trusted
        self._persisted = PersistedQueries(config.apq_max_queries, config.apq_max_bytes)
        self._vary = caching.vary("Accept")
        self._get_headers = {
            "Vary": self._vary,
            "Cache-Control": config.graphql_cache_control,
            "CDN-Cache-Control": config.cdn_cache_control,
        }
        self._post_headers = {"Vary": self._vary, "Cache-Control": NO_STORE}

    @property
    def persisted(self) -> PersistedQueries:
        return self._persisted

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
            return _to_graphiql(request)
        media = JSON
        label = metrics.OTHER
        try:
            media = negotiate(request.headers.get("accept"))
            params = await read_params(
                request, self._config.max_body_bytes, self._config.body_timeout
            )
            label = self._names.label(params.operation_name, params.query)
            request.scope.setdefault("state", {})[OPERATION_KEY] = label
            response, (outcome, limit) = await self.answer(
                request, params, media, self._context(request)
            )
        except HttpError as error:
            limit = _HTTP_LIMITS.get(error.status, "")
            metrics.OPERATIONS.labels(label, REFUSED if limit else REQUEST_ERROR, limit).inc()
            return _error_response(error, media)
        metrics.OPERATIONS.labels(label, outcome, limit).inc()
        return response

    async def answer(
        self, request: Request, params: Params, media: str, context: Context
    ) -> tuple[Response, Outcome]:
        """The response to well-formed parameters (304, a cached response, or a new one, run
        in the work pool, web/work.py: never on the event loop) and its outcome."""
        params, sha, automatic = self.document(params)
        version = context.graph.version
        conditional = request.method != "POST"
        headers = self._get_headers if conditional else self._post_headers
        caching = self._caching
        if conditional and "if-none-match" in request.headers:
            parts = _etag_parts(params, media, sha)
            if parts is not None:
                etag = caching.etag(version, parts)
                not_modified = caching.not_modified(request, etag, headers, exists=False)
                if not_modified is not None:
                    return not_modified, (OK, "")
        if automatic:
            assert sha is not None
            params = self._persisted.resolve(params, sha)
        key = _cache_key(params, media)
        entry = None if key is None else caching.cache.get(version, key)
        if entry is None:
            try:
                encoded = await self._pool.run(self.compute, params, context, request.method, media)
            except Overloaded as busy:
                raise HttpError(
                    503, busy.message, code="SERVICE_UNAVAILABLE", headers=busy.headers
                ) from None
            if automatic and encoded.valid:
                assert sha is not None
                self._persisted.register(sha, params.query)
            parts = _etag_parts(params, media, sha)
            if key is None or parts is None or not encoded.cacheable:
                no_store = {"Vary": self._vary, "Cache-Control": NO_STORE}
                response = caching.plain(request, encoded.body, encoded.status, media, no_store)
                return response, encoded.outcome
            entry = Cached(encoded.body, encoded.status, media, caching.etag(version, parts))
            caching.cache.put(version, key, entry)
        elif automatic:
            assert sha is not None
            self._persisted.register(sha, params.query)  # still known, as long as it is used
        assert key is not None  # an entry was found or made under it
        response = caching.respond(request, version, key, entry, headers, conditional=conditional)
        return response, (OK, "")

    def document(self, params: Params) -> tuple[Params, str | None, bool]:
        """(params with the document's text, its SHA-256 when known without hashing the text,
        whether it is an automatic persisted query's hash); refuses what trusted mode forbids."""
        trusted = self._trusted
        named = params.document_id or requested_hash(params)
        if named is None:
            return params, trusted.check_text(params.query) if trusted.enforce else None, False
        document = trusted.lookup(named)
        if document is None:
            if trusted.enforce or params.document_id is not None:
                raise trusted.unknown(named)
            return params, named, True  # open mode: automatic persisted queries, as before
        if params.query and params.query != document.text:
            if query_hash(params.query) != document.sha256:
                raise HttpError(400, "The document sent is not the one its id names.")
        return replace(params, query=document.text), document.sha256, False

    def _context(self, request: Request) -> Context:
        # The edge middleware took the snapshot (and named its version in a header).
        context = attached(request)
        return self._holder.current if context is None else context

    def compute(self, params: Params, context: Context, method: str, media: str) -> Encoded:
        """Execute and encode: the CPU-bound part of a miss, run in a pool thread."""
        return encode_result(self.execute(params, context, method), media)

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


def _to_graphiql(request: Request) -> Response:
    """A browser's navigation to /graphql: GraphiQL at its own URL, never stored by a cache."""
    prefix = request.scope.get("root_path", "").rstrip("/")
    query = request.scope.get("query_string", b"").decode("latin-1")
    target = f"{prefix}/graphiql" + (f"?{query}" if query else "")
    headers = {"Vary": "Accept", "Cache-Control": NO_STORE}
    return RedirectResponse(target, status_code=302, headers=headers)


def _variables_json(params: Params) -> bytes | None:
    """The variables as canonical JSON (sorted keys), None for none; raises TypeError when they
    nest deeper than orjson writes (such a request runs, uncached)."""
    if not params.variables:
        return None
    return orjson.dumps(params.variables, option=orjson.OPT_SORT_KEYS)


def _cache_key(params: Params, media: str) -> Key | None:
    """What a query's response depends on besides the data version (None: do not cache)."""
    try:
        return (media, params.query, params.operation_name, _variables_json(params))
    except TypeError:
        return None


def _etag_parts(params: Params, media: str, sha: str | None) -> Key | None:
    # The document by its SHA-256, so a persisted query's hash gives the tag without the text.
    try:
        variables = _variables_json(params)
    except TypeError:
        return None
    return (media, sha or query_hash(params.query), params.operation_name, variables)


@dataclass(frozen=True, slots=True)
class Encoded:
    body: bytes
    status: int
    cacheable: bool  # complete data and no error at all
    valid: bool  # the document parsed and validated (a persisted query may be stored)
    outcome: Outcome = (OK, "")


def encode_result(result: ExecutionResult, media: str) -> Encoded:
    """The body and status for an execution result; unexpected errors are masked."""
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
    valid = not request_error
    cacheable = valid and not errors and result.data is not None
    return Encoded(orjson.dumps(body), status, cacheable, valid, _outcome(result, request_error))


def _outcome(result: ExecutionResult, request_error: bool) -> Outcome:
    errors = result.errors or ()
    for error in errors:
        refusal = error if isinstance(error, LimitExceeded) else error.original_error
        if isinstance(refusal, LimitExceeded):
            return REFUSED, str((refusal.extensions or {}).get("limit", ""))
    if any(not is_client_error(error) for error in errors):
        return INTERNAL_ERROR_OUTCOME, ""
    if request_error:
        return REQUEST_ERROR, ""
    return (FIELD_ERROR if errors else OK), ""


def _masked(error: GraphQLError) -> GraphQLError:
    if is_client_error(error):
        return error
    message = f"{INTERNAL_ERROR} (request id {REQUEST_ID.get()})."
    return GraphQLError(
        message, nodes=error.nodes, path=error.path, extensions={"code": INTERNAL_SERVER_ERROR}
    )


def _formatted(error: GraphQLError) -> dict[str, Any]:
    """The error as JSON, with the machine-readable `extensions.code` its origin gave it
    (schema/errors.py lists them)."""
    formatted: dict[str, Any] = dict(error.formatted)
    extensions = formatted.get("extensions") or {}
    if "code" not in extensions:
        # Raised by graphql-core while resolving a field without a code of ours: about this
        # request's input (masked bugs have their code already).
        extensions = {"code": BAD_USER_INPUT, **extensions}
    formatted["extensions"] = extensions
    return formatted


def _error_response(error: HttpError, media: str) -> Response:
    return _json(error.body(), error.status, media, error.headers)


def _json(body: dict[str, Any], status: int, media: str, headers: Any = None) -> Response:
    return _raw(orjson.dumps(body), status, media, headers)


def _raw(body: bytes, status: int, media: str, headers: Any = None) -> Response:
    all_headers = {"Vary": "Accept", "Cache-Control": NO_STORE, **dict(headers or {})}
    return Response(body, status, headers=all_headers, media_type=media)
