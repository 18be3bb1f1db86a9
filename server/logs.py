"""Logs: text by default, one JSON object per line with ORGGRAPH_LOG_FORMAT=json.

Every record carries the id of the request it belongs to (so a masked error can be found) and
the data version that request read; `REQUEST_ID` and `DATA_VERSION` are set by the edge
middleware for each request (and copied into the thread that runs a sync endpoint). The access
log (`orggraph.access`, server/observe.py) adds method, path, status, duration and operation
name. A JSON line holds `time` (UTC, ISO 8601), `level`, `logger`, `message`, then those of
`request_id`, `data_version`, `method`, `path`, `status`, `duration_ms`, `operation` that apply,
and `exception` (the traceback) when there is one.

`uvicorn_log_config` sends uvicorn's own loggers through the same handler, so a JSON log has
no text lines in it; `configure()` does the same for the service's loggers when the app is
built without uvicorn's logging (tests, other ASGI servers).
"""

from __future__ import annotations

import logging
import time
from contextvars import ContextVar
from typing import Any

import orjson

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
DATA_VERSION: ContextVar[str] = ContextVar("data_version", default="")
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Fields a record may carry (as `extra=`), in the order a JSON line lists them.
FIELDS = ("method", "path", "status", "duration_ms", "operation")


class RequestIdFilter(logging.Filter):
    """Adds `record.request_id` (the current request's id, or "-" outside a request) and
    `record.data_version` (the version that request reads, or "")."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        record.data_version = DATA_VERSION.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; fields that do not apply are left out, not null."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _utc(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "-")
        if request_id != "-":
            line["request_id"] = request_id
        version = getattr(record, "data_version", "")
        if version:
            line["data_version"] = version
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def _utc(created: float) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
    return f"{seconds}.{int(created % 1 * 1000):03d}Z"


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else logging.Formatter(FORMAT)


def configure(log_format: str = "text", level: int = logging.INFO) -> None:
    """Send the service's own logs (`orggraph.*`) to stderr with request ids; idempotent."""
    logger = logging.getLogger("orggraph")
    logger.setLevel(level)
    if any(isinstance(f, RequestIdFilter) for h in logger.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(formatter(log_format))
    logger.addHandler(handler)


def uvicorn_log_config(log_format: str) -> dict[str, Any]:
    """A logging.config dict for uvicorn: its loggers and ours, one handler, one format.

    uvicorn's access log is off (`access_log=False`): server/observe.py writes a richer one.
    """
    chosen: dict[str, Any] = (
        {"()": "server.logs.JsonFormatter"} if log_format == "json" else {"format": FORMAT}
    )
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "orggraph",
        "filters": ["request"],
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request": {"()": "server.logs.RequestIdFilter"}},
        "formatters": {"orggraph": chosen},
        "handlers": {"orggraph": handler},
        "loggers": {
            "orggraph": {"handlers": ["orggraph"], "level": "INFO", "propagate": False},
            "uvicorn": {"handlers": ["orggraph"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }
