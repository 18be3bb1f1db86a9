"""The diff reports every edit a maintainer can make, one line each, and nothing else."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from graph.diff import (
    Change,
    FieldsChange,
    GraphDiff,
    Record,
    RelationKey,
    Reordered,
    Seat,
    diff_graphs,
)
from graph.indexes import OrgGraph
from graph.load.loader import load_graph
from graph.model import (
    Entity,
    EntityKind,
    Location,
    Position,
    Relation,
    RelationType,
    Supervision,
    SupervisionMode,
)

DATA = Path(__file__).resolve().parents[2] / "data"

ENTITIES = (
    Entity("root", "Root", EntityKind.ORGANIZATION, None, 0),
    Entity("dept", "Department", EntityKind.DEPARTMENT, "root", 1, description="Runs things."),
    Entity("unit-a", "Unit A", EntityKind.UNIT, "dept", 2),
    Entity("unit-b", "Unit B", EntityKind.UNIT, "dept", 3),
    Entity(
        "board",
        "Board",
        EntityKind.BOARD,
        "root",
        4,
        members=("head", "deputy"),
        members_evidence="The Head and the Deputy sit on it.",
    ),
    Entity("office", "Office", EntityKind.OFFICE, "root", 5),
)
POSITIONS = (
    Position("head", "Head", 0),
    Position("deputy", "Deputy", 1),
    Position("adviser", "Adviser", 2),
)
RELATIONS = (
    Relation("unit-a", RelationType.SUPPORTS, "board", "Unit A supports the Board.", 0),
    Relation("unit-b", RelationType.COORDINATES_WITH, "unit-a", "They coordinate.", 1),
)


def build(
    entities: tuple[Entity, ...] = ENTITIES,
    positions: tuple[Position, ...] = POSITIONS,
    relations: tuple[Relation, ...] = RELATIONS,
    version: str = "old",
) -> OrgGraph:
    return OrgGraph.build(
        version=version, entities=entities, positions=positions, relations=relations
    )


def edit(entity_id: str, **changes: object) -> tuple[Entity, ...]:
    return tuple(replace(e, **changes) if e.id == entity_id else e for e in ENTITIES)  # type: ignore[arg-type]


OLD = build()


def test_identical_graphs_have_no_changes() -> None:
    diff = diff_graphs(OLD, build(version="new"))
    assert not diff.has_changes
    assert diff.format_text() == "Data version old -> new\nNo changes.\n"
    assert diff.to_dict()["hasChanges"] is False


@pytest.mark.parametrize(
    ("new", "field", "expected"),
    [
        pytest.param(
            build((*ENTITIES, Entity("unit-c", "Unit C", EntityKind.UNIT, "dept", 6))),
            "entities_added",
            (Record("unit-c", "Unit C"),),
            id="entity-added",
        ),
        pytest.param(
            build(tuple(e for e in ENTITIES if e.id != "office")),
            "entities_removed",
            (Record("office", "Office"),),
            id="entity-removed",
        ),
        pytest.param(
            build(edit("unit-b", parent_id="root")),
            "entities_moved",
            (Change("unit-b", "dept", "root"),),
            id="entity-moved",
        ),
        pytest.param(
            build(edit("unit-a", name="Unit Alpha")),
            "entities_renamed",
            (Change("unit-a", "Unit A", "Unit Alpha"),),
            id="entity-renamed",
        ),
        pytest.param(
            build(edit("unit-a", kind=EntityKind.TEAM)),
            "kinds_changed",
            (Change("unit-a", "unit", "team"),),
            id="kind-changed",
        ),
        pytest.param(
            build(edit("dept", description="Runs everything.")),
            "descriptions_changed",
            (Change("dept", "Runs things.", "Runs everything."),),
            id="description-changed",
        ),
        pytest.param(
            build(
                edit(
                    "unit-a",
                    location=Location("Rome", "IT"),
                    supervision=Supervision("head", SupervisionMode.LEADS, "The Head leads it."),
                )
            ),
            "entity_fields_changed",
            (FieldsChange("unit-a", ("location", "supervisor")),),
            id="other-entity-fields",
        ),
        pytest.param(
            build(tuple(replace(e, order=-e.order) for e in ENTITIES)),
            "children_reordered",
            (Reordered("dept"), Reordered("root")),
            id="children-reordered",
        ),
        pytest.param(
            build(edit("board", members=("deputy", "head"))),
            "entity_fields_changed",
            (FieldsChange("board", ("members (order)",)),),
            id="seats-reordered",
        ),
        pytest.param(
            build(positions=(*POSITIONS, Position("chief", "Chief", 3))),
            "positions_added",
            (Record("chief", "Chief"),),
            id="position-added",
        ),
        pytest.param(
            build(positions=POSITIONS[:2]),
            "positions_removed",
            (Record("adviser", "Adviser"),),
            id="position-removed",
        ),
        pytest.param(
            build(
                positions=(POSITIONS[0], replace(POSITIONS[1], title="Deputy Head"), POSITIONS[2])
            ),
            "positions_renamed",
            (Change("deputy", "Deputy", "Deputy Head"),),
            id="position-renamed",
        ),
        pytest.param(
            build(positions=(POSITIONS[0], replace(POSITIONS[1], plural=True), POSITIONS[2])),
            "position_fields_changed",
            (FieldsChange("deputy", ("plural",)),),
            id="position-fields",
        ),
        pytest.param(
            build(edit("board", members=("head",))),
            "memberships_removed",
            (Seat("board", "deputy"),),
            id="seat-removed",
        ),
        pytest.param(
            build(edit("board", members=("deputy", "head", "head"))),
            "memberships_added",
            (Seat("board", "head"),),
            id="seat-repeated-counts",
        ),
        pytest.param(
            build(relations=(*RELATIONS, replace(RELATIONS[0], type=RelationType.OVERSEES))),
            "relations_added",
            (RelationKey("unit-a", "oversees", "board"),),
            id="relation-added",
        ),
        pytest.param(
            build(relations=RELATIONS[1:]),
            "relations_removed",
            (RelationKey("unit-a", "supports", "board"),),
            id="relation-removed",
        ),
        pytest.param(
            build(
                relations=(replace(RELATIONS[0], evidence="Other.", inferred=True), RELATIONS[1])
            ),
            "relations_changed",
            (FieldsChange("unit-a supports board", ("evidence", "inferred")),),
            id="relation-evidence",
        ),
    ],
)
def test_diff_reports_each_kind_of_edit_in_its_category(
    new: OrgGraph, field: str, expected: tuple[object, ...]
) -> None:
    diff = diff_graphs(OLD, new)
    assert getattr(diff, field) == expected
    others = {name: value for name, value in diff.to_dict().items() if isinstance(value, list)}
    assert all(not value for name, value in others.items() if name != _camel(field)), others
    assert diff.has_changes


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def test_removing_an_entity_also_removes_its_seats_and_relations() -> None:
    new = build(tuple(e for e in ENTITIES if e.id != "board"), relations=RELATIONS[1:])
    diff = diff_graphs(OLD, new)
    assert diff.entities_removed == (Record("board", "Board"),)
    assert diff.memberships_removed == (Seat("board", "head"), Seat("board", "deputy"))
    assert diff.relations_removed == (RelationKey("unit-a", "supports", "board"),)


def test_report_has_one_line_per_change_grouped_under_headings() -> None:
    entities = (
        *edit("unit-a", name="Unit Alpha", parent_id="root")[:4],
        replace(ENTITIES[4], members=("head",)),
        *ENTITIES[5:],
        Entity("unit-c", "Unit C", EntityKind.UNIT, "dept", 6),
    )
    diff = diff_graphs(OLD, build(entities, version="new"))
    assert diff.format_text() == (
        "Data version old -> new\n"
        "Entities added (1):\n"
        "  + unit-c 'Unit C'\n"
        "Entities moved (1):\n"
        "  ~ unit-a: 'dept' -> 'root'\n"
        "Entities renamed (1):\n"
        "  ~ unit-a: 'Unit A' -> 'Unit Alpha'\n"
        "Memberships removed (1):\n"
        "  - deputy on board\n"
    )


def test_long_description_changes_show_the_changed_words_on_one_line() -> None:
    before = " ".join(f"word{i}" for i in range(60))
    after = before.replace("word30", "WORD\nthirty")
    old = build(edit("dept", description=before))
    diff = diff_graphs(old, build(edit("dept", description=after)))
    (line,) = [ln for ln in diff.format_text().splitlines() if ln.startswith("  ~")]
    assert line == (
        "  ~ dept: '...word27 word28 word29 word30 word31 word32 word33...'"
        " -> '...word27 word28 word29 WORD\\nthirty word31 word32 word33...'"
    )


def test_to_dict_is_json_with_every_category() -> None:
    new = build(edit("unit-a", name="Unit Alpha"), version="new")
    document = json.loads(json.dumps(diff_graphs(OLD, new).to_dict()))
    assert document["oldVersion"] == "old" and document["newVersion"] == "new"
    assert document["hasChanges"] is True
    assert document["entitiesRenamed"] == [{"id": "unit-a", "old": "Unit A", "new": "Unit Alpha"}]
    assert document["relationsAdded"] == []
    assert len(document) == 3 + len(GraphDiff.__dataclass_fields__) - 2


def test_real_data_against_itself_has_no_changes() -> None:
    iom = load_graph(DATA)
    assert not diff_graphs(iom, load_graph(DATA)).has_changes


def test_real_data_edit_in_yaml_is_reported(tmp_path: Path) -> None:
    edited = tmp_path / "data"
    shutil.copytree(DATA, edited, ignore=shutil.ignore_patterns("sources"))
    committees = edited / "40-committees.yaml"
    text = committees.read_text(encoding="utf-8")
    committees.write_text(
        text.replace("name: Policy Coordinating Committee", "name: Policy Committee", 1),
        encoding="utf-8",
    )
    diff = diff_graphs(load_graph(DATA), load_graph(edited))
    assert diff.entities_renamed == (
        Change(
            "policy-coordinating-committee", "Policy Coordinating Committee", "Policy Committee"
        ),
    )
    assert diff.format_text().count("\n  ") == 1
