"""WCAG 2.2 AA details that axe does not check, in Chromium: reflow at 320 px, focus never under
the sticky header, no invisible Tab stop, non-text contrast of the focus ring and the input
border (light and dark), reduced motion, JavaScript-only hints, search box limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.viewer.test_axe import PAGE_TYPES

pytestmark = pytest.mark.browser

CONTRAST = """
([a, b]) => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const [r, g, b] = parse(c).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
"""


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


def test_every_page_type_reflows_at_320_px(browser: Any, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for name, url in PAGE_TYPES.items():
            page.goto(live_server + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (name, width)
    finally:
        context.close()


def test_focus_is_never_hidden_under_the_sticky_header(page: Page, live_server: str) -> None:
    """Tab to the end of a long page, then Shift+Tab back up: each focused element below the
    header is wholly visible under it (2.4.11)."""
    page.goto(f"{live_server}/offices")
    page.keyboard.press("End")
    page.locator(".site-footer a").last.focus()
    header = page.locator(".site-header").bounding_box()
    assert header is not None
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        rect = page.evaluate(
            "(() => { const e = document.activeElement; if (e.closest('.site-header')) return null;"
            " const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })()"
        )
        if rect is None:
            continue
        assert rect[0] >= header["height"] - 1, rect


def test_every_tab_stop_is_visible(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    seen = 0
    for _ in range(25):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect();"
            " return [r.width, r.height, document.activeElement.outerHTML.slice(0, 80)]; })()"
        )
        assert box[0] > 2 and box[1] > 2, box
        seen += 1
    assert seen == 25


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_ring_and_input_border_reach_three_to_one(
    browser: Any, live_server: str, scheme: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/search")
        colours = page.evaluate(
            "(() => { const box = document.getElementById('q');"
            " const link = document.querySelector('.site-nav a'); link.focus();"
            " const body = getComputedStyle(document.body).backgroundColor;"
            " const surface = getComputedStyle(box).backgroundColor;"
            " return {border: getComputedStyle(box).borderTopColor, body, surface,"
            " ring: getComputedStyle(link).outlineColor,"
            " header: getComputedStyle(document.querySelector('.site-header')).backgroundColor};"
            " })()"
        )
        assert page.evaluate(CONTRAST, [colours["border"], colours["surface"]]) >= 3
        assert page.evaluate(CONTRAST, [colours["border"], colours["body"]]) >= 3
        assert page.evaluate(CONTRAST, [colours["ring"], colours["header"]]) >= 3
        assert page.evaluate(CONTRAST, [colours["ring"], colours["body"]]) >= 3
    finally:
        context.close()


def test_dark_mode_changes_the_colours(browser: Any, live_server: str) -> None:
    context = browser.new_context(color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(14, 19, 26)"
    finally:
        context.close()


def test_reduced_motion_stops_the_chevron(browser: Any, live_server: str) -> None:
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(f"{live_server}/tree")
        duration = page.evaluate(
            "getComputedStyle(document.querySelector('.tree-toggle'), '::before')"
            ".transitionDuration"
        )
        assert duration == "0s"
    finally:
        context.close()


def test_tree_rows_are_targets_of_at_least_24_px(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/tree?open=headquarters")
    heights = page.evaluate(
        "[...document.querySelectorAll('.tree-link')].map(a => a.getBoundingClientRect().height)"
    )
    assert min(heights) >= 24


def test_without_javascript_no_hint_needs_it(browser: Any, live_server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        for url in ("/search", "/tree", "/chart/headquarters"):
            page.goto(live_server + url)
            shown = page.evaluate(
                "[...document.querySelectorAll('[data-needs-js], [data-print], [data-chart-tools],"
                " [data-chart-png]')].filter(e => e.offsetParent !== null).length"
            )
            assert shown == 0, url
    finally:
        context.close()


def test_search_boxes_are_limited_and_landmarks_named(page: Page, live_server: str) -> None:
    for url in ("/", "/entity/nope", "/search", "/tree"):
        page.goto(live_server + url)
        boxes = page.evaluate(
            "[...document.querySelectorAll('input[type=search]')].map(i => i.maxLength)"
        )
        assert boxes and all(0 < n <= 200 for n in boxes), (url, boxes)
        names = page.evaluate(
            "[...document.querySelectorAll('[role=search]')].map(f => f.getAttribute('aria-label'))"
        )
        assert all(names) and len(set(names)) == len(names), (url, names)
    page.goto(f"{live_server}/")
    assert page.locator('meta[name="description"]').get_attribute("content")
