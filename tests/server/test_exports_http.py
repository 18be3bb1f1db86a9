"""The open-data downloads, fetched from a real uvicorn process."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest


@pytest.mark.parametrize(
    ("name", "media_type", "filename"),
    [
        pytest.param("json", "application/json", "orggraph.json", id="json"),
        pytest.param("csv", "text/csv; charset=utf-8; header=present", "orggraph.csv", id="csv"),
        pytest.param("popolo", "application/json", "orggraph.popolo.json", id="popolo"),
        pytest.param("jsonld", "application/ld+json", "orggraph.jsonld", id="jsonld"),
    ],
)
def test_each_export_downloads_as_an_attachment_with_an_etag(
    live_server: str, name: str, media_type: str, filename: str
) -> None:
    response = httpx.get(f"{live_server}/exports/{name}")
    assert response.status_code == 200
    assert response.headers["content-type"] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert response.headers["etag"].startswith(f'"{name}-')
    if name == "csv":
        rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
        assert len(rows) == 1 + 157
    else:
        assert json.loads(response.text)


def test_the_json_download_carries_the_data_version(live_server: str) -> None:
    version = httpx.get(f"{live_server}/healthz").json()["dataVersion"]
    document = httpx.get(f"{live_server}/exports/json").json()
    assert document["version"] == version
    assert document["counts"]["entities"] == 157


def test_a_matching_if_none_match_gets_304_without_a_body(live_server: str) -> None:
    first = httpx.get(f"{live_server}/exports/popolo")
    again = httpx.get(
        f"{live_server}/exports/popolo", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    stale = httpx.get(f"{live_server}/exports/popolo", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200


def test_an_unknown_format_is_404_listing_the_known_ones(live_server: str) -> None:
    response = httpx.get(f"{live_server}/exports/xml")
    assert response.status_code == 404
    assert response.json()["formats"] == ["csv", "json", "jsonld", "popolo"]


def test_the_index_links_every_format(live_server: str) -> None:
    index = httpx.get(f"{live_server}/exports").json()
    assert set(index) == {"json", "csv", "popolo", "jsonld"}
    assert index["csv"]["url"].endswith("/exports/csv")
