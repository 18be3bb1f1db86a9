"""The offline GraphiQL page and the few pinned browser files it loads.

Only the files listed in `VENDOR_FILES` (web/vendor.py) are served from the assets directory
(node_modules, or an installed copy's bundle), never the directory itself. The page holds no
inline script or style, so a strict Content Security Policy can forbid both: its bootstrap code
is `static/graphiql.js`.
"""

from __future__ import annotations

import html
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from server.security import GRAPHIQL_CSP
from web.vendor import GRAPHIQL_FILES

STATIC_DIR = Path(__file__).resolve().parent / "static"

VENDOR_FILES = GRAPHIQL_FILES
OWN_FILES = {"graphiql.js": "graphiql.js", "graphiql.css": "graphiql.css"}
_CACHE = {"Cache-Control": "public, max-age=3600"}

EXAMPLE_OPERATION = "Example"
EXAMPLE_QUERY = """\
# Welcome to the orggraph API. Press the run button (or Ctrl-Enter).
# The Docs and Explorer panes on the left list every type and field.
query Example {
  organization {
    name
    children(first: 5) {
      totalCount
      nodes { name kind }
      pageInfo { hasNextPage endCursor }
    }
  }
  search(query: "san jose", first: 3) {
    entity { slug name location { city country { name } } }
    snippet { fragments { text highlighted } }
  }
}
"""

_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>orggraph · GraphiQL</title>
<link rel="stylesheet" href="{prefix}/static/vendor/graphiql/graphiql.min.css">
<link rel="stylesheet" href="{prefix}/static/vendor/plugin-explorer/style.css">
<link rel="stylesheet" href="{prefix}/static/graphiql/graphiql.css">
</head>
<body>
<div id="graphiql" data-endpoint="{prefix}/graphql" data-default-query="{query}">
Loading GraphiQL…</div>
<noscript>GraphiQL needs JavaScript. Without it, POST a JSON body {{"query": "..."}} to
{prefix}/graphql.</noscript>
<script src="{prefix}/static/vendor/react/react.production.min.js"></script>
<script src="{prefix}/static/vendor/react-dom/react-dom.production.min.js"></script>
<script src="{prefix}/static/vendor/graphiql/graphiql.min.js"></script>
<script src="{prefix}/static/vendor/plugin-explorer/index.umd.js"></script>
<script src="{prefix}/static/graphiql/graphiql.js"></script>
</body>
</html>
"""


async def graphiql_page(request: Request) -> Response:
    """GraphiQL at `/graphiql` (`/graphql` redirects browsers here, keeping the query string)."""
    prefix = html.escape(request.scope.get("root_path", "").rstrip("/"))
    body = _PAGE.format(prefix=prefix, query=html.escape(EXAMPLE_QUERY))
    headers = {"Cache-Control": "no-cache", "Content-Security-Policy": GRAPHIQL_CSP}
    return HTMLResponse(body, headers=headers)


def asset_routes(assets_dir: Path) -> list[BaseRoute]:
    """Routes for the vendor files (from `assets_dir`) and the page's own files."""

    async def vendor(request: Request) -> Response:
        relative = VENDOR_FILES.get(request.path_params["path"])
        if relative is None:
            return PlainTextResponse("Not Found", status_code=404)
        path = assets_dir / relative
        if not path.is_file():
            return PlainTextResponse(
                f"{relative} is missing from the assets directory: run `make setup`.",
                status_code=404,
            )
        return FileResponse(path, headers=_CACHE)

    async def own(request: Request) -> Response:
        name = OWN_FILES.get(request.path_params["name"])
        if name is None:
            return PlainTextResponse("Not Found", status_code=404)
        return FileResponse(STATIC_DIR / name, headers={"Cache-Control": "no-cache"})

    return [
        Route("/static/vendor/{path:path}", vendor, methods=["GET", "HEAD"], name="vendor"),
        Route("/static/graphiql/{name}", own, methods=["GET", "HEAD"], name="graphiql_static"),
    ]
