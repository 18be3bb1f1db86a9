"""Search: results, highlighting, escaping, and odd input that must never break the page."""

from __future__ import annotations

import html
import re

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
    assert "Nothing matches “zzzzqqq”" in body


@pytest.mark.parametrize("query", ["a", "É", "7", " x "])
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "fragment"])
def test_a_too_short_query_says_why(client: Client, query: str, headers: dict[str, str]) -> None:
    body = client.get("/search", params={"q": query}, headers=headers).text
    assert "Type at least 2 letters or digits." in body
    assert "was not searched" in body
    assert "Nothing matches" not in body
    if headers:
        status = body.split('id="search-status"')[1].split("</p>")[0]
        assert "Type at least 2 letters or digits" in status


def test_a_query_without_letters_says_why(client: Client) -> None:
    body = client.get("/search", params={"q": "?!"}).text
    assert "has no letters or digits" in body


def test_positions_are_found_and_link_to_their_page(iom_client: Client) -> None:
    body = iom_client.get("/search", params={"q": "chief of staff"}).text
    first = body.split('<li class="result')[1]
    assert 'href="/position/chief-of-staff"><mark>Chief of Staff</mark></a>' in first
    assert '<span class="tag">Position</span>' in first


def test_a_country_lists_the_structures_located_in_it(iom_client: Client) -> None:
    body = iom_client.get("/search", params={"q": "Philippines"}).text
    first = body.split('<li class="result')[1].split("</li>\n    \n")[0]
    assert "result-country" in first.split(">")[0]
    assert "<mark>Philippines</mark>" in first and "4 structures located here" in first
    assert 'href="/entity/manila-administrative-centre">Manila Administrative Centre</a>' in first


def test_a_city_lists_the_structures_located_in_it(iom_client: Client) -> None:
    body = iom_client.get("/search", params={"q": "geneva"}).text
    first = body.split('<li class="result')[1]
    assert "<mark>Geneva</mark>" in first and "Switzerland" in first
    assert 'href="/entity/headquarters">Headquarters</a>' in first


def test_the_department_comes_before_its_units(iom_client: Client) -> None:
    body = iom_client.get("/search", params={"q": "human resources"}).text
    links = re.findall(r'class="result-link" href="/entity/([^"]+)"', body)
    assert links[0] == "department-of-human-resources-management"


def test_the_exact_acronym_comes_first_and_no_similar_spelling(iom_client: Client) -> None:
    body = iom_client.get("/search", params={"q": "PRISM"}).text
    assert "<mark>PRISM</mark>" in body.split('<li class="result')[1]
    assert "PRIMA" not in body and "similar spelling" not in body


def test_the_count_is_the_total_and_a_link_leads_to_the_next_results(iom_client: Client) -> None:
    first = iom_client.get("/search", params={"q": "iom"}).text
    found = re.search(r"(\d+) results for “iom”", first)
    assert found
    total = int(found.group(1))
    shown = first.count('<li class="result ')
    assert total > shown == 50 and f"showing {shown}" in first
    next_link = re.search(r'href="(/search\?q=iom&amp;after=[^"]+)" rel="next"', first)
    assert next_link
    second = iom_client.get(html.unescape(next_link.group(1))).text
    assert f"of {total}" in second and 'href="/search?q=iom">First results' in second
    seen = set(re.findall(r'class="result-link" href="([^"]+)"', first))
    again = set(re.findall(r'class="result-link" href="([^"]+)"', second))
    assert again and not seen & again


def test_a_cursor_of_another_query_starts_over(iom_client: Client) -> None:
    first = iom_client.get("/search", params={"q": "iom"}).text
    found = re.search(r"after=([^\"]+)\" rel", first)
    assert found
    cursor = html.unescape(found.group(1))
    response = iom_client.get(f"/search?q=office&after={cursor}")
    assert response.status_code == 200 and "results for “office”" in response.text


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
