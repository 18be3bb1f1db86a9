"""The outermost middleware: what every response gets, whichever route answers it.

- a request id (the client's `X-Request-ID` when it is a short token, else a new one), set for
  the logs and echoed in `X-Request-ID`;
- the graph snapshot the request reads, taken once here (`snapshot(request)`), and its version
  in `X-Data-Version`, so clients and caches can tell which data answered (and the logs);
- (`StartupGate`, placed inside the access log: before the first graph is loaded, a 503 with
  `Retry-After` to everything but the probes;)
- on every response a shared cache may store (200 or 304, `Cache-Control` without `no-store`
  or `private`), `Surrogate-Key: orggraph data-<version>`: the key the replicas' bans drop
  (server/purge.py);
- the security headers of `server/security.py` (a route may set its own CSP first);
- any exception that escapes a route is logged with the request id and answered with a bare
  500 that names the id and nothing else.
"""

from __future__ import annotations

import logging
import re
import uuid

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.holder import GraphHolder
from server.logs import DATA_VERSION, REQUEST_ID
from server.purge import surrogate_keys
from server.security import SECURITY_HEADERS
from web.snapshot import attach

logger = logging.getLogger("orggraph.http")

_CLIENT_ID = re.compile(rb"[A-Za-z0-9._:-]{1,64}")
PROBES = frozenset({"/healthz", "/readyz"})
_STARTING = orjson.dumps(
    {"errors": [{"message": "Starting: the data is still loading; retry in a moment."}]}
)
_STORABLE = frozenset({200, 304})
_NOT_SHARED = (b"no-store", b"private")


class Edge:
    def __init__(self, app: ASGIApp, holder: GraphHolder) -> None:
        self.app = app
        self.holder = holder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(scope)
        token = REQUEST_ID.set(request_id)
        extra = [(b"x-request-id", request_id.encode()), *SECURITY_HEADERS]
        version_token = None
        keys: tuple[bytes, bytes] | None = None
        if self.holder.loaded:
            context = self.holder.current
            attach(scope, context)
            version = context.graph.version
            extra.append((b"x-data-version", version.encode()))
            keys = (b"surrogate-key", surrogate_keys(version).encode())
            version_token = DATA_VERSION.set(version)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in extra if name not in present]
                if keys is not None and message["status"] in _STORABLE and _shared(headers):
                    headers.append(keys)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            logger.exception("unhandled error in %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _internal_error(request_id, send_with_headers)
        finally:
            REQUEST_ID.reset(token)
            if version_token is not None:
                DATA_VERSION.reset(version_token)


def _shared(headers: list[tuple[bytes, bytes]]) -> bool:
    """Whether a shared cache may store the response (it says how long: `Cache-Control`)."""
    for name, value in headers:
        if name.lower() == b"cache-control":
            lowered = bytes(value).lower()
            return not any(word in lowered for word in _NOT_SHARED)
    return False


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id" and _CLIENT_ID.fullmatch(value):
            return bytes(value).decode()
    return uuid.uuid4().hex[:16]


class StartupGate:
    """Until the first graph is loaded, answer everything but the probes with a 503 (inside the
    access log, so those count too)."""

    def __init__(self, app: ASGIApp, holder: GraphHolder) -> None:
        self.app = app
        self.holder = holder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.holder.loaded or scope.get("path") in PROBES:
            await self.app(scope, receive, send)
        else:
            await _starting(send)


async def _starting(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(_STARTING)).encode()),
                (b"retry-after", b"1"),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": _STARTING})


async def _internal_error(request_id: str, send: Send) -> None:
    body = orjson.dumps(
        {"errors": [{"message": f"Internal server error (request id {request_id})."}]}
    )
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
