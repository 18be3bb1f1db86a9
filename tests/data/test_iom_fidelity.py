"""The embedded IOM dataset says what the source says: no structure missed, nothing invented."""

from __future__ import annotations

import re
from collections import Counter

import pycountry
import pytest

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from tests.data.lookup import COUNTRY_ITEM, by_name, entity_for_heading, not_recorded
from tests.data.source import SOURCE, Heading, headings, source_lines

HEADINGS = headings()
UNRECORDED = {entry.text: entry for entry in not_recorded("names")}


def _by_name(graph: OrgGraph) -> dict[str, Entity]:
    return by_name(graph)


def _entity_for_heading(graph: OrgGraph, heading: Heading) -> Entity:
    entity = entity_for_heading(graph, heading)
    assert entity is not None, heading.text
    return entity


@pytest.fixture(scope="module")
def source_text() -> str:
    return "\n".join(source_lines())


def test_source_copy_keeps_its_last_line_without_newline() -> None:
    # The source ends without a newline: a reader that drops the last line loses a paragraph.
    assert SOURCE.read_text(encoding="utf-8").endswith("External Auditors.")
    assert source_lines()[-1].startswith("The Committee is an independent")


def test_parser_finds_every_heading_including_the_ones_run_into_paragraphs() -> None:
    texts = [h.text for h in HEADINGS]
    assert "Resettlement and Movement Management Division" in texts
    assert "Contract Law Division" in texts
    assert len(texts) == len(set(texts)) == 100


@pytest.mark.parametrize(
    "heading", [h for h in HEADINGS if not h.is_position], ids=lambda h: h.text[:40]
)
def test_every_source_heading_is_an_entity_with_the_right_parent(
    iom: OrgGraph, heading: Heading
) -> None:
    entity = entity_for_heading(iom, heading)
    if entity is None:
        # A heading that is another wording of recorded entities, listed with why.
        entry = UNRECORDED[heading.text]
        assert entry.reason and entry.refers_to
        assert all(ref in iom.entities or ref in iom.positions for ref in entry.refers_to)
    elif "parent" in entity.inferred:
        # The source's layout puts it here but its text says otherwise (noted on the entity).
        assert entity.notes, entity.id
    elif heading.parent is None:
        assert entity.parent_id == iom.root_id
    else:
        parent = _entity_for_heading(iom, next(h for h in HEADINGS if h.text == heading.parent))
        assert entity.parent_id == parent.id


def test_deputy_director_general_headings_are_positions(iom: OrgGraph) -> None:
    titles = {p.title.casefold() for p in iom.positions.values()}
    position_headings = [h.text for h in HEADINGS if h.is_position]
    assert len(position_headings) == 2
    for text in position_headings:
        assert text.casefold() in titles


def test_entities_appear_in_source_order_among_siblings(iom: OrgGraph, source_text: str) -> None:
    def first_mention(entity: Entity) -> int:
        for needle in (entity.name, entity.mention or "", *(entity.aliases)):
            if needle and needle in source_text:
                return source_text.index(needle)
        if entity.location and entity.location.city:
            return source_text.index(entity.location.city)
        return source_text.index((entity.description or "x")[:60])

    heading_entities = {
        e.id: h.line
        for h in HEADINGS
        if not h.is_position and (e := entity_for_heading(iom, h)) is not None
    }
    for parent_id in iom.entity_order:
        children = [c for c in iom.children(parent_id) if c in heading_entities]
        lines = [heading_entities[c] for c in children]
        assert lines == sorted(lines), parent_id
    assert first_mention(iom.root) >= 0


@pytest.mark.parametrize("field", ["description", "mention"])
def test_every_text_is_found_verbatim_in_the_source(
    iom: OrgGraph, source_text: str, field: str
) -> None:
    lines = set(source_lines())
    for entity in iom.iter_entities():
        text = getattr(entity, field) or ""
        for paragraph in filter(None, text.split("\n\n")):
            if field == "description":
                # Descriptions are whole paragraphs of the source, never fragments.
                assert paragraph in lines, (entity.id, paragraph[:80])
            else:
                assert paragraph in source_text, (entity.id, paragraph[:80])


def test_every_evidence_sentence_is_found_verbatim_in_the_source(
    iom: OrgGraph, source_text: str
) -> None:
    evidence = [r.evidence for r in iom.relations]
    evidence += [e.supervision.evidence for e in iom.iter_entities() if e.supervision]
    evidence += [e.members_evidence for e in iom.iter_entities() if e.members_evidence]
    evidence += [p.description for p in iom.positions.values() if p.description]
    assert len(evidence) > 70
    for text in evidence:
        assert text in source_text, text[:80]


def test_descriptions_drop_link_labels_and_fix_the_acute_accent(iom: OrgGraph) -> None:
    texts = [e.description for e in iom.iter_entities()] + [e.name for e in iom.iter_entities()]
    assert not [t for t in texts if "Learn more" in t]
    assert not [t for t in texts if "´" in t]
    assert (
        iom.entities["director-generals-executive-office"].name
        == "IOM Director General’s Executive Office"
    )


def test_multi_paragraph_descriptions_keep_their_paragraphs(iom: OrgGraph) -> None:
    paragraphs = {
        e.id: e.description.count("\n\n") + 1 for e in iom.iter_entities() if e.description
    }
    assert paragraphs["department-of-peace-and-development-coordination"] == 3
    assert paragraphs["department-of-financial-and-administrative-management"] == 3
    assert paragraphs["department-of-operations-and-emergencies"] == 2
    assert paragraphs["audit-and-oversight-advisory-committee"] == 2
    assert paragraphs["director-generals-executive-office"] == 2


def test_every_source_paragraph_under_a_heading_is_some_description(iom: OrgGraph) -> None:
    described = set()
    for entity in iom.iter_entities():
        described.update(entity.description.split("\n\n"))
    described.update(p.description for p in iom.positions.values())
    lines = source_lines()
    first = lines.index("Headquarters")
    paragraphs = [t for t in lines[first:] if len(t) > 150]
    missing = [p[:70] for p in paragraphs if p not in described]
    assert missing == []


def test_counts_by_kind_are_what_the_source_implies(iom: OrgGraph) -> None:
    counts = {k: v for k, v in iom.counts_by_kind().items() if v}
    assert counts == {
        EntityKind.ORGANIZATION: 1,
        EntityKind.HEADQUARTERS: 1,
        EntityKind.EXECUTIVE_OFFICE: 1,
        EntityKind.DEPARTMENT: 10,
        EntityKind.DIVISION: 19,
        EntityKind.UNIT: 46,
        EntityKind.TEAM: 14,
        EntityKind.FUNCTION: 11,
        EntityKind.COMPONENT: 4,
        EntityKind.WORKSTREAM: 3,
        EntityKind.OFFICE: 2,
        EntityKind.SECRETARIAT: 1,
        EntityKind.INSTITUTE: 1,
        EntityKind.CENTRE: 5,
        EntityKind.SYSTEM: 1,
        EntityKind.ENVOY_GROUP: 1,
        EntityKind.OFFICE_GROUP: 6,
        EntityKind.ADMINISTRATIVE_CENTRE: 2,
        EntityKind.REGIONAL_OFFICE: 9,
        EntityKind.LIAISON_OFFICE: 2,
        EntityKind.COUNTRY_OFFICE: 6,
        EntityKind.COMMITTEE_GROUP: 1,
        EntityKind.COMMITTEE: 7,
        EntityKind.BOARD: 1,
        EntityKind.GOVERNING_BODY: 2,
    }


@pytest.mark.parametrize(
    ("entity_id", "kind", "count"),
    [
        pytest.param("transition-and-recovery-division", EntityKind.UNIT, 2, id="two-units"),
        pytest.param("migration-health-division", EntityKind.UNIT, 8, id="eight-health-units"),
        pytest.param("protection-division", EntityKind.WORKSTREAM, 3, id="three-workstreams"),
        pytest.param(
            "integrated-talent-management-unit", EntityKind.FUNCTION, 4, id="four-functions"
        ),
        pytest.param("preparedness-and-response-division", EntityKind.FUNCTION, 6, id="a-to-f"),
        pytest.param("displacement-tracking-matrix", EntityKind.COMPONENT, 4, id="four-components"),
        pytest.param(
            "enterprise-architecture-and-technology-unit", EntityKind.TEAM, 4, id="eatu-teams"
        ),
        pytest.param("ict-security-unit", EntityKind.TEAM, 3, id="security-teams"),
        pytest.param(
            "applications-and-solutions-delivery-services-unit", EntityKind.TEAM, 3, id="asds-teams"
        ),
        pytest.param(
            "ict-strategy-risk-management-and-governance-unit",
            EntityKind.TEAM,
            3,
            id="strategy-teams",
        ),
        pytest.param("contract-law-division", EntityKind.UNIT, 2, id="manila-and-panama-units"),
        pytest.param(
            "special-liaison-offices", EntityKind.LIAISON_OFFICE, 2, id="two-liaison-offices"
        ),
        pytest.param("regional-offices", EntityKind.REGIONAL_OFFICE, 9, id="nine-regional-offices"),
        pytest.param(
            "administrative-centres", EntityKind.ADMINISTRATIVE_CENTRE, 2, id="two-centres"
        ),
    ],
)
def test_structures_named_inside_paragraphs_are_all_there(
    iom: OrgGraph, entity_id: str, kind: EntityKind, count: int
) -> None:
    children = [iom.entities[c] for c in iom.children(entity_id)]
    assert sum(1 for c in children if c.kind is kind) == count


def test_a_count_without_names_is_stored_as_a_count(iom: OrgGraph) -> None:
    group = iom.entities["country-offices-with-resource-mobilization-functions"]
    assert group.stated_count == 4
    assert iom.children(group.id) == ()
    assert iom.entities["special-liaison-offices"].stated_count == len(
        iom.children("special-liaison-offices")
    )


def _named_in(paragraph: str) -> list[str]:
    word = r"(?:[A-Z][\w’-]*|of|and|for|to|on)"
    return re.findall(rf"\bthe ({word}(?: {word})*[A-Za-z])", paragraph)


@pytest.mark.parametrize("position_id", ["ddg-operations", "ddg-management-and-reform"])
def test_each_deputy_director_general_supervises_what_the_source_names(
    iom: OrgGraph, position_id: str
) -> None:
    position = iom.positions[position_id]
    named = [n for n in _named_in(position.description) if n != position.title]
    expected: set[str] = set()
    names = _by_name(iom)
    for name in named:
        if name == "Manila and Panama Administrative Centres":
            expected |= {"manila-administrative-centre", "panama-administrative-centre"}
        else:
            expected.add(names[name.casefold()].id)
    supervised = set(iom.supervised_by(position_id))
    assert expected <= supervised
    assert len(expected) == (7 if position_id == "ddg-operations" else 13)


def test_committees_consist_of_the_positions_the_source_lists(iom: OrgGraph) -> None:
    def titles(committee_id: str) -> list[str]:
        return [iom.positions[p].title for p in iom.entities[committee_id].members]

    top = [
        "Director General",
        "Deputy Director General for Operations",
        "Deputy Director General for Management and Reform",
        "Chief of Staff",
    ]
    assert titles("policy-coordinating-committee") == [
        *top,
        "Regional Director",
        "Department Director",
        "Senior Regional Adviser",
    ]
    assert titles("management-coordinating-committee") == [
        *top,
        "Department Director",
        "Senior Regional Adviser",
        "Regional Director",
    ]
    assert titles("regional-policy-coordinating-committees") == [
        "Regional Director",
        "Senior Regional Adviser",
        "Chief of Mission",
    ]
    assert iom.entities["audit-and-oversight-advisory-committee"].members == ()


def test_listed_offices_have_the_stated_city_and_a_matching_country_code(iom: OrgGraph) -> None:
    checked = 0
    for heading in HEADINGS:
        text = heading.text.removeprefix("Regional Office in ").removeprefix(
            "Special Liaison Office in "
        )
        text = text.removeprefix("IOM Office to the United Nations in ")
        match = COUNTRY_ITEM.match(text)
        if not match or heading.parent not in {
            "Regional Offices",
            "Special Liaison Offices",
            "Country offices with coordinating functions",
        }:
            continue
        entity = _entity_for_heading(iom, heading)
        assert entity.location is not None
        assert entity.location.city == match["city"]
        assert entity.location.inferred is False
        official = {"United States of America": "United States"}
        country = pycountry.countries.get(alpha_2=entity.location.country)
        assert country is not None
        assert country.name == official.get(match["country"], match["country"])
        if heading.parent == "Country offices with coordinating functions":
            # Stored as a reader types it: "Caribbean", not "the Caribbean".
            expected = match["sub"].removeprefix("the ") if match["sub"] else None
            assert entity.coordinates_subregion == expected
        checked += 1
    assert checked == 9 + 2 + 6


def test_south_asia_coordination_sits_with_the_bangkok_regional_office(iom: OrgGraph) -> None:
    bangkok = iom.entities["regional-office-bangkok"]
    assert bangkok.coordinates_subregion == "South Asia"
    assert "coordinates_subregion" in bangkok.inferred
    function = iom.entities["south-asia-coordinating-function"]
    assert function.parent_id == bangkok.id and function.kind is EntityKind.FUNCTION
    assert iom.entities["country-office-beijing"].coordinates_subregion is None


def test_inferred_facts_say_so(iom: OrgGraph) -> None:
    # Country codes for cities the source names without a country are inferences.
    for entity_id in [
        "headquarters",
        "global-migration-data-analysis-centre",
        "manila-administrative-centre",
    ]:
        location = iom.entities[entity_id].location
        assert location is not None and location.inferred and location.note
    # Bodies named in passing have no stated place in the tree.
    for entity in iom.iter_entities():
        if entity.parent_id == iom.root_id and entity.mention and not entity.description:
            assert "parent" in entity.inferred and entity.notes
    assert all(r.note for r in iom.relations if r.inferred)


def test_every_entity_without_a_description_says_where_the_source_names_it(iom: OrgGraph) -> None:
    undescribed = [e for e in iom.iter_entities() if not e.description]
    for entity in undescribed:
        assert entity.mention or entity.location or entity.notes, entity.id
    kinds = Counter(e.kind for e in undescribed)
    assert kinds[EntityKind.TEAM] == 14
