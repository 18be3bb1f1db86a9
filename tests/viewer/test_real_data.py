"""Every page of the embedded IOM data renders, as a page and as a fragment."""

from __future__ import annotations

import pytest

from schema.context import Context
from tests.viewer.conftest import HX, Client


def test_every_entity_page_and_chart_renders(iom_client: Client, iom_context: Context) -> None:
    graph = iom_context.graph
    for entity in graph.iter_entities():
        response = iom_client.get(f"/entity/{entity.id}")
        assert response.status_code == 200, entity.id
        if graph.children(entity.id):
            assert iom_client.get(f"/chart/{entity.id}").status_code == 200, entity.id
        assert iom_client.get("/tree", params={"open": entity.id}, headers=HX).status_code == 200


def test_every_position_page_renders(iom_client: Client, iom_context: Context) -> None:
    for position in iom_context.graph.positions.values():
        assert iom_client.get(f"/position/{position.id}").status_code == 200, position.id


@pytest.mark.parametrize(
    "url", ["/", "/tree", "/tree?open=migration-health-division", "/offices", "/search?q=manila"]
)
def test_main_pages_render(iom_client: Client, url: str) -> None:
    assert iom_client.get(url).status_code == 200
    assert iom_client.get(url, headers=HX).status_code == 200


def test_home_counts_the_real_structure(iom_client: Client) -> None:
    body = iom_client.get("/").text
    assert "<strong>157</strong> structures" in body
    assert "<strong>9</strong> positions" in body
    assert 'Regional offices <span class="count">9</span>' in body


def test_home_links_every_open_data_download(iom_client: Client) -> None:
    body = iom_client.get("/").text
    for name in ["csv", "json", "popolo", "jsonld"]:
        assert f'href="/exports/{name}" download' in body
