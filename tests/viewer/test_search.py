"""Search: results, highlighting, escaping, and odd input that must never break the page."""

from __future__ import annotations

import pytest

from tests.viewer.conftest import HX, Client


def test_search_highlights_matches_in_names(client: Client) -> None:
    body = client.get("/search", params={"q": "health"}).text
    assert '<a class="result-link" href="/entity/health">Migration <mark>Health</mark>' in body


def test_search_shows_description_snippets_with_highlights(client: Client) -> None:
    body = client.get("/search", params={"q": "migration health division"}).text
    assert 'href="/entity/lab">Laboratory Unit</a>' in body
    assert "<mark>" in body.split('href="/entity/lab"')[1].split("</li>")[0]


def test_search_fragment_updates_the_live_status(client: Client) -> None:
    body = client.get("/search", params={"q": "health"}, headers=HX).text
    assert '<p id="search-status" hx-swap-oob="innerHTML">' in body
    assert "result" in body.split('id="search-status"')[1].split("</p>")[0]


def test_search_page_keeps_the_query_in_the_box(client: Client) -> None:
    body = client.get("/search", params={"q": "san jos"}).text
    assert 'value="san jos"' in body
    assert "Regional Office in <mark>San Jos</mark>é, Costa Rica" in body


def test_search_without_a_match_says_so(client: Client) -> None:
    body = client.get("/search", params={"q": "zzzzqqq"}).text
    assert "No structure matches “zzzzqqq”" in body


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("%", id="percent"),
        pytest.param("'\"`", id="quotes"),
        pytest.param("!!! ??? ...", id="punctuation"),
        pytest.param("😀 مرحبا", id="emoji-and-rtl"),
        pytest.param("a " * 300, id="many-words"),
        pytest.param("x" * 5000, id="very-long"),
        pytest.param("\u0000\u200b", id="control-characters"),
        pytest.param("{ organization { name } }", id="graphql"),
    ],
)
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "fragment"])
def test_search_survives_odd_input(client: Client, query: str, headers: dict[str, str]) -> None:
    response = client.get("/search", params={"q": query}, headers=headers)
    assert response.status_code == 200
    assert "Internal" not in response.text


def test_search_cuts_very_long_queries_and_says_so(client: Client) -> None:
    body = client.get("/search", params={"q": "health " * 100}).text
    assert "Only the first 200 characters were searched." in body


def test_search_escapes_markup_in_the_query(client: Client) -> None:
    attack = '<script>alert(1)</script><img src=x onerror=alert(2)>"'
    for headers in ({}, HX):
        body = client.get("/search", params={"q": attack}, headers=headers).text
        assert "<script>alert" not in body
        assert "<img src=x" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_404_escapes_markup_in_the_slug(client: Client) -> None:
    body = client.get("/entity/<b>bold</b>").text
    assert "<b>bold</b>" not in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body


def test_tree_escapes_markup_in_the_open_parameter(client: Client) -> None:
    body = client.get("/tree", params={"open": '"><script>x</script>'}).text
    assert "<script>x" not in body
