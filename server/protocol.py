"""Connection-level limits for uvicorn's httptools protocol, which has none of its own.

uvicorn (0.54, httptools) waits forever for request headers, keeps a connection that never
sends a byte until the client goes, buffers headers of any size, and refuses what it cannot
parse with a bare 400 without our headers. `GuardedHttpTools` (the `http` protocol
`python -m server` names) adds, per connection (limits from server/config.py, `ConnectionLimits`):

- **idle timeout**: a connection that sends nothing for `keepalive_timeout` s after it opens
  (or after a response) is closed; uvicorn's own keep-alive timeout covers only the latter;
- **header timeout**: a request's line and headers must be complete within `header_timeout` s
  of the connection opening (or of the previous response); else 408 and close (slowloris);
- **header size**: request headers over `max_header_bytes` get 431, a request target over
  `max_url_bytes` gets 414 (at most 65,535: httptools' URL parser cannot go further), both
  answered before the rest is read;
- **a cap on connections**: beyond `max_connections` open ones, the oldest connection still
  waiting for its request's headers is closed to make room (so idle or slow clients cannot
  lock out new ones); when none is waiting, the new connection gets 503 and is closed;
- **our responses**: every status this layer sends (400, 408, 414, 431, 503) carries the
  security headers and a GraphQL-shaped JSON body, like the app's own errors.
"""

from __future__ import annotations

import asyncio
import functools
import http
import math
from collections import OrderedDict
from typing import Any

import orjson
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from server.config import Config, ConnectionLimits
from server.security import SECURITY_HEADERS

HTTPTOOLS_MAX_URL = 65_535  # http_parser_url keeps 16-bit offsets
# The request line's bytes besides the URL: the longest method, spaces, `HTTP/1.1`, CRLF.
REQUEST_LINE_EXTRA = 32

# Connections of this process waiting for request headers, oldest first (eviction order).
_waiting: OrderedDict[GuardedHttpTools, None] = OrderedDict()
_evicted = 0


@functools.cache
def _env_limits() -> ConnectionLimits:
    return Config.from_env().connections


def evictions() -> int:
    """Connections closed to make room for new ones since start (for metrics)."""
    return _evicted


def error_response(status: int, message: str, code: str, extra: tuple[str, ...] = ()) -> bytes:
    """A complete HTTP/1.1 response that closes the connection."""
    body = orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})
    phrase = http.HTTPStatus(status).phrase
    lines = [
        f"HTTP/1.1 {status} {phrase}",
        "content-type: application/json",
        f"content-length: {len(body)}",
        "connection: close",
        "cache-control: no-store",
        *extra,
    ]
    head = "\r\n".join(lines).encode() + b"\r\n"
    head += b"".join(name + b": " + value + b"\r\n" for name, value in SECURITY_HEADERS)
    return head + b"\r\n" + body


class GuardedHttpTools(HttpToolsProtocol):
    limits: ConnectionLimits | None = None  # set by `orggraph serve`; else from the env

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = self.limits or _env_limits()
        self._limits = limits
        self._max_url = min(limits.max_url_bytes, HTTPTOOLS_MAX_URL)
        self._max_header_total = limits.max_header_bytes + REQUEST_LINE_EXTRA
        self._too_large = (
            431,
            f"The request headers exceed {limits.max_header_bytes} bytes.",
            "REQUEST_HEADER_FIELDS_TOO_LARGE",
        )
        self.timeout_keep_alive = math.ceil(limits.keepalive_timeout)  # ours is exact
        self._timer: asyncio.TimerHandle | None = None
        self._head_started = 0.0
        self._head_bytes = 0
        self._url_bytes = 0
        self._in_head = False
        self._refusal: tuple[int, str, str] | None = None
        self._message_complete = True

    # The connection

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self._limits.max_connections and not self._make_room():
            self._refuse(503, "Too many connections; retry in a second.", "SERVICE_UNAVAILABLE")
            return
        self._start_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._end_head()
        super().connection_lost(exc)

    def _make_room(self) -> bool:
        global _evicted
        for victim in _waiting:
            if victim is not self:
                victim._end_head()
                victim.transport.close()
                _evicted += 1
                return True
        return False

    # Waiting for a request's line and headers

    def _start_head(self) -> None:
        self._in_head = True
        self._head_bytes = self._url_bytes = 0
        self._head_started = self.loop.time()
        _waiting[self] = None
        self._arm(self._limits.keepalive_timeout, self._idle_expired)

    def _end_head(self) -> None:
        self._in_head = False
        _waiting.pop(self, None)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _arm(self, delay: float, callback: Any) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self.loop.call_later(max(delay, 0.0), callback)

    def _idle_expired(self) -> None:
        self._end_head()
        if not self.transport.is_closing():
            self.transport.close()

    def _head_expired(self) -> None:
        self._refuse(
            408,
            f"The request headers did not arrive within {self._limits.header_timeout:g} s.",
            "REQUEST_TIMEOUT",
        )

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            if self._head_bytes == 0:  # the first byte: from idle to the header deadline
                deadline = self._head_started + self._limits.header_timeout
                self._arm(deadline - self.loop.time(), self._head_expired)
            self._head_bytes += _head_part(data)
        super().data_received(data)
        # Checked once the parser has seen this read (one read is at most 256 KiB): what is
        # not the URL is the request line's few other bytes and the headers.
        if self._in_head and self._head_bytes - self._url_bytes > self._max_header_total:
            self._refuse(*self._too_large)

    # Parser callbacks

    def on_url(self, url: bytes) -> None:
        self._url_bytes += len(url)
        if self._url_bytes > self._max_url:
            self._refusal = (414, f"The URL is longer than {self._max_url} bytes.", "URI_TOO_LONG")
            raise ValueError("URL too long")  # httptools re-raises it as a parser error
        super().on_url(url)

    def on_headers_complete(self) -> None:
        if self._head_bytes - self._url_bytes > self._max_header_total:
            self._refusal = self._too_large
            raise ValueError("headers too large")  # re-raised as a parser error, as above
        self._end_head()
        super().on_headers_complete()

    def on_message_begin(self) -> None:
        self._message_complete = False
        super().on_message_begin()

    def on_message_complete(self) -> None:
        self._message_complete = True
        super().on_message_complete()
        # Answered before its body had all arrived (a 413, say): the next head starts now.
        if self.cycle is not None and self.cycle.response_complete and not self._in_head:
            if not self.transport.is_closing() and not self.pipeline:
                self._start_head()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing() or self.pipeline:
            return
        if self._message_complete:
            self._start_head()
        else:  # the rest of the request's body must still arrive within the header timeout
            self._arm(self._limits.header_timeout, self._idle_expired)

    # Our own responses

    def send_400_response(self, msg: str) -> None:
        status, message, code = self._refusal or (400, msg, "BAD_REQUEST")
        self._refuse(status, message, code)

    def _refuse(self, status: int, message: str, code: str) -> None:
        self._end_head()
        if self.transport.is_closing():
            return
        extra = ("retry-after: 1",) if status == 503 else ()
        self.transport.write(error_response(status, message, code, extra))
        self.transport.close()


def _head_part(data: bytes) -> int:
    """How much of `data` belongs to the head (up to the blank line that ends it)."""
    end = data.find(b"\r\n\r\n")
    return len(data) if end < 0 else end + 4
