"""The probes an orchestrator or load balancer polls; neither is cached, neither runs a query.

    /healthz   liveness: the process answers (200 from the first moment it listens, also while
               the data is still loading or the process is draining)
    /readyz    readiness: 200 while a graph is loaded and served; 503 during start-up (data
               still loading) and while draining on shutdown (SIGTERM, ORGGRAPH_DRAIN_SECONDS)

Both bodies are JSON: `status`, `dataVersion`, `entities`; /readyz adds `olderThanFiles`
(whether the version served is older than the data files on disk: a refused reload, a reload
that timed out, a start from the last good version, an edit not loaded yet) and `reason` when it
is; /healthz says the same as `stale`, with `staleReason`, `filesVersion` (the version the files
would have, null when unknown or unreadable) and `problems` when it is. Both read one object,
`holder.readiness` (server/readiness.py), as do the logs' reasons and the metrics.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from server.holder import GraphHolder

_NO_STORE = {"Cache-Control": "no-store"}


def probe_routes(holder: GraphHolder) -> list[Route]:
    def state() -> dict[str, Any]:
        graph = holder.current.graph if holder.loaded else None
        return {
            "status": holder.readiness.phase,
            "dataVersion": None if graph is None else graph.version,
            "entities": None if graph is None else len(graph.entities),
        }

    async def healthz(request: Request) -> JSONResponse:
        body = {**state(), "status": "ok", "stale": False}
        readiness = holder.readiness
        reason = readiness.stale_reason() if holder.loaded else None
        if reason is not None:
            body["stale"] = True
            body["staleReason"] = reason
            body["filesVersion"] = readiness.files_version
            body["problems"] = readiness.problems
        return JSONResponse(body, headers=_NO_STORE)

    async def readyz(request: Request) -> JSONResponse:
        body = state()
        reason = holder.readiness.stale_reason() if holder.loaded else None
        body["olderThanFiles"] = reason is not None
        if reason is not None:
            body["reason"] = reason
        status = 200 if holder.readiness.ready else 503
        return JSONResponse(body, status_code=status, headers=_NO_STORE)

    return [
        Route("/healthz", healthz, methods=["GET", "HEAD"], name="healthz"),
        Route("/readyz", readyz, methods=["GET", "HEAD"], name="readyz"),
    ]
