"""Open-data downloads: `/exports/{format}` serves `graph.exports` over HTTP.

An export depends only on the data version, so each one is rendered once per version (in a
worker thread: at 100,000 entities it takes seconds) and its ETag is the version and the format.
Its gzip variant is made at the same time and served to clients that accept it (tag `-gzip`).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from graph.exports import FORMATS
from graph.indexes import OrgGraph
from web.httpcache import GZIP_SUFFIX, accepts_gzip, gzip_bytes, matching_tag
from web.snapshot import snapshot


@dataclass(frozen=True, slots=True)
class RenderedExport:
    body: bytes
    etag: str
    gzip: bytes | None = None


class ExportCache:
    """The rendered exports of the current data version; older versions are dropped on swap."""

    def __init__(self, gzip_min_bytes: int = 0) -> None:
        self._gzip_min_bytes = gzip_min_bytes
        self._version = ""
        self._rendered: dict[str, RenderedExport] = {}
        self._lock = threading.Lock()

    def get(self, graph: OrgGraph, name: str) -> RenderedExport:
        with self._lock:
            if self._version == graph.version and name in self._rendered:
                return self._rendered[name]
        body = FORMATS[name].render(graph).encode("utf-8")
        digest = hashlib.sha256(body).hexdigest()[:16]
        compress = 0 < self._gzip_min_bytes <= len(body)
        rendered = RenderedExport(
            body, f'"{name}-{graph.version}-{digest}"', gzip_bytes(body) if compress else None
        )
        with self._lock:
            if self._version != graph.version:
                self._version, self._rendered = graph.version, {}
            self._rendered[name] = rendered
        return rendered


def export_routes(gzip_min_bytes: int = 0, public_url: str = "") -> list[Route]:
    """The download routes. `/exports` lists them by relative URL (`/exports/csv`, under the
    app's root path), or below `public_url` when one is configured: never from the request's
    `Host` header, which the client chooses."""
    cache = ExportCache(gzip_min_bytes)

    async def download(request: Request) -> Response:
        name = request.path_params["format"]
        export = FORMATS.get(name)
        if export is None:
            return JSONResponse(
                {"error": f"unknown export format {name!r}", "formats": sorted(FORMATS)},
                status_code=404,
            )
        graph = snapshot(request).graph
        rendered = await run_in_threadpool(cache.get, graph, name)
        headers = {
            "Cache-Control": "no-cache",
            "Content-Disposition": f'attachment; filename="{export.filename}"',
        }
        if rendered.gzip is not None:
            headers["Vary"] = "Accept-Encoding"
        tag = matching_tag(request.headers.get("if-none-match"), rendered.etag)
        if tag is not None:
            return Response(status_code=304, headers={**headers, "ETag": tag})
        body, headers["ETag"] = rendered.body, rendered.etag
        if rendered.gzip is not None and accepts_gzip(request.headers.get("accept-encoding")):
            body, headers["Content-Encoding"] = rendered.gzip, "gzip"
            headers["ETag"] = rendered.etag[:-1] + GZIP_SUFFIX + '"'
        return Response(body, media_type=export.media_type, headers=headers)

    async def index(request: Request) -> JSONResponse:
        base = public_url or request.scope.get("root_path", "")
        return JSONResponse(
            {
                name: {
                    "url": base + request.app.url_path_for("export", format=name),
                    "mediaType": f.media_type,
                    "description": f.description,
                }
                for name, f in FORMATS.items()
            }
        )

    return [
        Route("/exports", index, methods=["GET", "HEAD"], name="exports"),
        Route("/exports/{format}", download, methods=["GET", "HEAD"], name="export"),
    ]
