"""Markup and script in the data and in URLs come out as text, never as markup.

The data below puts script, event handlers, attribute breakers and `javascript:` links in every
kind of text the viewer shows (names, descriptions, aliases, evidence, titles); the URLs put them
in slugs, search words and the tree's `open` parameter. In-process, every page and fragment is
checked for raw markup; in Chromium, the pages and an htmx search are checked for script that ran
or elements that appeared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from graph.load.loader import load_graph
from schema.context import Context
from server.app import create_app
from server.config import Config
from tests.support import Client, serve

DATA = """\
entities:
  - id: org
    name: "<script>window.pwned = 'name'</script> Organization"
    kind: organization
    description: "An <img src=x onerror=\\"window.pwned = 'description'\\"> & a \\"quote\\"."
  - id: hq
    name: "Head<b>quarters</b> \\" onmouseover=\\"window.pwned = 'attribute'"
    kind: headquarters
    parent: org
    aliases: ["<svg onload=\\"window.pwned = 'alias'\\">"]
    supervisor:
      position: dg
      mode: directly_supervises
      evidence: "<script>window.pwned = 'evidence'</script> supervises it."
  - id: unit
    name: "Unit </title><script>window.pwned = 'title'</script>"
    kind: unit
    parent: hq
    description: "Works with <a href=\\"javascript:window.pwned = 'link'\\">partners</a>."
positions:
  - id: dg
    title: "<script>window.pwned = 'position'</script> Director General"
"""
PAYLOAD = "<script>window.pwned = 'url'</script><img src=x onerror=\"window.pwned = 'url'\">"
RAW = re.compile(
    r"<script(?![^>]*\ssrc=)|<img src=x|<svg onload|<b>quarters|<a href=\"javascript"
    r"|\" onmouseover=|</title><script",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def markup_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("markup")
    (directory / "10-org.yaml").write_text(DATA)
    return directory


@pytest.fixture(scope="module")
def client(markup_dir: Path) -> Client:
    context = Context.for_graph(load_graph(markup_dir))
    return Client(create_app(Config.from_env({}), context=context))


URLS = [
    "/",
    "/entity/org",
    "/entity/hq",
    "/entity/unit",
    "/position/dg",
    "/tree",
    "/tree?open=unit",
    "/chart/org",
    "/offices",
    "/search?q=script",
    "/search?q=window+pwned",
    "/search?q=" + quote(PAYLOAD),
    "/entity/" + quote(PAYLOAD, safe=""),
    "/position/" + quote(PAYLOAD, safe=""),
    "/chart/" + quote(PAYLOAD, safe=""),
    "/tree?open=" + quote(PAYLOAD),
    "/" + quote(PAYLOAD, safe=""),
]


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("fragment", [False, True], ids=["page", "htmx-fragment"])
def test_markup_in_data_and_urls_is_escaped(client: Client, url: str, fragment: bool) -> None:
    headers = {"HX-Request": "true"} if fragment else {}
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 404), response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    found = RAW.findall(response.text)
    assert found == [], f"raw markup in {url}: {found}"


def test_the_escaped_text_is_still_shown(client: Client) -> None:
    page = client.get("/entity/org").text
    assert "&lt;script&gt;window.pwned" in page
    assert "&lt;img src=x onerror=" in page
    results = client.get("/search?q=" + quote(PAYLOAD)).text
    assert "&lt;script&gt;" in results


@pytest.fixture(scope="module")
def markup_server(markup_dir: Path) -> Iterator[str]:
    env = {"ORGGRAPH_DATA": str(markup_dir), "ORGGRAPH_RELOAD_INTERVAL": "0"}
    with serve(env, "uvicorn-markup.log") as (base, _):
        yield base


@pytest.mark.browser
def test_no_script_runs_in_a_browser(browser: Any, markup_server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda dialog: problems.append(f"dialog: {dialog.message}"))
    try:
        for url in URLS:
            page.goto(markup_server + url)
            assert page.evaluate("window.pwned") is None, url
            injected = page.evaluate(
                'document.querySelectorAll(\'img[src="x"], svg[onload], [onmouseover], '
                'a[href^="javascript"], script:not([src])\').length'
            )
            assert injected == 0, url
        # The search box asks htmx for result fragments as the visitor types.
        page.goto(markup_server + "/search")
        page.locator("#q").press_sequentially("script window", delay=20)
        page.wait_for_timeout(800)
        page.locator("#q").fill(PAYLOAD)
        page.locator("#q").press("Enter")
        page.wait_for_timeout(800)
        assert page.evaluate("window.pwned") is None
        assert page.evaluate("document.querySelectorAll('script:not([src])').length") == 0
    finally:
        context.close()
    assert problems == []
