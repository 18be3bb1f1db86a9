"""From an HTTP request to GraphQL parameters, refusing anything malformed with a 4xx.

The body is capped before it is read (Content-Length) and while it is read (chunked bodies),
and must arrive within a time limit; only then is it decoded. Each refusal says what to fix.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import orjson
from starlette.datastructures import QueryParams
from starlette.requests import ClientDisconnect, Request

from server.errors import HttpError

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Params:
    """The GraphQL-over-HTTP request parameters."""

    query: str
    operation_name: str | None
    variables: dict[str, Any] | None
    extensions: dict[str, Any] | None
    # A trusted document's id (`documentId`, or Relay's `doc_id`): server/trusted.py.
    document_id: str | None = None


def negotiate(accept: str | None) -> str:
    """The response media type for an Accept header, per the GraphQL-over-HTTP spec.

    No header, `*/*` and `application/*` mean application/json (the spec's advice for legacy
    clients); application/graphql-response+json wins when listed with at least the same q.
    """
    if not accept or not accept.strip():
        return JSON
    best, best_q = None, 0.0
    for item in accept.split(","):
        media, *parameters = (part.strip().lower() for part in item.split(";"))
        q = _quality(parameters)
        if media == GRAPHQL_RESPONSE:
            candidate = GRAPHQL_RESPONSE
        elif media in (JSON, "application/*", "*/*"):
            candidate = JSON
        else:
            continue
        if q > best_q or (q == best_q and q > 0 and candidate == GRAPHQL_RESPONSE):
            best, best_q = candidate, q
    if best is None:
        raise HttpError(
            406,
            f"This endpoint answers {GRAPHQL_RESPONSE} or {JSON}; the Accept header allows "
            "neither.",
            code="NOT_ACCEPTABLE",
        )
    return best


def _quality(parameters: list[str]) -> float:
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


async def read_params(request: Request, max_bytes: int, timeout: float) -> Params:
    """The parameters of a GET (query string) or POST (JSON body) request."""
    if request.method == "POST":
        _check_content_type(request.headers.get("content-type"))
        body = await read_body(request, max_bytes, timeout)
        return _from_mapping(_decode_json(body), source="body")
    if request.headers.get("content-length", "0") != "0" or "transfer-encoding" in request.headers:
        raise HttpError(400, "A GET request must not have a body: send the query with POST.")
    if len(request.scope.get("query_string", b"")) > max_bytes:
        raise HttpError(
            414,
            f"The query string is longer than {max_bytes} bytes (maxBodyBytes): send the query "
            "with POST, or a shorter one.",
            code="LIMIT_EXCEEDED",
            extensions={"limit": "maxBodyBytes", "allowed": max_bytes},
        )
    return _url_params(request.scope.get("query_string", b""))


_JSON_PARAMS = frozenset({"variables", "extensions"})
_ID_NAMES = ("documentId", "doc_id")


# Decoding a query string is slow in Python (urllib unquotes each %XX in a loop: ~60 µs for a
# viewer query, more than answering it from the response cache), and a cacheable GET repeats
# the same URL: the parameters of the last 256 are kept (each within maxBodyBytes; a refused
# one raises and is not kept). Params are frozen; nothing writes into their dictionaries.
@lru_cache(maxsize=256)
def _url_params(query_string: bytes) -> Params:
    query_params = QueryParams(query_string)
    values: dict[str, Any] = {}
    for name in ("query", "operationName", "variables", "extensions", *_ID_NAMES):
        given = query_params.getlist(name)
        if len(given) > 1:
            raise HttpError(400, f"`{name}` appears {len(given)} times in the URL; give it once.")
        if given:
            values[name] = _decode_json(given[0].encode()) if name in _JSON_PARAMS else given[0]
    return _from_mapping(values, source="URL")


def _check_content_type(content_type: str | None) -> None:
    media, *parameters = (part.strip().lower() for part in (content_type or "").split(";"))
    charsets = [p.partition("=")[2].strip('"') for p in parameters if p.startswith("charset=")]
    if media != JSON or any(charset not in ("utf-8", "utf8") for charset in charsets):
        raise HttpError(
            415,
            "POST a JSON body with `Content-Type: application/json` (UTF-8), not "
            f"{content_type or 'no Content-Type'}.",
            code="UNSUPPORTED_MEDIA_TYPE",
        )


async def read_body(request: Request, max_bytes: int, timeout: float) -> bytes:
    """The body, refused with 413 once it is known to exceed `max_bytes` (before parsing)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > max_bytes):
        raise _too_large(max_bytes) if declared.isdigit() else HttpError(400, "Bad Content-Length.")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > max_bytes:
                    raise _too_large(max_bytes)
                chunks.append(chunk)
    except TimeoutError:
        raise HttpError(
            408, f"The request body did not arrive within {timeout:g} s.", code="REQUEST_TIMEOUT"
        ) from None
    except ClientDisconnect:
        raise HttpError(400, "The client disconnected before sending the whole body.") from None
    body = b"".join(chunks)
    if not body:
        raise HttpError(400, 'The body is empty: POST {"query": "..."} as JSON.')
    return body


def _too_large(max_bytes: int) -> HttpError:
    return HttpError(
        413,
        f"The request body is larger than {max_bytes} bytes (maxBodyBytes). Send a smaller "
        "document (large variables belong in smaller, separate requests).",
        code="LIMIT_EXCEEDED",
        extensions={"limit": "maxBodyBytes", "allowed": max_bytes},
    )


def _decode_json(raw: bytes) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "The request is not valid UTF-8.") from None
        raise HttpError(400, f"The request is not valid JSON: {error}.") from None


def _from_mapping(values: Any, *, source: str) -> Params:
    if not isinstance(values, Mapping):
        raise HttpError(400, f'The {source} must be a JSON object: {{"query": "...", ...}}.')
    extensions = _object_or_null(values, "extensions")
    document_id = _document_id(values)
    query = values.get("query")
    if query is None and (
        document_id is not None or (extensions is not None and "persistedQuery" in extensions)
    ):
        query = ""  # an id or a hash stands for it (server/trusted.py, server/persisted.py)
    if query is None:
        raise HttpError(400, f"The {source} has no `query`: send the GraphQL document in it.")
    if not isinstance(query, str):
        raise HttpError(400, "`query` must be a string holding a GraphQL document.")
    operation_name = values.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise HttpError(400, "`operationName` must be a string or null.")
    variables = _object_or_null(values, "variables")
    return Params(query, operation_name or None, variables, extensions, document_id)


def _document_id(values: Mapping[str, Any]) -> str | None:
    given = [values[name] for name in _ID_NAMES if values.get(name) is not None]
    if not given:
        return None
    if len(given) > 1 or not isinstance(given[0], str) or not given[0].strip():
        raise HttpError(400, "Name the document once, as a string in `documentId`.")
    return str(given[0]).strip()


def _object_or_null(values: Mapping[str, Any], name: str) -> dict[str, Any] | None:
    value = values.get(name)
    if value is not None and not isinstance(value, dict):
        raise HttpError(400, f"`{name}` must be a JSON object (a map of names to values) or null.")
    return value
