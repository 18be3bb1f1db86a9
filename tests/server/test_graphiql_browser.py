"""GraphiQL in headless Chromium: it loads offline, runs a query, shows the result."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support import ARTIFACTS

QUERY = '{ entity(slug: "regional-office-san-jose") { name location { city } } }'


@pytest.mark.browser
def test_graphiql_runs_a_query_from_the_url_and_shows_the_result(live_server, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith(live_server) and not request.url.startswith("data:")
            else None
        ),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The page's own Content-Security-Policy (server/security.py) is in force: nothing it needs
    # may be refused.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    try:
        page.goto(f"{live_server}/graphiql?query={quote(QUERY)}")
        page.wait_for_selector(".graphiql-container", timeout=20_000)
        page.locator("button[aria-label='Show Documentation Explorer']").click()
        page.locator(".graphiql-doc-explorer").get_by_text("Root Types").wait_for(timeout=20_000)
        page.locator("button[aria-label='Show GraphiQL Explorer']").click()
        page.locator(".graphiql-explorer-root").first.wait_for(timeout=20_000)
        page.locator(".graphiql-execute-button").click()
        result = page.locator(".result-window")
        result.get_by_text("San José").first.wait_for(timeout=20_000)
        text = result.inner_text()
        assert "Regional Office in San José, Costa Rica" in text
        assert '"city"' in text
        page.screenshot(path=str(ARTIFACTS / "graphiql.png"), full_page=True)
    finally:
        context.close()
    assert errors == []
    assert foreign == []


@pytest.mark.browser
def test_graphiql_opens_with_the_example_query(live_server, browser) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{live_server}/graphql")
        page.wait_for_selector(".graphiql-query-editor", timeout=20_000)
        assert "query Example" in page.locator(".graphiql-query-editor").inner_text()
    finally:
        context.close()
