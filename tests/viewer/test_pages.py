"""Every viewer URL as a full page and as an htmx fragment, over the small sample graph."""

from __future__ import annotations

import re

import pytest

from tests.viewer.conftest import HX, Client

PAGES = [
    pytest.param("/", "Example Organization", id="home"),
    pytest.param("/entity/health", "Migration Health Division", id="entity"),
    pytest.param("/position/dg", "Director General", id="position"),
    pytest.param("/tree", "Structure tree", id="tree"),
    pytest.param("/tree?open=health", "Laboratory Unit", id="tree-open"),
    pytest.param("/chart/hq", "Executive Office", id="chart"),
    pytest.param("/search?q=health", "Migration Health Division", id="search"),
    pytest.param("/search", "Type a name", id="search-empty"),
    pytest.param("/offices", "Regional Office in San José", id="offices"),
]

MISSING = [
    pytest.param("/entity/no-such-unit", id="entity"),
    pytest.param("/position/no-such-post", id="position"),
    pytest.param("/chart/no-such-unit", id="chart"),
    pytest.param("/tree?open=no-such-unit", id="tree"),
    pytest.param("/no/such/page", id="page"),
]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_varies(response) -> None:
    assert "HX-Request" in response.headers["vary"]
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(("url", "text"), PAGES)
def test_page_opened_directly_is_a_full_page(client: Client, url: str, text: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.text.startswith("<!doctype html>")
    assert re.search(r"<title>[^<]+ · orggraph</title>", response.text)
    assert '<meta name="htmx-config"' in response.text
    assert text in response.text
    assert_varies(response)


@pytest.mark.parametrize(("url", "text"), PAGES)
def test_page_asked_by_htmx_is_a_fragment(client: Client, url: str, text: str) -> None:
    response = client.get(url, headers=HX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<main" not in response.text
    assert response.text.startswith("<title>")
    assert text in response.text
    assert_varies(response)


@pytest.mark.parametrize(("url", "text"), PAGES)
def test_htmx_restoring_history_gets_the_full_page(client: Client, url: str, text: str) -> None:
    headers = {**HX, "HX-History-Restore-Request": "true"}
    assert client.get(url, headers=headers).text.startswith("<!doctype html>")


@pytest.mark.parametrize(("url", "text"), PAGES)
def test_page_has_no_inline_script_style_or_handler(client: Client, url: str, text: str) -> None:
    body = client.get(url).text
    assert not INLINE_SCRIPT.search(body)
    assert not INLINE_STYLE.search(body)
    assert not EVENT_HANDLER.search(body)


@pytest.mark.parametrize(("url", "text"), PAGES)
def test_head_answers_like_get_without_a_body(client: Client, url: str, text: str) -> None:
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("url", MISSING)
def test_unknown_slug_is_a_useful_404_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert response.text.startswith("<!doctype html>")
    assert "<title>Not found: " in response.text and " · orggraph</title>" in response.text
    assert "There is no" in response.text
    assert 'action="/search"' in response.text
    assert_varies(response)


@pytest.mark.parametrize("url", MISSING)
def test_unknown_slug_asked_by_htmx_is_a_404_fragment(client: Client, url: str) -> None:
    response = client.get(url, headers=HX)
    assert response.status_code == 404
    assert "<html" not in response.text
    assert "There is no" in response.text


def test_404_suggests_what_the_slug_resembles(client: Client) -> None:
    response = client.get("/entity/migration-health")
    assert response.status_code == 404
    assert "Did you mean" in response.text
    assert 'href="/entity/health"' in response.text


def test_404_in_the_tree_suggests_tree_links(client: Client) -> None:
    response = client.get("/tree?open=laboratory")
    assert 'href="/tree?open=lab#t-lab"' in response.text


def test_every_page_links_its_query_to_graphiql(client: Client) -> None:
    for url, operation in [
        ("/", "Home"),
        ("/entity/hq", "EntityPage"),
        ("/position/dg", "PositionPage"),
        ("/tree", "TreePage"),
        ("/chart/hq", "ChartPage"),
        ("/search?q=lab", "SearchPage"),
        ("/offices", "OfficesPage"),
    ]:
        body = client.get(url).text
        assert f"operationName={operation}" in body, url
        assert "Open this query in GraphiQL" in body


def test_the_current_section_is_marked_in_the_navigation(client: Client) -> None:
    body = client.get("/offices").text
    assert '<a href="/offices" aria-current="page">Offices</a>' in body


def test_assets_are_local_and_versioned(client: Client) -> None:
    body = client.get("/").text
    sources = re.findall(r'(?:src|href)="(/static/[^"]+)"', body)
    assert any("htmx.min.js?v=" in source for source in sources)
    assert all("?v=" in source for source in sources)
    assert "http://" not in body.split("<body>")[0] and "https://" not in body.split("<body>")[0]


def test_a_trailing_slash_redirects_to_the_page(client: Client) -> None:
    response = client.get("/search/?q=lab", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"] == "/search?q=lab"
