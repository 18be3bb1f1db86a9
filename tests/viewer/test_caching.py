"""Viewer pages: rendered once per data version, ETag and 304, page and fragment kept apart."""

from __future__ import annotations

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from schema.context import Context
from server.app import create_app
from server.config import Config
from tests.viewer.conftest import HX, Client

IDENTITY = {"Accept-Encoding": "identity"}


def _fresh(context: Context, **env: str) -> Client:
    return Client(create_app(Config.from_env(env), context=context))


def test_a_page_gets_an_etag_cache_control_and_vary(client) -> None:
    response = client.get("/entity/media")
    assert response.status_code == 200
    assert response.headers["etag"].startswith('"sample-1-')
    assert response.headers["cache-control"] == "no-cache"
    vary = [name.strip() for name in response.headers["vary"].split(",")]
    assert {"HX-Request", "HX-History-Restore-Request", "Accept-Encoding"} <= set(vary)


def test_if_none_match_is_answered_304(client) -> None:
    first = client.get("/entity/media")
    again = client.get("/entity/media", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["vary"] == first.headers["vary"]
    assert again.headers["cache-control"] == first.headers["cache-control"]


def test_the_page_and_its_fragment_have_different_etags(client) -> None:
    page = client.get("/entity/media")
    fragment = client.get("/entity/media", headers=HX)
    assert page.headers["etag"] != fragment.headers["etag"]
    assert "<html" in page.text and "<html" not in fragment.text
    # The page's tag does not revalidate the fragment (or the other way round).
    crossed = client.get("/entity/media", headers={**HX, "If-None-Match": page.headers["etag"]})
    assert crossed.status_code == 200
    assert "<html" not in crossed.text


def test_query_strings_are_part_of_the_key(client) -> None:
    one = client.get("/search", params={"q": "media"})
    two = client.get("/search", params={"q": "legal"})
    assert one.headers["etag"] != two.headers["etag"]
    assert 'href="/entity/media"' in one.text and 'href="/entity/media"' not in two.text
    assert 'href="/entity/legal"' in two.text


def test_a_repeated_page_is_rendered_once(sample_context) -> None:
    client = _fresh(sample_context)
    first = client.get("/entity/media", headers=IDENTITY)
    second = client.get("/entity/media", headers=IDENTITY)
    assert first.content == second.content
    stats = client.app.state.response_cache.stats()
    assert (stats.entries, stats.hits, stats.misses) == (1, 1, 1)


def test_large_pages_are_gzipped(client) -> None:
    response = client.get("/entity/media", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["etag"].endswith('-gzip"')
    assert "<html" in response.text


def test_not_found_pages_are_neither_cached_nor_tagged(sample_context) -> None:
    client = _fresh(sample_context)
    for _ in range(2):
        response = client.get("/entity/no-such-entity")
        assert response.status_code == 404
        assert "etag" not in response.headers
    assert client.app.state.response_cache.stats().entries == 0


def test_a_reload_changes_the_page_and_its_etag(sample_context) -> None:
    client = _fresh(sample_context)
    before = client.get("/")
    holder = client.app.state.graph_holder
    root = Entity("new-root", "Renamed Organization", EntityKind.ORGANIZATION, None, 0)
    graph = OrgGraph.build(version="v2", entities=[root], positions=[], relations=[])
    previous = holder.swap(Context.for_graph(graph))
    try:
        after = client.get("/", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200
        assert "Renamed Organization" in after.text
        assert after.headers["etag"].startswith('"v2-')
    finally:
        holder.swap(previous)


def test_viewer_cache_control_is_configurable(sample_context) -> None:
    client = _fresh(sample_context, ORGGRAPH_VIEWER_CACHE_CONTROL="public, max-age=30")
    assert client.get("/offices").headers["cache-control"] == "public, max-age=30"


def test_head_requests_get_the_same_headers(client) -> None:
    get = client.get("/entity/media", headers=IDENTITY)
    head = client.head("/entity/media", headers=IDENTITY)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
