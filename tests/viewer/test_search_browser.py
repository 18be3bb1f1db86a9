"""Search in headless Chromium against a real uvicorn: places, positions, too-short queries."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def test_typing_one_letter_says_why_then_results_arrive(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/search")
    page.locator("#q").press_sequentially("g")
    expect(page.locator("#search-results")).to_contain_text("Type at least 2 letters or digits.")
    expect(page.locator("#search-status")).to_have_text("Type at least 2 letters or digits")
    page.locator("#q").press_sequentially("eneva")
    expect(page.locator(".result").first).to_contain_text("Geneva")
    expect(page.locator("#search-status")).to_have_text(re.compile(r"^\d+ results? for geneva$"))


def test_a_place_hit_leads_to_its_structures_by_mouse_and_keyboard(
    page: Page, live_server: str
) -> None:
    page.goto(f"{live_server}/search?q=philippines")
    place = page.locator(".result-country").first
    expect(place).to_contain_text("4 structures located here")
    # Arrow keys walk the structures of the place like any other result.
    page.locator("#q").focus()
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused in place.inner_text()
    # Each structure is a link of its own (not covered by a card-wide link).
    place.get_by_role("link", name="Manila Administrative Centre").click()
    expect(page.locator("h1")).to_have_text("Manila Administrative Centre")


def test_a_position_hit_opens_the_position_page(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/search?q=chief+of+staff")
    page.locator(".result-link").first.click()
    expect(page).to_have_url(f"{live_server}/position/chief-of-staff")
    expect(page.locator("h1")).to_have_text("Chief of Staff")
