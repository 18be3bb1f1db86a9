"""The viewer's URLs. Each endpoint runs one named operation and hands a `View` to the renderer.

Endpoints are plain functions, so Starlette runs them in its thread pool: executing a query
(a few milliseconds) never blocks the event loop. Each request reads the snapshot the edge
middleware took for it (`web.snapshot.snapshot`) and uses it for every operation it runs.

A page depends only on the data version and the request (path, query string, page or
fragment), so `CachedPages` keeps each rendered 200 in the response cache and answers
`If-None-Match` with 304 (web/httpcache.py); 404s and redirects are rendered every time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from schema.context import Context
from viewer import shaping
from viewer.assets import Assets
from viewer.chart import LEVELS, Options, layout, loaded, narrow_layout
from viewer.chart_state import chart_state, walk
from viewer.htmx import VARY, wants_fragment
from viewer.queries import OPERATIONS, OperationFailed, Variables, run
from viewer.rendering import MAX_QUERY_LENGTH, Renderer, View
from viewer.tree import build_tree, level_nodes
from web.httpcache import HttpCaching
from web.response_cache import Cached, Key
from web.snapshot import snapshot
from web.work import Overloaded, WorkPool

# Characters kept as they are in a redirect's path (RFC 3986 pchar and `/`), no backslash.
PATH_SAFE = "/-._~!$&'()*+,;=:@"
SEARCH_HITS = 50
SUGGESTIONS = 5


class Pages:
    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer

    def _snapshot(self, request: Request) -> Context:
        """The graph snapshot this request reads, once: the one its `X-Data-Version` names."""
        return snapshot(request)

    def _view(
        self,
        request: Request,
        operation: str,
        variables: Variables,
        context: Context,
    ) -> tuple[dict[str, Any], Any]:
        """Run `operation`; return its data and the link that replays it in GraphiQL."""
        data = run(OPERATIONS[operation], variables, context)
        link = self._renderer.query_link(request, OPERATIONS[operation], variables)
        return data, link

    def home(self, request: Request) -> Response:
        data, link = self._view(request, "Home", {}, self._snapshot(request))
        context = shaping.home(data)
        view = View("home.html", "_home.html", data["organization"]["name"], context, query=link)
        return self._renderer.respond(request, view)

    def entity(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        snapshot = self._snapshot(request)
        data, link = self._view(request, "EntityPage", {"slug": slug}, snapshot)
        entity = data["entity"]
        if entity is None:
            return self._not_found(request, snapshot, "structure", slug)
        context = shaping.entity(entity)
        view = View("entity.html", "_entity.html", entity["name"], context, query=link)
        return self._renderer.respond(request, view)

    def position(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        snapshot = self._snapshot(request)
        data, link = self._view(request, "PositionPage", {"slug": slug}, snapshot)
        position = data["position"]
        if position is None:
            return self._not_found(request, snapshot, "position", slug)
        context = shaping.position(position)
        view = View("position.html", "_position.html", position["title"], context, query=link)
        return self._renderer.respond(request, view)

    def tree(self, request: Request) -> Response:
        opened = request.query_params.get("open", "").strip()
        snapshot = self._snapshot(request)
        if opened and wants_fragment(request):
            return self._tree_children(request, snapshot, opened)
        variables = {"open": opened, "hasOpen": bool(opened)}
        data, link = self._view(request, "TreePage", variables, snapshot)
        if opened and data["opened"] is None:
            return self._not_found(request, snapshot, "structure", opened, tree=True)
        title = f"Tree: {data['opened']['name']}" if opened else "Tree"
        context = {"tree": build_tree(data), "opened": opened}
        view = View("tree.html", "_tree.html", title, context, query=link)
        return self._renderer.respond(request, view)

    def _tree_children(self, request: Request, snapshot: Context, slug: str) -> Response:
        data, link = self._view(request, "TreeChildren", {"slug": slug}, snapshot)
        entity = data["entity"]
        if entity is None:
            return self._not_found(request, snapshot, "structure", slug, tree=True)
        nodes, more = level_nodes(entity["children"], depth=entity["depth"] + 2, parent=slug)
        context = {"nodes": nodes, "more": more, "parent": entity}
        title = f"Tree: {entity['name']}"
        view = View("tree.html", "_tree_children.html", title, context, query=link)
        return self._renderer.respond(request, view)

    def chart(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        snapshot = self._snapshot(request)
        data, link = self._view(request, "ChartPage", {"slug": slug}, snapshot)
        entity = data["entity"]
        if entity is None:
            return self._not_found(request, snapshot, "structure", slug)
        state = chart_state(entity, request.query_params)
        options = state.options()
        records = list(walk(entity))
        openable = frozenset(r["slug"] for r, level, _ in records if level < LEVELS and loaded(r))
        context = {
            "entity": entity,
            "state": state,
            "chart": layout(entity, options),
            "narrow": narrow_layout(entity, options),
            "names": {record["slug"]: record["name"] for record, _, _ in records},
            "all_open": openable,
            "none_open": frozenset[str](),
            "svg_href": state.href(find="").replace(f"/chart/{slug}?", f"/chart/{slug}.svg?", 1),
        }
        title = f"Org chart: {entity['name']}"
        view = View("chart.html", "_chart.html", title, context, query=link)
        return self._renderer.respond(request, view)

    def chart_svg(self, request: Request) -> Response:
        """The wide drawing as a standalone SVG file, with the boxes the address opens."""
        slug = request.path_params["slug"]
        snapshot = self._snapshot(request)
        data, _ = self._view(request, "ChartPage", {"slug": slug}, snapshot)
        entity = data["entity"]
        if entity is None:
            return self._not_found(request, snapshot, "structure", slug)
        state = chart_state(entity, request.query_params)
        chart = layout(entity, Options(state.expanded, frozenset(state.matches)))
        return self._renderer.svg(entity, chart, f"{slug}-chart.svg")

    def search(self, request: Request) -> Response:
        raw = request.query_params.get("q", "")
        after = request.query_params.get("after") or None
        text = " ".join(raw.split())[:MAX_QUERY_LENGTH]
        snapshot = self._snapshot(request)
        results: dict[str, Any] | None = None
        link = None
        if text:
            variables = {"query": text, "first": SEARCH_HITS, "after": after}
            try:
                data, link = self._view(request, "SearchPage", variables, snapshot)
            except OperationFailed:
                if after is None:
                    raise
                # A cursor from an older page of another query (an edited URL): start over.
                variables = {"query": text, "first": SEARCH_HITS}
                data, link = self._view(request, "SearchPage", variables, snapshot)
                after = None
            results = data["search"]
        context = {
            "q": text,
            "results": results,
            "hits": results["nodes"] if results else [],
            "after": after,
            "truncated": len(" ".join(raw.split())) > MAX_QUERY_LENGTH,
        }
        title = f"Search: {text}" if text else "Search"
        view = View("search.html", "_search_results.html", title, context, query=link)
        return self._renderer.respond(request, view)

    def offices(self, request: Request) -> Response:
        data, link = self._view(request, "OfficesPage", {}, self._snapshot(request))
        context = shaping.offices(data)
        view = View("offices.html", "_offices.html", "Offices", context, query=link)
        return self._renderer.respond(request, view)

    def unknown(self, request: Request) -> Response:
        path = request.path_params["path"]
        target = same_origin_path(path)
        if target is not None:
            # `/tree/` means `/tree`: one address per page.
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"{request.scope.get('root_path', '')}{target}{query}", 308)
        return self._not_found(request, self._snapshot(request), "page", "/" + path)

    def _not_found(
        self, request: Request, snapshot: Context, what: str, slug: str, *, tree: bool = False
    ) -> Response:
        """A 404 that says what was missing and suggests what the visitor may have meant."""
        words = " ".join(slug.replace("-", " ").replace("/", " ").split())[:MAX_QUERY_LENGTH]
        suggestions: list[Any] = []
        if words:
            # A missing structure suggests structures, a missing position positions.
            subjects = ["POSITION"] if what == "position" else ["ENTITY"]
            variables = {"query": words, "first": SUGGESTIONS, "subjects": subjects}
            found = run(OPERATIONS["SearchPage"], variables, snapshot)["search"]
            suggestions = [hit["subject"] for hit in found["nodes"]]
        context = {"what": what, "slug": slug, "suggestions": suggestions, "tree": tree}
        shown = slug if len(slug) <= 80 else slug[:79] + "…"
        title = f"Not found: {what} “{shown}”"
        view = View("not_found.html", "_not_found.html", title, context, status=404)
        return self._renderer.respond(request, view)


Endpoint = Callable[[Request], Response]


def same_origin_path(path: str) -> str | None:
    """Where `/<path>` with trailing slashes redirects: the path without them, as an absolute
    path on this origin, or None (no redirect) when there is nothing left.

    Leading slashes and backslashes are collapsed to one `/` and the rest is percent-encoded,
    so the Location can never be read as another host: `//evil.example/`, `/%2F%2Fevil/` and
    `/\\evil/` all stay here (`/evil.example`, ...)."""
    if not path.endswith("/"):
        return None
    stripped = path.strip("/\\")
    if not stripped:
        return None
    return "/" + quote(stripped, safe=PATH_SAFE)


class CachedPages:
    """Serves pages from the response cache, rendering each (version, request) once."""

    def __init__(
        self,
        caching: HttpCaching,
        cache_control: str,
        assets: Assets,
        cdn_cache_control: str | None = None,
        pool: WorkPool | None = None,
    ) -> None:
        self._caching = caching
        self._pool = pool
        # Every header `wants_fragment` reads: a shared cache must keep page and fragment apart.
        vary = caching.vary(f"{VARY}, HX-Boosted")
        self._headers = {"Vary": vary, "Cache-Control": cache_control}
        if cdn_cache_control:
            # Browsers revalidate every page; a shared cache, purged on edits, may keep it.
            self._headers["CDN-Cache-Control"] = cdn_cache_control
        # A new htmx build changes the pages (their asset URLs) without a code change.
        self._assets = ",".join(f"{name}={v}" for name, v in sorted(assets.versions.items()))

    def key(self, request: Request) -> Key:
        scope = request.scope
        shape = "fragment" if wants_fragment(request) else "page"
        return (
            "page",
            self._assets,
            scope.get("root_path", ""),
            scope["path"],
            scope.get("query_string", b""),
            shape,
        )

    def wrap(self, endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        caching = self._caching

        async def serve(request: Request) -> Response:
            version = snapshot(request).graph.version
            key = self.key(request)
            entry = caching.cache.get(version, key)
            if entry is None:
                if "if-none-match" in request.headers:
                    etag = caching.etag(version, key)
                    not_modified = caching.not_modified(request, etag, self._headers, exists=False)
                    if not_modified is not None:
                        return not_modified
                try:
                    response = await self._render(endpoint, request)
                except Overloaded as busy:
                    return PlainTextResponse(busy.message, 503, headers=dict(busy.headers))
                if response.status_code != 200:
                    return response
                media = response.media_type or "text/html"
                entry = Cached(bytes(response.body), 200, media, caching.etag(version, key))
                caching.cache.put(version, key, entry)
            return caching.respond(request, version, key, entry, self._headers)

        return serve

    async def _render(self, endpoint: Endpoint, request: Request) -> Response:
        if self._pool is None:
            return await run_in_threadpool(endpoint, request)
        return await self._pool.run(endpoint, request)


def viewer_routes(
    assets_dir: Path,
    caching: HttpCaching | None = None,
    cache_control: str = "no-cache",
    cdn_cache_control: str | None = None,
    pool: WorkPool | None = None,
) -> list[BaseRoute]:
    """The viewer's routes; mount them at `/` after the API's own routes. With `caching`, pages
    are cached per data version and get ETags, `cache_control` and `cdn_cache_control`; with
    `pool`, misses are rendered in it (web/work.py: bounded, 503 when full)."""
    assets = Assets.collect(assets_dir)
    pages = Pages(Renderer(assets))
    cached = (
        CachedPages(caching, cache_control, assets, cdn_cache_control, pool)
        if caching is not None
        else None
    )

    def page(endpoint: Endpoint) -> Callable[[Request], Any]:
        return endpoint if cached is None else cached.wrap(endpoint)

    return [
        assets.route(),
        Route("/", page(pages.home), name="home"),
        Route("/entity/{slug}", page(pages.entity), name="entity"),
        Route("/position/{slug}", page(pages.position), name="position"),
        Route("/tree", page(pages.tree), name="tree"),
        Route("/chart/{slug}.svg", page(pages.chart_svg), name="chart_svg"),
        Route("/chart/{slug}", page(pages.chart), name="chart"),
        Route("/search", page(pages.search), name="search"),
        Route("/offices", page(pages.offices), name="offices"),
        Route("/{path:path}", pages.unknown, methods=["GET", "HEAD"], name="not_found"),
    ]
