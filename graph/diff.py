"""What an edit of the data changes, for a maintainer to review before it is deployed.

`diff_graphs(old, new)` compares two loaded graphs record by record, by id: moving a record to
another file is no change, changing its id is a removal plus an addition. Beyond the named
categories, any other differing field of an entity, position or relation is listed by name, and
siblings whose source order changed are reported, so `has_changes` is false only when the API
would show the same thing. Only the order of positions and of relations is not compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from graph.indexes import OrgGraph
from graph.load.wording import quote
from graph.model import Entity, Position, Relation
from graph.names import camel

_R = TypeVar("_R", Entity, Position)
_T = TypeVar("_T")
_Record = Entity | Position | Relation

# Fields left out of the "other fields" comparison: they have a category of their own, or are
# bookkeeping (`order` is compared as sibling order, `source` is where the record was read).
_ENTITY_OWN = frozenset({"id", "name", "parent_id", "kind", "description", "members", "order"})
_POSITION_OWN = frozenset({"id", "title", "order"})
_RELATION_OWN = frozenset({"source_id", "type", "target_id", "order"})
# Report fields under their YAML names, the names maintainers edit.
_YAML_NAMES = {"supervision": "supervisor", "parent_id": "parent"}


@dataclass(frozen=True, slots=True)
class Record:
    """An added or removed entity or position: its id and its name or title."""

    id: str
    label: str

    def __str__(self) -> str:
        return f"{self.id} {quote(self.label)}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label}


@dataclass(frozen=True, slots=True)
class Change:
    """One value of a record that changed: its parent, name, title, kind or description."""

    id: str
    old: str
    new: str

    def __str__(self) -> str:
        old, new = _difference(self.old, self.new)
        return f"{self.id}: {old} -> {new}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "old": self.old, "new": self.new}


@dataclass(frozen=True, slots=True)
class FieldsChange:
    """A record whose other fields changed (location, supervisor, notes, evidence, ...)."""

    id: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.id}: {', '.join(self.fields)}"

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "fields": list(self.fields)}


@dataclass(frozen=True, slots=True)
class Seat:
    """A committee seat: a position listed in a committee's `members`."""

    committee_id: str
    position_id: str

    def __str__(self) -> str:
        return f"{self.position_id} on {self.committee_id}"

    def to_dict(self) -> dict[str, Any]:
        return {"committee": self.committee_id, "position": self.position_id}


@dataclass(frozen=True, slots=True)
class RelationKey:
    """What identifies a relation across versions: its ends and its type (not its evidence)."""

    source_id: str
    type: str
    target_id: str

    def __str__(self) -> str:
        return f"{self.source_id} {self.type} {self.target_id}"

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source_id, "type": self.type, "to": self.target_id}


@dataclass(frozen=True, slots=True)
class Reordered:
    """A parent whose children (those in both versions) are listed in a different order."""

    parent_id: str

    def __str__(self) -> str:
        return f"children of {self.parent_id}"

    def to_dict(self) -> dict[str, Any]:
        return {"parent": self.parent_id}


@dataclass(frozen=True, slots=True)
class GraphDiff:
    """Differences between two graphs; additions and changes in the new graph's source order,
    removals in the old one's."""

    old_version: str
    new_version: str
    entities_added: tuple[Record, ...] = ()
    entities_removed: tuple[Record, ...] = ()
    entities_moved: tuple[Change, ...] = ()
    entities_renamed: tuple[Change, ...] = ()
    kinds_changed: tuple[Change, ...] = ()
    descriptions_changed: tuple[Change, ...] = ()
    entity_fields_changed: tuple[FieldsChange, ...] = ()
    children_reordered: tuple[Reordered, ...] = ()
    positions_added: tuple[Record, ...] = ()
    positions_removed: tuple[Record, ...] = ()
    positions_renamed: tuple[Change, ...] = ()
    position_fields_changed: tuple[FieldsChange, ...] = ()
    memberships_added: tuple[Seat, ...] = ()
    memberships_removed: tuple[Seat, ...] = ()
    relations_added: tuple[RelationKey, ...] = ()
    relations_removed: tuple[RelationKey, ...] = ()
    relations_changed: tuple[FieldsChange, ...] = ()

    @property
    def has_changes(self) -> bool:
        return any(getattr(self, name) for name, _, _ in _SECTIONS)

    def format_text(self) -> str:
        """A report: a heading per kind of change, then one line per change, in a stable order."""
        lines = [f"Data version {self.old_version} -> {self.new_version}"]
        for name, heading, marker in _SECTIONS:
            items = getattr(self, name)
            if items:
                lines.append(f"{heading} ({len(items)}):")
                lines.extend(f"  {marker} {item}" for item in items)
        if not self.has_changes:
            lines.append("No changes.")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """For JSON output: versions, `hasChanges`, and every category, empty ones included."""
        return {
            "oldVersion": self.old_version,
            "newVersion": self.new_version,
            "hasChanges": self.has_changes,
            **{camel(name): [i.to_dict() for i in getattr(self, name)] for name, _, _ in _SECTIONS},
        }


def _marker(name: str) -> str:
    return "+" if name.endswith("added") else "-" if name.endswith("removed") else "~"


# (field, heading, marker) in report order: the order of GraphDiff's fields.
_SECTIONS = tuple(
    (f.name, f.name.replace("_", " ").capitalize(), _marker(f.name))
    for f in fields(GraphDiff)
    if f.name not in ("old_version", "new_version")
)


def diff_graphs(old: OrgGraph, new: OrgGraph) -> GraphDiff:
    """Everything that differs from `old` to `new`."""
    entities = [(old.entities[i], new.entities[i]) for i in new.entity_order if i in old.entities]
    positions = [
        (old.positions[i], new.positions[i]) for i in new.position_order if i in old.positions
    ]
    return GraphDiff(
        old_version=old.version,
        new_version=new.version,
        entities_added=_entity_records(new, old),
        entities_removed=_entity_records(old, new),
        entities_moved=_changed(entities, lambda e: e.parent_id or "(root)"),
        entities_renamed=_changed(entities, lambda e: e.name),
        kinds_changed=_changed(entities, lambda e: e.kind.value),
        descriptions_changed=_changed(entities, lambda e: e.description),
        entity_fields_changed=_fields_changed(entities, _ENTITY_OWN),
        children_reordered=_reordered(old, new),
        positions_added=_position_records(new, old),
        positions_removed=_position_records(old, new),
        positions_renamed=_changed(positions, lambda p: p.title),
        position_fields_changed=_fields_changed(positions, _POSITION_OWN),
        memberships_added=_missing(_seats(new), _seats(old)),
        memberships_removed=_missing(_seats(old), _seats(new)),
        relations_added=_missing(_keys(new.relations), _keys(old.relations)),
        relations_removed=_missing(_keys(old.relations), _keys(new.relations)),
        relations_changed=_relations_changed(old, new),
    )


def _entity_records(graph: OrgGraph, other: OrgGraph) -> tuple[Record, ...]:
    """Entities of `graph` that `other` lacks."""
    return tuple(Record(e.id, e.name) for e in graph.iter_entities() if e.id not in other.entities)


def _position_records(graph: OrgGraph, other: OrgGraph) -> tuple[Record, ...]:
    """Positions of `graph` that `other` lacks."""
    missing = (graph.positions[i] for i in graph.position_order if i not in other.positions)
    return tuple(Record(p.id, p.title) for p in missing)


def _changed(
    pairs: list[tuple[_R, _R]],
    value: Callable[
        [
            _R,
        ],
        str,
    ],
) -> tuple[Change, ...]:
    return tuple(Change(a.id, value(a), value(b)) for a, b in pairs if value(a) != value(b))


def _fields_changed(pairs: list[tuple[_R, _R]], own: frozenset[str]) -> tuple[FieldsChange, ...]:
    found = []
    for a, b in pairs:
        names = _differing_fields(a, b, own)
        if names:
            found.append(FieldsChange(a.id, names))
    return tuple(found)


def _differing_fields(a: _Record, b: _Record, own: frozenset[str]) -> tuple[str, ...]:
    """Names of the compared fields (not `own`, not excluded from equality) that differ."""
    names = [
        _YAML_NAMES.get(f.name, f.name)
        for f in fields(a)
        if f.compare and f.name not in own and getattr(a, f.name) != getattr(b, f.name)
    ]
    # The same seats listed in another order: no seat changed, but the API's order did.
    if isinstance(a, Entity) and isinstance(b, Entity) and a.members != b.members:
        if Counter(a.members) == Counter(b.members):
            names.append("members (order)")
    return tuple(names)


def _reordered(old: OrgGraph, new: OrgGraph) -> tuple[Reordered, ...]:
    """Parents whose children present in both graphs under them come in another order."""
    found = []
    for parent_id in new.entity_order:
        if parent_id not in old.entities:
            continue
        kept = set(new.children(parent_id)) & set(old.children(parent_id))
        new_order = [c for c in new.children(parent_id) if c in kept]
        if new_order != [c for c in old.children(parent_id) if c in kept]:
            found.append(Reordered(parent_id))
    return tuple(found)


def _seats(graph: OrgGraph) -> list[Seat]:
    return [Seat(e.id, p) for e in graph.iter_entities() for p in e.members]


def _keys(relations: Iterable[Relation]) -> list[RelationKey]:
    return [RelationKey(r.source_id, r.type.value, r.target_id) for r in relations]


def _missing(items: list[_T], other: list[_T]) -> tuple[_T, ...]:
    """Items of `items` not in `other`, counting repeats (a multiset difference), in order."""
    left = Counter(other)
    found = []
    for item in items:
        if left[item]:
            left[item] -= 1
        else:
            found.append(item)
    return tuple(found)


def _relations_changed(old: OrgGraph, new: OrgGraph) -> tuple[FieldsChange, ...]:
    """Relations in both graphs (same ends and type, paired in order) with other fields changed."""
    olds: dict[RelationKey, list[Relation]] = {}
    for key, relation in zip(_keys(old.relations), old.relations, strict=True):
        olds.setdefault(key, []).append(relation)
    found = []
    for key, relation in zip(_keys(new.relations), new.relations, strict=True):
        previous = olds.get(key)
        if previous:
            names = _differing_fields(previous.pop(0), relation, _RELATION_OWN)
            if names:
                found.append(FieldsChange(str(key), names))
    return tuple(found)


def _difference(old: str, new: str, room: int = 60, context: int = 20) -> tuple[str, str]:
    """Both values quoted when short; else what differs, with a few words around it."""
    if len(old) <= room and len(new) <= room:
        return _shown(old), _shown(new)
    shorter = min(len(old), len(new))
    start = 0
    while start < shorter and old[start] == new[start]:
        start += 1
    same_end = 0
    while same_end < shorter - start and old[-1 - same_end] == new[-1 - same_end]:
        same_end += 1
    # Keep about `context` characters of the common text on each side, cut at spaces.
    if start > context:
        space = old.rfind(" ", start - 2 * context, start - context)
        start = space + 1 if space >= 0 else start - context
    else:
        start = 0
    hidden = 0
    if same_end > context:
        suffix = old[len(old) - same_end :]
        space = suffix.find(" ", context, 2 * context)
        hidden = same_end - (space if space >= 0 else context)
    before = "..." if start else ""
    after = "..." if hidden else ""
    return (
        _shown(old and before + old[start : len(old) - hidden] + after),
        _shown(new and before + new[start : len(new) - hidden] + after),
    )


def _shown(value: str) -> str:
    return quote(value) if value else "(none)"
