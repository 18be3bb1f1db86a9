"""The access log and the request-duration histogram, for every response whatever answers it.

Sits just inside the edge middleware (which sets the request id and the data version the log
lines carry). One access line per request, `orggraph.access` at INFO:

    GET /graphql 200 0.4 ms op=Home version=3f2a9c01b2d4

with `method`, `path` (never the query string: it may hold a whole GraphQL document),
`status`, `duration_ms` and `operation` as fields of the JSON line. Control characters in the
path are escaped, so a request cannot forge a log line. ORGGRAPH_ACCESS_LOG=0 turns the lines
off (the histogram stays): each costs ~40 us, a share of a cache hit worth saving when the
proxy in front keeps an access log already.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.logs import DATA_VERSION
from web import metrics

logger = logging.getLogger("orggraph.access")

OPERATION_KEY = "operation"  # scope["state"][...]: the GraphQL endpoint's operation label


class Observe:
    def __init__(self, app: ASGIApp, *, access_log: bool = True) -> None:
        self.app = app
        self.access_log = access_log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the edge answers when an exception escapes

        async def send_seen(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_seen)
        finally:
            seconds = time.perf_counter() - started
            path = _printable(scope.get("path", ""))
            metrics.REQUEST_DURATION.labels(
                metrics.route_family(path), metrics.status_class(status)
            ).observe(seconds)
            if self.access_log:
                _log(scope, path, status, seconds)


def _log(scope: Scope, path: str, status: int, seconds: float) -> None:
    operation = scope.get("state", {}).get(OPERATION_KEY)
    method = scope.get("method", "")
    milliseconds = round(seconds * 1000, 3)
    logger.info(
        "%s %s %d %.1f ms op=%s version=%s",
        method,
        path,
        status,
        milliseconds,
        operation or "-",
        DATA_VERSION.get() or "-",
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": milliseconds,
            "operation": operation,
        },
    )


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
