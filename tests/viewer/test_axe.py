"""axe-core (pinned from npm, tests only) on every page type: 1280 and 375 px wide, with and
without JavaScript, in dark mode, and after htmx swapped part of the page. No violation of
serious or critical impact is allowed; the others are printed for the record.

axe is injected with `page.evaluate`, which a strict CSP does not block (MEASURED.md). A context
with JavaScript disabled runs no `evaluate` either, so "without JavaScript" here means: the
page's own scripts are cut out of the document before the browser sees it (the viewer has no
<noscript> content, so that is the very DOM a browser without JavaScript builds).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support import REPO_ROOT

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCRIPT = re.compile(rb"<script\b[^>]*>.*?</script>", re.S | re.I)

PAGE_TYPES = {
    "home": "/",
    "entity": "/entity/migration-health-division",
    "position": "/position/director-general",
    "tree": "/tree?open=migration-health-division",
    "chart": "/chart/headquarters",
    "chart-find": "/chart/iom?find=legal",
    "search": "/search?q=health",
    "search-empty": "/search",
    "offices": "/offices",
    "not-found": "/entity/migration-heath",
}


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.length, "
        "targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    assert isinstance(result, list)
    return result


def assert_clean(page: Page, label: str) -> None:
    violations = axe_violations(page)
    for violation in violations:
        print(label, violation)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], (label, serious)


def without_scripts(route: Any) -> None:
    if route.request.resource_type != "document":
        route.continue_()
        return
    response = route.fetch()
    route.fulfill(response=response, body=SCRIPT.sub(b"", response.body()))


def make_context(browser: Any, width: int, js: bool, scheme: str) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    if not js:
        context.route("**/*", without_scripts)
    return context


@pytest.fixture(scope="module")
def contexts(browser: Any) -> Iterator[dict[tuple[int, bool, str], Any]]:
    made = {
        (width, js, scheme): make_context(browser, width, js, scheme)
        for width in (1280, 375)
        for js in (True, False)
        for scheme in ("light", "dark")
        if scheme == "light" or (js and width == 1280)
    }
    try:
        yield made
    finally:
        for context in made.values():
            context.close()


@pytest.mark.parametrize("name", list(PAGE_TYPES))
@pytest.mark.parametrize(
    ("width", "js", "scheme"),
    [
        (1280, True, "light"),
        (1280, False, "light"),
        (375, True, "light"),
        (375, False, "light"),
        (1280, True, "dark"),
    ],
    ids=["1280-js", "1280-nojs", "375-js", "375-nojs", "1280-js-dark"],
)
def test_page_types_have_no_serious_axe_violation(
    contexts: dict[Any, Any], live_server: str, name: str, width: int, js: bool, scheme: str
) -> None:
    page = contexts[(width, js, scheme)].new_page()
    try:
        page.goto(live_server + PAGE_TYPES[name])
        has_htmx = page.evaluate("typeof window.htmx !== 'undefined'")
        assert has_htmx is js
        assert_clean(page, f"{name} {width} js={js} {scheme}")
    finally:
        page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_after_htmx_swaps_have_no_serious_axe_violation(
    contexts: dict[Any, Any], live_server: str, width: int
) -> None:
    page = contexts[(width, True, "light")].new_page()
    try:
        page.goto(f"{live_server}/search")
        page.locator("#q").press_sequentially("data", delay=60)
        expect(page).to_have_url(re.compile(r"q=data"))
        expect(page.locator(".result-link").first).to_be_visible()
        assert_clean(page, f"search as you type {width}")

        page.goto(f"{live_server}/tree")
        page.locator("#t-headquarters > .tree-row > .tree-toggle").click()
        expect(page.locator("#t-department-of-external-relations")).to_be_visible()
        page.locator("#t-department-of-external-relations > .tree-row > .tree-toggle").click()
        expect(page.locator("#t-donor-relations-division")).to_be_visible()
        assert_clean(page, f"tree after loading branches {width}")

        page.goto(f"{live_server}/chart/headquarters")
        canvas = "chart-wide" if width > 600 else "chart-narrow"
        toggle = page.locator(f".{canvas} [data-toggle='director-generals-executive-office']")
        toggle.click()
        expect(page).to_have_url(re.compile(r"open=.*director-generals-executive-office"))
        box = f".{canvas} #box-{canvas[6:]}-media-and-communications-unit"
        expect(page.locator(box)).to_have_count(1)
        page.locator("#chart-find-q").press_sequentially("unit", delay=40)
        expect(page.locator(".find-result")).to_be_visible()
        assert_clean(page, f"chart after expanding and finding {width}")
    finally:
        page.close()
