"""The viewer's static files and the pinned htmx build, served under `/static/viewer/`.

Each URL carries a hash of the file's content (`viewer.css?v=3f2a...`), computed once at
start-up, so browsers may cache a file for a year and still see a new version at once. Only the
files listed here are served; htmx comes from the npm lock (`make setup`), never from a copy in
this repository.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from web import vendor

STATIC_DIR = Path(__file__).resolve().parent / "static"
HTMX_FILE = Path(vendor.HTMX_FILE)
PREFIX = "/static/viewer/"
_FOREVER = "public, max-age=31536000, immutable"


@dataclass(frozen=True, slots=True)
class Assets:
    files: Mapping[str, Path]
    versions: Mapping[str, str]

    @classmethod
    def collect(cls, assets_dir: Path) -> Assets:
        files = {path.name: path for path in sorted(STATIC_DIR.iterdir()) if path.is_file()}
        files["htmx.min.js"] = assets_dir / HTMX_FILE
        versions = {name: _fingerprint(path) for name, path in files.items()}
        return cls(MappingProxyType(files), MappingProxyType(versions))

    def url(self, name: str, *, prefix: str = "") -> str:
        return f"{prefix}{PREFIX}{name}?v={self.versions[name]}"

    def route(self) -> Route:
        async def serve(request: Request) -> Response:
            name = request.path_params["name"]
            path = self.files.get(name)
            if path is None:
                return PlainTextResponse("Not Found", status_code=404)
            if not path.is_file():
                return PlainTextResponse(
                    f"{name} is missing: run `make setup` to install the browser assets.",
                    status_code=404,
                )
            fresh = request.query_params.get("v") == self.versions[name]
            headers = {"Cache-Control": _FOREVER if fresh else "no-cache"}
            return FileResponse(path, headers=headers)

        return Route(PREFIX + "{name}", serve, methods=["GET", "HEAD"], name="viewer_static")


def _fingerprint(path: Path) -> str:
    if not path.is_file():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
