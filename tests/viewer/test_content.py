"""What each page says, over the small sample graph (tests/conftest.py)."""

from __future__ import annotations

from tests.viewer.conftest import Client


def test_home_shows_the_organization_at_a_glance(client: Client) -> None:
    body = client.get("/").text
    assert '<h1 id="org-name">Example Organization</h1>' in body
    assert '<a href="/entity/hq">Headquarters</a>' in body
    assert 'href="/entity/ops">Department of Operations</a>' in body
    assert 'href="/position/dg">Director General</a>' in body
    assert 'Regional offices <span class="count">2</span>' in body
    assert 'Country offices <span class="count">2</span>' in body
    assert 'href="/entity/pcc">Policy Coordinating Committee</a>' in body
    # The heading that groups committees is not itself counted as one.
    assert 'href="/entity/committees"' not in body
    assert 'action="/search"' in body


def test_entity_page_shows_breadcrumbs_and_paragraphs(client: Client) -> None:
    body = client.get("/entity/media").text
    crumbs = body.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    positions = [crumbs.index(name) for name in ("Example Organization", "Headquarters", "Exec")]
    assert positions == sorted(positions)
    assert '<span aria-current="page">Media and Communications Unit</span>' in crumbs
    assert "<p>Tells the world about migration.</p>" in body
    assert "<p>Second paragraph.</p>" in body


def test_entity_page_shows_the_supervisor_with_the_evidence(client: Client) -> None:
    body = client.get("/entity/exec").text
    assert 'Directly supervised by the <a href="/position/dg">Director General</a>' in body
    assert "The DG supervises the Office." in body


def test_entity_page_shows_relations_with_their_evidence(client: Client) -> None:
    body = client.get("/entity/media").text
    assert "coordinates with</span>" in body
    assert '<a href="/entity/ro-bangkok">Regional Office in Bangkok, Thailand</a>' in body
    assert "Media works with RO." in body
    # The incoming relation, inferred, with its note.
    assert '<a href="/entity/legal">Legal Team</a>' in body
    assert "Legal supports Media." in body
    assert 'title="Implied."' in body


def test_entity_page_shows_children(client: Client) -> None:
    body = client.get("/entity/exec").text
    assert 'href="/entity/media">Media and Communications Unit</a>' in body
    assert 'href="/entity/legal">Legal Team</a>' in body
    assert 'href="/chart/exec"' in body
    assert 'href="/tree?open=exec#t-exec"' in body


def test_entity_without_description_quotes_its_mention(client: Client) -> None:
    body = client.get("/entity/legal").text
    assert "names this structure without describing it" in body
    assert "A Legal Team is mentioned." in body


def test_entity_page_marks_inferred_location_and_shows_notes(client: Client) -> None:
    body = client.get("/entity/co-rome").text
    assert "Rome, Italy" in body
    assert 'tag-inferred" title="The source says Rome."' in body
    assert "Mediterranean" in body
    assert "Editors' notes" in body
    assert "Inferred from the heading." in body


def test_committee_page_lists_members_and_stated_count(client: Client) -> None:
    body = client.get("/entity/audit").text
    assert 'href="/position/dg">Director General</a>' in body
    assert "assists the DG" in body
    assert "Stated count" in body
    assert "without naming them all" in body


def test_entity_aliases_are_shown(client: Client) -> None:
    assert "Also called MHD" in client.get("/entity/health").text


def test_position_page_shows_what_it_supervises_and_its_committees(client: Client) -> None:
    body = client.get("/position/dg").text
    assert "Directly supervises" in body
    assert 'href="/entity/exec">Executive Office</a>' in body
    assert "The DG supervises the Office." in body
    assert "Sits on" in body
    assert 'href="/entity/pcc">Policy Coordinating Committee</a>' in body
    assert "consisting of the Director General and the Chief of Staff" in body


def test_position_page_for_a_plural_post_with_notes(client: Client) -> None:
    body = client.get("/position/rd").text
    assert "held by several people" in body
    assert "One per region." in body
    assert "names no structure this post supervises" in body


def test_offices_page_groups_by_type_with_city_and_country(client: Client) -> None:
    body = client.get("/offices").text
    assert 'id="type-regional_office"' in body
    assert 'id="type-country_office"' in body
    row = body.split('href="/entity/ro-bangkok"')[1].split("</tr>")[0]
    assert "Bangkok" in row and "Thailand" in row and "South Asia" in row
    assert "By country" in body
    assert "Costa Rica" in body


def test_chart_draws_a_box_for_each_structure_below(client: Client) -> None:
    body = client.get("/chart/hq").text
    assert body.count('class="chart-scroll chart-wide"') == 1
    wide = body.split("chart-wide")[1].split("chart-narrow")[0]
    for slug in ("exec", "ops"):
        assert f'href="/chart/{slug}"' in wide
    for slug in ("media", "legal", "lab"):
        assert f'href="/entity/{slug}"' in wide or f'href="/chart/{slug}"' in wide
    assert "<path d=" in wide
