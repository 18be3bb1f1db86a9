"""The parsed-data cache's record codec (graph/cache/codec.py): derived from the dataclass fields,
so adding or reordering a field can never hand one field's value to another."""

from __future__ import annotations

import dataclasses
import marshal
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from graph.cache.codec import SIGNATURE, RecordCodec, _Pool, _Side, from_payload, to_payload
from graph.indexes import OrgGraph
from graph.load.loader import load_graph
from graph.model import Entity, EntityKind, Location, SourceRef, Supervision, SupervisionMode
from graph.search.index import SearchIndex

REPO_ROOT = Path(__file__).resolve().parents[2]


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass(frozen=True, slots=True)
class Old:
    id: str
    count: int
    colour: Colour
    note: str | None = None
    source: SourceRef | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class New:
    """`Old` with a field added in the middle and two swapped: what a contributor might do."""

    id: str
    website: str | None
    colour: Colour
    count: int
    note: str | None = None
    tags: tuple[str, ...] = ()
    source: SourceRef | None = None


def _round_trip(codec: RecordCodec, record: Any, files: tuple[str, ...] = ("a.yaml",)) -> Any:
    side = _Side(_Pool(), {name: i for i, name in enumerate(files)}, files)
    row = marshal.loads(marshal.dumps(codec.encoder(side)(record)))
    return codec.decoder(side)(row)


def test_each_field_keeps_its_own_value_whatever_the_field_order() -> None:
    source = SourceRef("a.yaml", 3, 5)
    old = Old("x", 7, Colour.BLUE, "n", source)
    assert _round_trip(RecordCodec(Old), old) == old
    new = New("x", "https://example.org", Colour.BLUE, 7, "n", ("t1", "t2"), source)
    back = _round_trip(RecordCodec(New), new)
    assert back == new
    for field in dataclasses.fields(New):
        assert getattr(back, field.name) == getattr(new, field.name), field.name


def test_the_signature_names_every_field_so_old_entries_are_refused() -> None:
    assert RecordCodec(Old).signature != RecordCodec(New).signature
    assert RecordCodec(New).names == tuple(f.name for f in dataclasses.fields(New))


def test_a_field_of_a_type_the_codec_cannot_store_fails_when_the_codec_is_made() -> None:
    @dataclasses.dataclass(frozen=True)
    class Odd:
        value: float

    with pytest.raises(TypeError, match=r"Odd\.value"):
        RecordCodec(Odd)


def test_every_entity_field_survives_with_a_distinct_value() -> None:
    # A value in every field, none equal to a neighbour's, nested records included.
    entity = Entity(
        id="e",
        name="Name",
        kind=EntityKind.COUNTRY_OFFICE,
        parent_id="p",
        order=4,
        description="Description.",
        mention="Mention.",
        location=Location("City", "CH", inferred=True, note="Location note."),
        supervision=Supervision("dg", SupervisionMode.OVERSEES, "Evidence.", inferred=True),
        members=("m1", "m2"),
        members_evidence="Members evidence.",
        stated_count=9,
        coordinates_subregion="Subregion",
        aliases=("Alias",),
        inferred=("location",),
        notes=("Note one.", "Note two."),
        source=SourceRef("b.yaml", 11, 13),
    )
    back = _round_trip(RecordCodec(Entity), entity, ("a.yaml", "b.yaml"))
    assert isinstance(back, Entity)
    for field in dataclasses.fields(Entity):
        assert getattr(back, field.name) == getattr(entity, field.name), field.name
    assert back.source == entity.source  # compare=False: checked on its own


def _files(graph: OrgGraph) -> list[str]:
    records: list[Any] = [*graph.entities.values(), *graph.positions.values(), *graph.relations]
    return sorted({r.source.file for r in records if r.source is not None})


def test_the_real_graph_round_trips_field_for_field() -> None:
    graph = load_graph(REPO_ROOT / "data")
    files = _files(graph)
    payload = marshal.loads(marshal.dumps(to_payload(graph, files, SearchIndex.build(graph))))
    assert payload[0] == SIGNATURE
    back = from_payload(payload, files)
    assert back == graph
    pairs: list[tuple[Any, Any]] = [
        *zip(graph.iter_entities(), back.iter_entities(), strict=True),
        *zip(graph.positions.values(), back.positions.values(), strict=True),
        *zip(graph.relations, back.relations, strict=True),
    ]
    for before, after in pairs:
        assert dataclasses.astuple(after) == dataclasses.astuple(before)
        assert after.source == before.source


def test_an_entry_with_other_fields_is_refused() -> None:
    graph = load_graph(REPO_ROOT / "data")
    files = _files(graph)
    payload = to_payload(graph, files, SearchIndex.build(graph))
    other = (("Entity", ("id", "website"), ()), *SIGNATURE[1:])
    with pytest.raises(ValueError, match="other fields"):
        from_payload((other, *payload[1:]), files)
