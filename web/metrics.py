"""The Prometheus metrics every worker records (prometheus-client; docs/operations.md).

They are module-level, as prometheus-client expects: with several workers each process writes
its values to files in PROMETHEUS_MULTIPROC_DIR and the exporter (server/exporter.py) adds them
up; gauges say how (`multiprocess_mode`): `livesum` for sizes, `livemax` for flags, versions
and times, so a dead worker's values drop out. Label values are bounded: route families, status
classes, outcomes, limit names, and operation names from a fixed list (`OperationNames`).

Recording costs a few microseconds per request; with ORGGRAPH_METRICS=0 nothing is exported
(the values are still counted in memory, which is cheaper than a check on every call).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from prometheus_client import Counter, Gauge, Histogram, disable_created_metrics

# `*_created` series double the output and say only when a worker started (one process or
# several: multiprocess mode never writes them).
disable_created_metrics()  # type: ignore[no-untyped-call]

# Cache hits answer in well under a millisecond; the time budget stops queries at 1 s.
BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_DURATION = Histogram(
    "orggraph_http_request_duration_seconds",
    "Time from a request's arrival to its last response byte, by route family and status class.",
    ["route", "status"],
    buckets=BUCKETS,
)
OPERATIONS = Counter(
    "orggraph_graphql_operations",
    "GraphQL operations over /graphql by operation name (unlisted and anonymous: `other`), "
    "outcome (ok, request_error, refused, field_error, internal_error) and, when refused, "
    "the limit that refused it.",
    ["operation", "outcome", "limit"],
)
CACHE_HITS = Counter("orggraph_response_cache_hits", "Responses served from the response cache.")
CACHE_MISSES = Counter(
    "orggraph_response_cache_misses", "Cacheable requests the response cache did not hold."
)
CACHE_EVICTIONS = Counter(
    "orggraph_response_cache_evictions", "Entries dropped to stay within the byte budget."
)
CACHE_BYTES = Gauge(
    "orggraph_response_cache_bytes",
    "Bytes the response cache holds (bodies, gzip variants, keys), all workers together.",
    multiprocess_mode="livesum",
)
PERSISTED_HITS = Counter(
    "orggraph_persisted_query_hits", "Persisted-query hashes whose document was known."
)
PERSISTED_MISSES = Counter(
    "orggraph_persisted_query_misses",
    "Persisted-query hashes sent without a document that was not known "
    "(PERSISTED_QUERY_NOT_FOUND; the client retries with the document).",
)
RELOADS = Counter(
    "orggraph_data_reloads",
    "Data reload attempts by outcome: swapped (a new version went live), unchanged, refused "
    "(invalid data: the last good version keeps serving), timed_out (not finished within "
    "ORGGRAPH_RELOAD_TIMEOUT: given up), failed (a bug, logged).",
    ["outcome"],
)
LAST_GOOD_LOAD = Gauge(
    "orggraph_data_last_good_load_timestamp_seconds",
    "Unix time of the last load that gave a valid graph (start-up or reload).",
    multiprocess_mode="livemax",
)
DATA_VERSION = Gauge(
    "orggraph_data_version_info",
    "1 for each data version a worker serves (0 for versions no longer served).",
    ["version"],
    multiprocess_mode="livemax",
)
ENTITIES = Gauge(
    "orggraph_data_entities",
    "Entities in the data version served (the most recent worker to load it).",
    multiprocess_mode="livemostrecent",
)
DATA_STALE = Gauge(
    "orggraph_data_stale",
    "1 when a worker serves a version older than the data files (a refused reload, say).",
    multiprocess_mode="livemax",
)

WORK_BUSY = Gauge(
    "orggraph_work_pool_jobs",
    "Cache misses admitted to the work pool and not finished (running or queued).",
    multiprocess_mode="livesum",
)
WORK_REFUSED = Counter(
    "orggraph_work_pool_refused",
    "Cache misses refused with a 503 and Retry-After: every pool thread busy, the queue full.",
)

_ROUTE_PREFIXES = (
    ("/graphql", "graphql"),
    ("/exports", "exports"),
    ("/static/", "static"),
    ("/healthz", "probe"),
    ("/readyz", "probe"),
    ("/bench/", "other"),
)
OTHER = "other"
_OPERATION = re.compile(r"\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def route_family(path: str) -> str:
    """`graphql`, `exports`, `static`, `probe`, or `viewer` (every other page is the viewer's)."""
    for prefix, family in _ROUTE_PREFIXES:
        if path.startswith(prefix):
            return family
    return "viewer"


def status_class(status: int) -> str:
    return f"{status // 100}xx"


class OperationNames:
    """Operation names counted under their own label; every other name, and none, is `other`."""

    def __init__(self, names: Iterable[str]) -> None:
        self._names = frozenset(names)

    def label(self, operation_name: str | None, query: str | None) -> str:
        name = operation_name or _single_operation(query or "")
        return name if name in self._names else OTHER


def _single_operation(query: str) -> str | None:
    """The name of the document's only named operation (a client may omit `operationName`)."""
    names = _OPERATION.findall(query)
    return names[0] if len(names) == 1 else None


def data_loaded(
    version: str, entities: int, previous: str | None = None, *, from_files: bool = True
) -> None:
    """Record that this worker now serves `version` (and no longer `previous`). A worker that
    started from the last good version (`from_files=False`: the files are invalid) loaded
    nothing good now, so the time of the last good load stays where it was."""
    if previous is not None and previous != version:
        DATA_VERSION.labels(previous).set(0)
    DATA_VERSION.labels(version).set(1)
    ENTITIES.set(entities)
    if from_files:
        LAST_GOOD_LOAD.set_to_current_time()
