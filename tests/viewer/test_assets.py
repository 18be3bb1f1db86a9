"""Static files: only listed ones, content-hashed URLs cached for a year, htmx from node_modules."""

from __future__ import annotations

from pathlib import Path

from tests.viewer.conftest import Client
from viewer.assets import Assets


def test_versioned_url_is_cached_for_a_year(client: Client) -> None:
    url = Assets.collect(Path("unused")).url("viewer.css")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "immutable" in response.headers["cache-control"]


def test_unversioned_or_stale_url_must_revalidate(client: Client) -> None:
    for url in ("/static/viewer/viewer.css", "/static/viewer/viewer.css?v=old"):
        assert client.get(url).headers["cache-control"] == "no-cache"


def test_htmx_is_served_from_the_pinned_package(client: Client) -> None:
    response = client.get("/static/viewer/htmx.min.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert b"htmx" in response.content[:2000]


def test_unknown_asset_is_not_found(client: Client) -> None:
    assert client.get("/static/viewer/secrets.txt").status_code == 404
    assert client.get("/static/viewer/..%2Fchart.py").status_code == 404


def test_missing_htmx_explains_how_to_install_it(tmp_path: Path) -> None:
    assets = Assets.collect(tmp_path)
    assert assets.versions["htmx.min.js"] == "missing"
    assert assets.url("htmx.min.js").endswith("?v=missing")
