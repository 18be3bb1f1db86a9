"""The one place that decides whether a request wants a fragment or a whole page.

Every viewer URL answers both ways: a browser opening it gets a full page; htmx asking for a
piece of it (`HX-Request: true`) gets only that piece. htmx restoring history after a cache miss
also sends `HX-Request`, but it replaces the whole body, so it gets the full page.
"""

from __future__ import annotations

from starlette.requests import Request

# Caches must keep the two answers apart.
VARY = "HX-Request, HX-History-Restore-Request"


def wants_fragment(request: Request) -> bool:
    headers = request.headers
    return (
        headers.get("hx-request") == "true"
        and headers.get("hx-history-restore-request") != "true"
        and headers.get("hx-boosted") != "true"
    )
