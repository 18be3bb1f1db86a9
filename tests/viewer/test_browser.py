"""The viewer in headless Chromium against a real uvicorn: the journeys, with and without JS.

Screenshots of the main pages land in artifacts/ (not committed).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.support import ARTIFACTS

pytestmark = pytest.mark.browser

VIEWPORT = {"width": 1280, "height": 900}

# The policy the hardening work will send; the viewer must already live within it.
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class Watch:
    """Console errors, page errors and requests leaving the server, seen during a test."""

    def __init__(self, page: Page, base: str) -> None:
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on(
            "request",
            lambda request: (
                None
                if request.url.startswith(base) or request.url.startswith("data:")
                else self.problems.append(f"foreign request: {request.url}")
            ),
        )


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    watch = Watch(page, live_server)
    try:
        yield page
    finally:
        context.close()
    assert watch.problems == []


@pytest.fixture
def nojs_page(browser: Any, live_server: str) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_tree_node_expands_and_its_children_arrive(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/tree")
    # htmx runs with the configuration a strict CSP needs: no eval, no scripts from responses.
    config = page.evaluate("[htmx.config.allowEval, htmx.config.allowScriptTags]")
    assert config == [False, False]
    toggle = page.locator("#t-headquarters > .tree-row > .tree-toggle")
    item = page.locator("#t-headquarters > .tree-row > [role=treeitem]")
    expect(item).to_have_attribute("aria-expanded", "false")
    expect(item).to_have_attribute("aria-owns", "g-headquarters")
    expect(toggle).to_have_attribute("aria-hidden", "true")
    toggle.click()
    child = page.locator("#g-headquarters #t-department-of-external-relations")
    expect(child).to_be_visible()
    expect(item).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#g-headquarters")).to_have_attribute("role", "group")
    assert page.url.endswith("/tree?open=headquarters")
    assert page.title() == "Tree: Headquarters · orggraph"
    # Closing hides the group without another request; reopening shows the loaded children.
    toggle.click()
    expect(child).to_be_hidden()
    toggle.click()
    expect(child).to_be_visible()


def treeitem(slug: str) -> str:
    return f"#t-{slug} > .tree-row > [role=treeitem]"


def test_tree_is_an_apg_treeview_with_one_tab_stop(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/tree")
    expect(page.locator("[data-tree]")).to_have_attribute("role", "tree")
    # One Tab stop: the tree's items are reached by arrows, so Tab goes in once and out once.
    expect(page.locator("[data-tree] [tabindex='0']")).to_have_count(1)
    page.locator(treeitem("iom")).focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(treeitem("headquarters"))).to_be_focused()
    page.keyboard.press("ArrowRight")  # opens, focus stays
    expect(page.locator("#t-department-of-external-relations")).to_be_visible()
    expect(page.locator(treeitem("headquarters"))).to_be_focused()
    page.keyboard.press("ArrowRight")  # into the first child
    expect(page.locator(treeitem("director-generals-executive-office"))).to_be_focused()
    expect(page.locator("[data-tree] [tabindex='0']")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    expect(page.locator(treeitem("department-of-external-relations"))).to_be_focused()
    page.keyboard.press("*")  # every sibling branch opens
    expect(page.locator("#t-donor-relations-division")).to_be_visible()
    expect(page.locator("#t-contract-law-division")).to_be_visible()
    page.keyboard.type("cont")  # type-ahead
    expect(page.locator(treeitem("contract-law-division"))).to_be_focused()
    page.keyboard.press("ArrowLeft")  # a leaf: to its parent
    expect(page.locator(treeitem("department-of-legal-affairs"))).to_be_focused()
    page.keyboard.press("ArrowLeft")  # open: closes
    expect(page.locator("#t-contract-law-division")).to_be_hidden()
    page.keyboard.press("End")
    last = page.locator("[data-tree] [role=treeitem]:visible").last
    expect(last).to_be_focused()
    page.keyboard.press("Home")
    expect(page.locator(treeitem("iom"))).to_be_focused()
    page.keyboard.press("Tab")  # out of the tree in one press
    assert page.evaluate("document.activeElement.closest('[data-tree]') === null")
    page.keyboard.press("Shift+Tab")  # back in, on the item last focused
    expect(page.locator(treeitem("iom"))).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server}/entity/headquarters")


def test_tree_open_branches_survive_back(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/tree")
    for slug in ("headquarters", "department-of-external-relations", "department-of-legal-affairs"):
        page.locator(f"#t-{slug} > .tree-row > .tree-toggle").click()
        expect(page.locator(f"#g-{slug} > li").first).to_be_visible()
    page.locator(treeitem("donor-relations-division")).click()
    expect(page.locator("h1")).to_have_text("Donor Relations Division")
    page.go_back()
    expect(page.locator("#t-donor-relations-division")).to_be_visible()
    expect(page.locator("#t-contract-law-division")).to_be_visible()


def test_tree_deep_link_opens_expanded_to_the_entity(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/tree?open=migration-health-division")
    current = page.locator("#t-migration-health-division > .tree-row > .tree-link")
    expect(current).to_have_attribute("aria-current", "location")
    expect(current).to_be_in_viewport()
    expect(page.locator("#t-migration-and-vaccination-unit")).to_be_visible()


def test_search_updates_as_you_type_and_back_returns(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    page.goto(f"{live_server}/search")
    entries = page.evaluate("history.length")
    box = page.locator("#q")
    expect(box).to_be_focused()
    box.press_sequentially("health", delay=40)
    first = page.locator(".result-link").first
    expect(first).to_contain_text("Health")
    expect(page.locator(".result-link mark").first).to_have_text(re.compile("health", re.I))
    expect(page).to_have_url(re.compile(r"/search\?q=health$"))
    box.press_sequentially(" assess", delay=40)
    expect(first).to_have_text("Migration Health Assessments and Travel Health Assistance Unit")
    expect(page).to_have_url(re.compile(r"/search\?q=health(\+|%20)assess$"))
    assert page.title() == "Search: health assess · orggraph"
    # Typing replaced the entry: no history entry per pause.
    assert page.evaluate("history.length") == entries
    # Keyboard: down into the results, Enter follows the link.
    box.press("ArrowDown")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(
        f"{live_server}/entity/migration-health-assessments-and-travel-health-assistance-unit"
    )
    expect(page.locator("h1")).to_have_text(
        "Migration Health Assessments and Travel Health Assistance Unit"
    )
    page.go_back()
    expect(page).to_have_url(re.compile(r"/search\?q=health(\+|%20)assess$"))
    expect(page.locator("#q")).to_have_value("health assess")
    expect(page.locator(".result-link").first).to_have_text(
        "Migration Health Assessments and Travel Health Assistance Unit"
    )
    page.go_back()
    expect(page).to_have_url(f"{live_server}/")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"/search\?q=health(\+|%20)assess$"))
    expect(page.locator("#q")).to_have_value("health assess")


def test_search_box_is_restored_when_back_stays_in_the_page(page: Page, live_server: str) -> None:
    """Enter pushes an entry; Back to it is htmx's history restore, whose snapshot must hold
    what was typed."""
    page.goto(f"{live_server}/search")
    box = page.locator("#q")
    box.press_sequentially("legal", delay=40)
    expect(page).to_have_url(re.compile(r"q=legal$"))
    page.wait_for_timeout(400)
    box.press("Enter")
    expect(page.locator(".result-link").first).to_be_visible()
    box.fill("")
    box.press_sequentially("health", delay=40)
    expect(page).to_have_url(re.compile(r"q=health$"))
    expect(page.locator(".result-link").first).to_contain_text("Health")
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=legal$"))
    expect(page.locator("#q")).to_have_value("legal")
    page.go_forward()
    expect(page).to_have_url(re.compile(r"q=health$"))
    expect(page.locator("#q")).to_have_value("health")


def test_search_result_leads_to_the_entity_page(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/")
    page.locator("#home-q").fill("manila")
    page.locator("#home-q").press("Enter")
    expect(page).to_have_url(f"{live_server}/search?q=manila")
    page.get_by_role("link", name="Manila Administrative Centre").first.click()
    expect(page.locator("h1")).to_have_text("Manila Administrative Centre")
    expect(page.locator(".breadcrumbs")).to_contain_text("Administrative Centres")


def test_without_javascript_the_tree_works_through_links(nojs_page: Page, live_server: str) -> None:
    page = nojs_page
    page.goto(f"{live_server}/tree")
    page.locator("#t-headquarters > .tree-row > .tree-toggle").click()
    expect(page).to_have_url(f"{live_server}/tree?open=headquarters#t-headquarters")
    expect(page.locator("#t-department-of-external-relations")).to_be_visible()
    page.locator("#t-department-of-external-relations > .tree-row > .tree-toggle").click()
    expect(page.locator("#t-donor-relations-division")).to_be_visible()
    page.locator("#t-donor-relations-division .tree-link").click()
    expect(page.locator("h1")).to_have_text("Donor Relations Division")
    page.go_back()
    expect(page.locator("#t-donor-relations-division")).to_be_visible()


def test_without_javascript_search_works_through_the_form(
    nojs_page: Page, live_server: str
) -> None:
    page = nojs_page
    page.goto(f"{live_server}/search")
    page.locator("#q").fill("san jose")
    page.locator("#q").press("Enter")
    expect(page).to_have_url(f"{live_server}/search?q=san+jose")
    # The first link is the city's list of its structures, then the office's own hit.
    link = page.get_by_role("link", name="Regional Office in San José, Costa Rica").first
    link.click()
    expect(page.locator("h1")).to_have_text("Regional Office in San José, Costa Rica")
    page.go_back()
    expect(page.locator("#q")).to_have_value("san jose")
    expect(
        page.get_by_role("link", name="Regional Office in San José, Costa Rica").first
    ).to_be_visible()


def test_without_javascript_the_chart_and_pages_link_up(nojs_page: Page, live_server: str) -> None:
    page = nojs_page
    page.goto(f"{live_server}/entity/department-of-legal-affairs")
    page.get_by_role("link", name="Org chart").click()
    expect(page).to_have_url(f"{live_server}/chart/department-of-legal-affairs")
    expect(page.locator(".chart-wide svg .box")).to_have_count(6)
    page.locator(".chart-wide a[data-toggle='contract-law-division']").click()
    expect(page).to_have_url(f"{live_server}/chart/department-of-legal-affairs?open=")
    expect(page.locator(".chart-wide svg .box")).to_have_count(4)
    page.locator("#chart-find-q").fill("panama")
    page.locator("#chart-find-q").press("Enter")
    expect(page.locator(".chart-wide .is-match")).to_have_count(1)
    expect(page.locator(".chart-wide svg .box")).to_have_count(6)
    page.locator('.chart-wide a[href="/chart/contract-law-division"]').click()
    expect(page.locator("h1")).to_have_text("Contract Law Division")


def test_pages_run_under_a_strict_content_security_policy(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []

    def with_csp(route: Any) -> None:
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route("**/*", with_csp)
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        for url in SCREENSHOTS.values():
            page.goto(live_server + url)
        page.goto(f"{live_server}/search")
        page.locator("#q").press_sequentially("data", delay=30)
        expect(page.locator(".result-link").first).to_be_visible()
        page.goto(f"{live_server}/tree")
        page.locator("#t-headquarters > .tree-row > .tree-toggle").click()
        expect(page.locator("#t-department-of-external-relations")).to_be_visible()
        assert violations == []
        # The control: the policy is in force, so an inline style is refused.
        page.evaluate("document.body.setAttribute('style', 'color: red')")
        page.wait_for_timeout(200)
        assert violations and "style" in violations[0]
    finally:
        context.close()


SCREENSHOTS = {
    "home": "/",
    "entity": "/entity/migration-health-division",
    "position": "/position/director-general",
    "tree": "/tree?open=migration-health-division",
    "chart": "/chart/department-of-information-and-communications-technology",
    "search": "/search?q=health",
    "offices": "/offices",
    "not-found": "/entity/migration-heath",
}


@pytest.mark.parametrize("width", [1280, 390], ids=["wide", "phone"])
def test_screenshots_of_the_main_pages(browser: Any, live_server: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        for name, url in SCREENSHOTS.items():
            page.goto(live_server + url)
            page.evaluate("window.scrollTo(0, 0)")
            tag = "wide" if width > 600 else "phone"
            page.screenshot(path=str(ARTIFACTS / f"viewer-{name}-{tag}.png"), full_page=True)
            # Nothing is wider than the screen, except a chart inside its scroller.
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, (name, overflow)
    finally:
        context.close()
