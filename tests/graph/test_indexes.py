"""The indexes of a graph loaded from tests/fixtures/loader/minimal (two files, eleven entities).

org
├── hq
│   ├── ops            (supervised by ddg)
│   │   ├── ops-unit-a
│   │   └── ops-unit-b
│   └── finance        (overseen by ddg)
│       └── finance-unit
├── offices
│   ├── office-bangkok (TH)
│   └── office-manila  (PH)
└── board              (members: dg, ddg)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.indexes import OrgGraph
from graph.load.loader import load_graph
from graph.model import EntityKind, Family

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "loader" / "minimal"
PREORDER = (
    *("org", "hq", "ops", "ops-unit-a", "ops-unit-b", "finance", "finance-unit"),
    *("offices", "office-bangkok", "office-manila", "board"),
)


@pytest.fixture(scope="module")
def graph() -> OrgGraph:
    return load_graph(MINIMAL)


def test_root_is_the_entity_without_parent(graph: OrgGraph) -> None:
    assert graph.root_id == "org"
    assert graph.parent("org") is None
    parent = graph.parent("ops")
    assert parent is not None and parent.id == "hq"


@pytest.mark.parametrize(
    ("entity_id", "children"),
    [
        pytest.param("org", ("hq", "offices", "board"), id="across_files_in_source_order"),
        pytest.param("hq", ("ops", "finance"), id="nested"),
        pytest.param("ops-unit-a", (), id="leaf"),
    ],
)
def test_children_are_in_source_order(
    graph: OrgGraph, entity_id: str, children: tuple[str, ...]
) -> None:
    assert graph.children(entity_id) == children


def test_ancestors_start_at_the_root(graph: OrgGraph) -> None:
    assert graph.ancestors("ops-unit-b") == ("org", "hq", "ops")
    assert graph.ancestors("org") == ()


def test_descendants_are_in_preorder(graph: OrgGraph) -> None:
    assert graph.descendants("org") == PREORDER[1:]
    assert graph.descendants("hq") == ("ops", "ops-unit-a", "ops-unit-b", "finance", "finance-unit")
    assert graph.descendants("board") == ()
    assert graph.is_ancestor("hq", "finance-unit")
    assert not graph.is_ancestor("offices", "finance-unit")


def test_kind_filter_finds_kinds_within_a_subtree(graph: OrgGraph) -> None:
    start, end = graph.descendant_span("hq")
    units = graph.kind_positions_in(EntityKind.UNIT, start, end)
    assert [graph.preorder_id(i) for i in units] == ["ops-unit-a", "ops-unit-b", "finance-unit"]
    start, end = graph.descendant_span("offices")
    assert graph.kind_positions_in(EntityKind.UNIT, start, end) == ()
    assert graph.by_kind(EntityKind.DEPARTMENT) == ("ops", "finance")


def test_families_group_kinds(graph: OrgGraph) -> None:
    assert graph.by_family(Family.OFFICE) == ("offices", "office-bangkok", "office-manila")
    assert graph.by_family(Family.COMMITTEE) == ("board",)


def test_by_country_ignores_case(graph: OrgGraph) -> None:
    assert graph.by_country("th") == ("office-bangkok",)
    assert graph.by_country("PH") == ("office-manila",)
    assert graph.by_country("FR") == ()
    assert graph.countries() == ("PH", "TH")


def test_relations_are_indexed_both_ways(graph: OrgGraph) -> None:
    (supports,) = graph.relations_from("ops-unit-a")
    assert (supports.type.value, supports.target_id) == ("supports", "office-bangkok")
    assert graph.relations_to("office-bangkok") == (supports,)
    assert [r.source_id for r in graph.relations_to("finance")] == ["board"]
    assert graph.relations_from("finance") == ()


def test_supervised_by_lists_structures_in_source_order(graph: OrgGraph) -> None:
    assert graph.supervised_by("ddg") == ("ops", "finance")
    assert graph.supervised_by("dg") == ()


def test_committees_of_lists_the_committees_a_position_sits_on(graph: OrgGraph) -> None:
    assert graph.committees_of("dg") == ("board",)
    assert graph.committees_of("ddg") == ("board",)


@pytest.mark.parametrize(
    ("a", "b", "common"),
    [
        pytest.param("ops-unit-a", "finance-unit", "hq", id="cousins"),
        pytest.param("ops-unit-a", "ops-unit-b", "ops", id="siblings"),
        pytest.param("ops", "ops-unit-b", "ops", id="ancestor_itself"),
        pytest.param("office-manila", "finance", "org", id="only_the_root"),
        pytest.param("board", "board", "board", id="same"),
    ],
)
def test_common_ancestor(graph: OrgGraph, a: str, b: str, common: str) -> None:
    assert graph.common_ancestor(a, b) == common


def test_depth_counts_from_the_root(graph: OrgGraph) -> None:
    assert [graph.depth(i) for i in ("org", "hq", "ops", "ops-unit-a", "board")] == [0, 1, 2, 3, 1]


def test_counts_by_kind_cover_every_entity(graph: OrgGraph) -> None:
    counts = graph.counts_by_kind()
    assert sum(counts.values()) == len(graph.entities) == 11
    assert counts[EntityKind.UNIT] == 3
    assert [e.id for e in graph.iter_entities()] == list(graph.entity_order)
    assert set(graph.entity_order) == set(PREORDER)
