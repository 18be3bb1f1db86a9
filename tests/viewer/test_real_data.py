"""Every page of the embedded IOM data renders, as a page and as a fragment."""

from __future__ import annotations

import pytest

from schema.context import Context
from tests.viewer.conftest import HX, Client
from viewer.queries import OPERATIONS, run
from viewer.shaping import inherited_supervision


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


def test_every_entity_page_says_who_supervises_it(iom_client: Client, iom_context: Context) -> None:
    """Stated, or the nearest stated supervision up the tree marked inherited, or "not stated"
    only where no ancestor states one either."""
    inherited = 0
    for entity in iom_context.graph.iter_entities():
        record = run(OPERATIONS["EntityPage"], {"slug": entity.id}, iom_context)["entity"]
        facts = iom_client.get(f"/entity/{entity.id}").text.split('<aside class="facts"')[1]
        supervisor = facts.split("<dt>Supervisor</dt>")[1].split("</dd>")[0]
        nearest = inherited_supervision(record)
        if record["supervision"]:
            assert record["supervision"]["position"]["title"] in supervisor, entity.id
            assert "inherited" not in supervisor
        elif nearest:
            inherited += 1
            assert nearest["supervision"]["position"]["title"] in supervisor, entity.id
            assert "tag-inherited" in supervisor and nearest["from"]["name"] in supervisor
        else:
            assert "Not stated in the source" in supervisor, entity.id
    assert inherited > 20


def test_migration_health_division_names_its_inherited_supervisor(iom_client: Client) -> None:
    body = iom_client.get("/entity/migration-health-division").text
    facts, main = body.split('<div class="entity-main">')
    # Facts come before the description in the document (phones show them first).
    assert "<dt>Supervisor</dt>" in facts and "Deputy Director General for Operations" in facts
    assert "The source states no supervisor for Migration Health Division" in main
