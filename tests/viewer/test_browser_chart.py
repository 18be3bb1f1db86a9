"""The org chart in Chromium: overviews that fit, expand/collapse in place, zoom/pan/fit, find,
downloads and print (Chromium's own PDF output, pages counted by poppler's pdfinfo)."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCREEN = {"width": 1280, "height": 800}


@pytest.fixture
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport=SCREEN)
    try:
        yield context.new_page()
    finally:
        context.close()


def size(page: Page) -> tuple[int, int]:
    height, width = page.evaluate(
        "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    return int(height), int(width)


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("slug", ["iom", "headquarters"])
def test_big_charts_open_as_overviews_at_1280_by_800(
    browser: Any, live_server: str, slug: str, js: bool
) -> None:
    """No taller than three screens, never wider than the window (was 9,469 / 5,897 px)."""
    for width in (1280, 768):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, java_script_enabled=js
        )
        try:
            page = context.new_page()
            page.goto(f"{live_server}/chart/{slug}")
            height, scroll_width = size(page)
            print(f"/chart/{slug} at {width}x800 js={js}: {height} px tall")
            assert scroll_width <= width
            if width == 1280:
                assert height <= 3 * 800
            svg = page.locator(".chart-wide svg").bounding_box()
            assert svg is not None and svg["x"] + svg["width"] <= width
        finally:
            context.close()


def test_a_branch_expands_and_collapses_in_place(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/chart/headquarters")
    page.evaluate("window.notReloaded = true")
    selector = ".chart-wide [data-toggle='director-generals-executive-office']"
    child = ".chart-wide #box-wide-media-and-communications-unit"
    toggle = page.locator(selector)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()  # with the mouse, in view in the first row
    expect(page).to_have_url(re.compile(r"\?open=.*director-generals-executive-office"))
    expect(page.locator(selector)).to_have_attribute("aria-expanded", "true")
    expect(page.locator(selector)).to_be_focused()
    expect(page.locator(child)).to_have_count(1)
    assert page.evaluate("window.notReloaded") is True
    page.keyboard.press("Enter")  # with the keys: it closes again, focus stays on it
    expect(page.locator(child)).to_have_count(0)
    expect(page.locator(selector)).to_be_focused()
    # A button lower down, out of the viewport: focusing it pans it into view first.
    legal = page.locator(".chart-wide [data-toggle='department-of-legal-affairs']")
    legal.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".chart-wide #box-wide-contract-law-division")).to_have_count(1)
    # Collapse all / Expand all are links too.
    page.get_by_role("link", name="Expand all").click()
    expect(page.locator(".chart-wide #box-wide-contract-law-division-unit-manila")).to_have_count(1)


def transform(page: Page) -> str:
    return str(page.locator(".chart-wide .chart-pan").get_attribute("transform"))


def test_zoom_pan_and_fit(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/chart/iom")
    expect(page.locator("[data-chart-tools]")).to_be_visible()
    start = transform(page)
    page.get_by_role("button", name="Zoom in").click()
    zoomed = transform(page)
    assert zoomed != start
    page.locator(".chart-wide").scroll_into_view_if_needed()
    box = page.locator(".chart-wide").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + 200, steps=5)
    page.mouse.up()
    assert transform(page) != zoomed
    page.get_by_role("button", name="Fit to screen").click()
    assert transform(page) == "translate(0.00 0.00) scale(1.0000)"
    # Keyboard: the viewport is focusable; + zooms, 0 fits.
    page.locator(".chart-wide").focus()
    page.keyboard.press("+")
    assert transform(page) != "translate(0.00 0.00) scale(1.0000)"
    page.keyboard.press("0")
    assert transform(page) == "translate(0.00 0.00) scale(1.0000)"
    # The viewport stays within one screen.
    assert page.locator(".chart-wide svg").bounding_box()["height"] <= 800  # type: ignore[index]


def test_tabbing_to_a_box_brings_it_into_the_viewport(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/chart/iom")
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    last = page.locator(".chart-wide .box").last
    last.focus()
    canvas = page.locator(".chart-wide").bounding_box()
    rect = last.locator("rect").bounding_box()
    assert canvas is not None and rect is not None
    assert canvas["y"] <= rect["y"] and rect["y"] + rect["height"] <= canvas["y"] + canvas["height"]


def test_find_highlights_and_centres_the_matches(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/chart/iom")
    page.locator("#chart-find-q").press_sequentially("contract law", delay=30)
    expect(page).to_have_url(re.compile(r"find=contract"))
    match = page.locator(".chart-wide .is-match").first
    expect(match).to_be_visible()
    expect(page.locator(".find-result")).to_contain_text("match")
    expect(page.locator("#chart-status")).to_contain_text("match")
    canvas = page.locator(".chart-wide").bounding_box()
    rect = match.locator("rect").first.bounding_box()
    assert canvas is not None and rect is not None
    centre = rect["y"] + rect["height"] / 2
    assert canvas["y"] < centre < canvas["y"] + canvas["height"]


def test_svg_download_is_a_standalone_drawing(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/chart/headquarters?open=department-of-legal-affairs")
    link = page.get_by_role("link", name="Download SVG")
    href = link.get_attribute("href")
    assert href == "/chart/headquarters.svg?open=department-of-legal-affairs"
    response = page.request.get(live_server + href)
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.body())
    ns = {"svg": "http://www.w3.org/2000/svg"}
    ids = {g.get("id") for g in root.iterfind(".//svg:g", ns)}
    assert "box-file-contract-law-division" in ids  # the opened branch is drawn
    assert "box-file-contract-law-division-unit-manila" not in ids
    assert root.find(".//svg:a", ns) is None  # no links to this server in the file
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PNG").click()
    path = download.value.path()
    assert Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert download.value.suggested_filename == "headquarters-chart.png"


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize(
    "url",
    [
        "/chart/iom",
        "/chart/headquarters",
        "/chart/department-of-legal-affairs",
        "/chart/headquarters?open=department-of-human-resources-management,department-of-legal-affairs",
    ],
)
def test_a_chart_prints_on_one_landscape_page_with_its_title(
    browser: Any, live_server: str, tmp_path: Path, url: str, js: bool
) -> None:
    context = browser.new_context(viewport=SCREEN, java_script_enabled=js)
    try:
        page = context.new_page()
        page.goto(live_server + url)
        title = page.locator("h1").text_content() or ""
        pdf = tmp_path / "chart.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())  # type: ignore[union-attr]
    assert width > height  # landscape
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert " ".join(title.split()) in " ".join(text.split())
