"""The API over real HTTP: a uvicorn process serving the real data (the `live_server` fixture)."""

from __future__ import annotations

import re

import httpx
import pytest

from server.graphiql import VENDOR_FILES

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def _post(base: str, query: str, **variables: object) -> dict:
    response = httpx.post(f"{base}/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body: dict = response.json()
    return body


def test_healthz(live_server) -> None:
    body = httpx.get(f"{live_server}/healthz").json()
    assert body["status"] == "ok"
    assert re.fullmatch(r"[0-9a-f]{16}", body["dataVersion"])


def test_post_query_with_variables(live_server) -> None:
    body = _post(
        live_server,
        "query ($slug: String!) { entity(slug: $slug) { name kind } }",
        slug="regional-office-san-jose",
    )
    assert body == {
        "data": {
            "entity": {"name": "Regional Office in San José, Costa Rica", "kind": "REGIONAL_OFFICE"}
        }
    }


def test_get_query(live_server) -> None:
    response = httpx.get(
        f"{live_server}/graphql",
        params={
            "query": "query ($k: [EntityKind!]) { entities(kind: $k) { totalCount } }",
            "variables": '{"k": ["REGIONAL_OFFICE"]}',
        },
    )
    assert response.json() == {"data": {"entities": {"totalCount": 9}}}


def test_get_mutation_is_method_not_allowed(live_server) -> None:
    response = httpx.get(f"{live_server}/graphql", params={"query": "mutation { dataVersion }"})
    assert response.status_code == 405
    assert "Mutations cannot be sent with GET" in response.text


def test_bad_cursor_is_a_graphql_error_not_a_500(live_server) -> None:
    body = _post(live_server, '{ entities(after: "garbage") { totalCount } }')
    assert body["data"] is None
    assert "is not a cursor of this API" in body["errors"][0]["message"]


def test_invalid_json_body_is_a_400(live_server) -> None:
    response = httpx.post(
        f"{live_server}/graphql", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


def test_graphiql_page_is_served_to_browsers_with_no_external_url(live_server) -> None:
    response = httpx.get(f"{live_server}/graphql", headers=HTML, follow_redirects=True)
    assert response.status_code == 200
    assert response.url.path == "/graphiql"
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'id="graphiql"' in page
    assert not re.search(r"(https?:)?//", page), "the page must load nothing from another host"
    assert "<script>" not in page and "<style" not in page, "no inline script or style (CSP)"
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sorted(assets) == sorted(
        [f"/static/vendor/{name}" for name in VENDOR_FILES]
        + [
            "/static/graphiql/graphiql.css",
            "/static/graphiql/graphiql.js",
        ]
    )


@pytest.mark.parametrize("name", sorted(VENDOR_FILES))
def test_vendor_assets_are_served(live_server, name) -> None:
    response = httpx.get(f"{live_server}/static/vendor/{name}")
    assert response.status_code == 200
    expected = "text/css" if name.endswith(".css") else "javascript"
    assert expected in response.headers["content-type"]
    assert len(response.content) > 1000


def test_graphiql_bootstrap_script_is_served(live_server) -> None:
    response = httpx.get(f"{live_server}/static/graphiql/graphiql.js")
    assert response.status_code == 200
    assert "GraphiQL.createFetcher" in response.text
