"""Cross-origin access to /graphql for front ends served from another origin.

Off unless ORGGRAPH_CORS_ORIGINS lists origins. Then a preflight must admit the headers real
GraphQL clients send, or the browser never sends the request: Apollo Client's
`apollographql-client-name`/`-version`, W3C trace context (`traceparent`, `tracestate`,
`baggage`) and Sentry's `sentry-trace`, besides `Content-Type` (JSON bodies), `Accept`
(application/graphql-response+json), `X-Request-ID` (a client's own id, echoed back) and
`If-None-Match` (revalidating a cached GET). And browser code reads only the response headers
exposed to it: `X-Request-ID` (quote it in a bug report), `X-Data-Version` (which data
answered) and `ETag` (revalidation). Both lists are configurable (server/config.py).
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

DEFAULT_ALLOW_HEADERS = (
    "Content-Type",
    "Accept",
    "apollographql-client-name",
    "apollographql-client-version",
    "traceparent",
    "tracestate",
    "baggage",
    "sentry-trace",
    "X-Request-ID",
    "If-None-Match",
)
DEFAULT_EXPOSE_HEADERS = ("X-Request-ID", "X-Data-Version", "ETag")
# Browsers may cache a preflight this long (Chromium caps it at 2 hours).
PREFLIGHT_MAX_AGE = 600


def cors_middleware(
    origins: tuple[str, ...], allow_headers: tuple[str, ...], expose_headers: tuple[str, ...]
) -> Middleware:
    return Middleware(
        CORSMiddleware,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=list(allow_headers),
        expose_headers=list(expose_headers),
        max_age=PREFLIGHT_MAX_AGE,
    )
