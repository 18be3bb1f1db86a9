"""The graph snapshot one request reads, kept in its ASGI scope by the edge middleware.

The edge (server/edge.py) stores the snapshot once per request (`attach`); every route that
answers the request, in `server/` or in `viewer/`, reads that same one (`snapshot`), so all the
operations behind one response see one data version, whatever reload happens meanwhile.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Scope

from schema.context import Context

_STATE_KEY = "context"


def attach(scope: Scope, context: Context) -> None:
    """Make `context` the snapshot of the request `scope` belongs to."""
    scope.setdefault("state", {})[_STATE_KEY] = context


def attached(request: Request) -> Context | None:
    """The snapshot the edge attached to this request; None when no edge runs in front."""
    context = request.scope.get("state", {}).get(_STATE_KEY)
    return context if isinstance(context, Context) else None


def snapshot(request: Request) -> Context:
    """The graph snapshot this request reads (the one `X-Data-Version` names)."""
    context = attached(request)
    if context is None:
        raise RuntimeError("no snapshot: the Edge middleware is not installed")
    return context
