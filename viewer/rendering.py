"""Jinja2 templates (autoescaped) and the one function that turns a `View` into a response.

A page template (`entity.html`) extends `base.html` and includes its fragment
(`_entity.html`); htmx gets the fragment alone, preceded by a `<title>` that htmx moves into the
document when it pushes the URL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from viewer.assets import Assets
from viewer.htmx import VARY, wants_fragment
from viewer.labels import FILTERS
from viewer.queries import Operation, Variables

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
SITE_NAME = "orggraph"
# Longer queries are cut (routes.py) and the boxes refuse more (maxlength).
MAX_QUERY_LENGTH = 200

# htmx must never run code that arrives in a response, so a strict CSP can forbid inline script
# and `eval`; its indicator styles live in viewer.css instead of an injected <style>.
HTMX_CONFIG = (
    '{"allowScriptTags": false, "allowEval": false, "includeIndicatorStyles": false, '
    '"selfRequestsOnly": true, "historyRestoreAsHxRequest": false}'
)


@dataclass(frozen=True, slots=True)
class QueryLink:
    """The operation a page was built from, and a GraphiQL link that replays it."""

    name: str
    url: str


@dataclass(frozen=True, slots=True)
class View:
    """What an endpoint wants to show; `Renderer.respond` picks page or fragment."""

    page: str
    fragment: str
    title: str
    context: Mapping[str, Any] = field(default_factory=dict)
    status: int = 200
    query: QueryLink | None = None


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.globals["max_query_length"] = MAX_QUERY_LENGTH
    return env


class Renderer:
    def __init__(self, assets: Assets, env: Environment | None = None) -> None:
        self._assets = assets
        self._env = env or make_environment()

    def query_link(
        self, request: Request, operation: Operation, variables: Variables | None = None
    ) -> QueryLink:
        return QueryLink(operation.name, operation.graphiql_url(variables, prefix=_root(request)))

    def respond(self, request: Request, view: View) -> HTMLResponse:
        fragment = wants_fragment(request)
        root = _root(request)
        template = self._env.get_template("_fragment.html" if fragment else view.page)
        body = template.render(
            **view.context,
            title=view.title,
            site_name=SITE_NAME,
            fragment=fragment,
            fragment_template=view.fragment,
            query=view.query,
            root=root,
            path=request.url.path,
            asset=lambda name: self._assets.url(name, prefix=root),
            htmx_config=HTMX_CONFIG,
        )
        headers = {"Vary": VARY, "Cache-Control": "no-cache"}
        return HTMLResponse(body, status_code=view.status, headers=headers)

    def svg(self, entity: Mapping[str, Any], chart: Any, filename: str) -> Response:
        """A chart as a standalone SVG file: colours and fonts as attributes, no CSS needed."""
        body = self._env.get_template("chart.svg").render(entity=entity, chart=chart, root="")
        headers = {
            "Cache-Control": "no-cache",
            "Content-Disposition": f'inline; filename="{filename}"',
        }
        return Response(body, media_type="image/svg+xml", headers=headers)


def _root(request: Request) -> str:
    """The path prefix the app is served under (`root_path`), without a trailing slash."""
    return str(request.scope.get("root_path", "")).rstrip("/")
