"""A loaded graph as plain tuples for the parsed-data cache (graph/cache/store.py), and back.

Records become tuples of str, int, bool and None in field order, which marshal writes and reads
several times faster than pickle handles the frozen, slotted dataclasses themselves (see
docs/performance.md). Equal strings are written once: ids, evidence repeated for sibling records
and file names come back as one shared object each, which also saves memory after a warm start.
Source references keep the file's position in the load order, not its name, because names are
shown relative to the working directory of the process that loads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph.indexes import OrgGraph
from graph.model import (
    Entity,
    EntityKind,
    Location,
    Position,
    Relation,
    RelationType,
    SourceRef,
    Supervision,
    SupervisionMode,
)
from graph.search.index import STATE_KEY, SearchIndex

Payload = tuple[Any, ...]

_KINDS = {kind.value: kind for kind in EntityKind}
_MODES = {mode.value: mode for mode in SupervisionMode}
_TYPES = {type_.value: type_ for type_ in RelationType}


class _Pool(dict[Any, Any]):
    """One object per distinct value, so marshal writes each string once."""

    def __call__(self, value: Any) -> Any:
        return self.setdefault(value, value) if value is not None else None


def to_payload(graph: OrgGraph, files: Sequence[str], search: SearchIndex) -> Payload:
    """The graph, its search index state and the load order of `files` (display names)."""
    pool = _Pool()
    where = {name: number for number, name in enumerate(files)}

    def ref(source: SourceRef | None) -> tuple[int, int, int]:
        assert source is not None, "a loaded record always knows its source"
        return where[source.file], source.line, source.column

    def texts(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(pool(v) for v in values)

    entities = []
    for e in graph.iter_entities():
        location = e.location
        supervision = e.supervision
        entities.append(
            (
                pool(e.id),
                pool(e.name),
                e.kind.value,
                pool(e.parent_id),
                pool(e.description),
                pool(e.mention),
                None
                if location is None
                else (
                    pool(location.city),
                    location.country,
                    location.inferred,
                    pool(location.note),
                ),
                None
                if supervision is None
                else (
                    pool(supervision.position_id),
                    supervision.mode.value,
                    pool(supervision.evidence),
                    supervision.inferred,
                ),
                texts(e.members),
                pool(e.members_evidence),
                e.stated_count,
                pool(e.coordinates_subregion),
                texts(e.aliases),
                texts(e.inferred),
                texts(e.notes),
                *ref(e.source),
            )
        )
    positions = tuple(
        (pool(p.id), pool(p.title), p.plural, pool(p.description), texts(p.notes), *ref(p.source))
        for p in (graph.positions[i] for i in graph.position_order)
    )
    relations = tuple(
        (
            pool(r.source_id),
            r.type.value,
            pool(r.target_id),
            pool(r.evidence),
            r.inferred,
            pool(r.note),
            *ref(r.source),
        )
        for r in graph.relations
    )
    return graph.version, tuple(entities), positions, relations, search.state()


def from_payload(payload: Payload, files: Sequence[str]) -> OrgGraph:
    """Rebuild the graph; any inconsistency raises (the caller then ignores the cache entry)."""
    version, entity_rows, position_rows, relation_rows, search_state = payload

    def ref(file: int, line: int, column: int) -> SourceRef:
        return SourceRef(files[file], line, column)

    entities = [
        Entity(
            id,
            name,
            _KINDS[kind],
            parent,
            order,
            description,
            mention,
            None if location is None else Location(*location),
            None
            if supervision is None
            else Supervision(supervision[0], _MODES[supervision[1]], *supervision[2:]),
            members,
            members_evidence,
            stated_count,
            subregion,
            aliases,
            inferred,
            notes,
            ref(file, line, column),
        )
        for order, (
            id,
            name,
            kind,
            parent,
            description,
            mention,
            location,
            supervision,
            members,
            members_evidence,
            stated_count,
            subregion,
            aliases,
            inferred,
            notes,
            file,
            line,
            column,
        ) in enumerate(entity_rows)
    ]
    positions = [
        Position(id, title, order, plural, description, notes, ref(file, line, column))
        for order, (id, title, plural, description, notes, file, line, column) in enumerate(
            position_rows
        )
    ]
    relations = [
        Relation(source, _TYPES[type_], target, evidence, order, inferred, note, ref(f, line, col))
        for order, (source, type_, target, evidence, inferred, note, f, line, col) in enumerate(
            relation_rows
        )
    ]
    return OrgGraph.build(
        version=version,
        entities=entities,
        positions=positions,
        relations=relations,
        prebuilt={STATE_KEY: search_state},
    )
