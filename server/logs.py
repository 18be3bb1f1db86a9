"""Log records carry the id of the request they belong to, so a masked error can be found.

`REQUEST_ID` is set by the edge middleware for each request (and copied into the thread that runs
a sync endpoint); `configure()` installs one handler whose format shows it.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (the current request's id, or "-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


def configure(level: int = logging.INFO) -> None:
    """Send the service's own logs (`orggraph.*`) to stderr with request ids; idempotent."""
    logger = logging.getLogger("orggraph")
    logger.setLevel(level)
    if any(isinstance(f, RequestIdFilter) for h in logger.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
