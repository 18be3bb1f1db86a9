"""From one file's YAML nodes to drafts: the records plus what the cross-file checks need.

A draft keeps the raw ids and references of a record together with their locations, even when
the record itself is broken, so that one typo does not also turn every reference to that record
into an "unknown id" error.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node

from graph.load.countries import country_problem
from graph.load.fields import Fields
from graph.load.wording import did_you_mean, quote
from graph.load.yamlfile import FileReader, describe, peek_text
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

SECTIONS = ("entities", "positions", "relations")
ENTITY_KEYS = (
    *("id", "name", "kind", "parent", "description", "mention", "location", "supervisor"),
    *("members", "members_evidence", "stated_count", "coordinates_subregion", "aliases"),
    *("inferred", "notes"),
)
LOCATION_KEYS = ("city", "country", "inferred", "note")
SUPERVISOR_KEYS = ("position", "mode", "evidence", "inferred")
POSITION_KEYS = ("id", "title", "plural", "description", "notes")
RELATION_KEYS = ("from", "type", "to", "evidence", "inferred", "note")

Ref = tuple[str, SourceRef]
# Keys that belong on entities, explained when they appear on a position or a relation.
_ENTITY_ONLY = {key: f" (only entities have {quote(key)})" for key in ENTITY_KEYS}


@dataclass(slots=True)
class EntityDraft:
    label: str
    at: SourceRef
    id: Ref | None
    parent: Ref | None
    is_root: bool
    supervisor: Ref | None
    members: list[Ref]
    record: Entity | None


@dataclass(slots=True)
class PositionDraft:
    label: str
    id: Ref | None
    record: Position | None


@dataclass(slots=True)
class RelationDraft:
    label: str
    ends: list[Ref]
    record: Relation | None


@dataclass(slots=True)
class Drafts:
    """Every record of every file, in load order (the index is the record's `order`)."""

    entities: list[EntityDraft] = field(default_factory=list)
    positions: list[PositionDraft] = field(default_factory=list)
    relations: list[RelationDraft] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int]:
        return len(self.entities), len(self.positions), len(self.relations)


def read_file(file: FileReader, root: Node | None, drafts: Drafts) -> bool:
    """Add the records of one file to `drafts`, reporting what is wrong with each.

    False when the file's shape hides its records (not a mapping, a section that is no list).
    """
    if root is None:
        file.problems.add(
            SourceRef(file.name, 1, 1),
            "the file is empty; it should hold 'entities', 'positions' and/or 'relations'",
        )
        return True
    if not file.take(root):
        return False
    if not isinstance(root, MappingNode):
        file.error(
            root,
            "the file must be a mapping with 'entities', 'positions' and/or 'relations',"
            f" not {describe(root)}",
        )
        return False
    top = Fields(file, root, "top level", SECTIONS)
    for section in SECTIONS:
        for number, item in enumerate(top.sequence(section) or (), start=1):
            if not isinstance(item, MappingNode):
                file.error(
                    item,
                    f"item {number} of {quote(section)} must be a mapping (key: value lines),"
                    f" not {describe(item)}",
                )
            elif section == "entities":
                drafts.entities.append(_entity(file, item, number, len(drafts.entities)))
            elif section == "positions":
                drafts.positions.append(_position(file, item, number, len(drafts.positions)))
            else:
                drafts.relations.append(_relation(file, item, number, len(drafts.relations)))
    return top.ok  # False after a misspelt section name, a section that is no list, ...


def _label(kind: str, node: MappingNode, number: int) -> tuple[str, str]:
    """The record's raw id (even if malformed) and its label in messages."""
    raw_id = (peek_text(node, "id") or "").strip()
    return raw_id, f"{kind} {quote(raw_id)}" if raw_id else f"{kind} #{number}"


def _ref(fields: Fields, key: str) -> Ref | None:
    value = fields.text(key, null_ok=key == "parent")
    return None if value is None else (value, fields.where(key))


def _texts(fields: Fields, key: str) -> tuple[str, ...]:
    return tuple(text for text, _ in fields.texts(key) or ())


def _entity(file: FileReader, node: MappingNode, number: int, order: int) -> EntityDraft:
    raw_id, label = _label("entity", node, number)
    f = Fields(file, node, label, ENTITY_KEYS, ("id", "name", "kind"))
    entity_id = f.slug("id")
    name = f.text("name")
    kind = f.choice("kind", EntityKind)
    parent = _ref(f, "parent")
    description = f.description("description")
    mention = f.text("mention")
    location = _location(f)
    supervision, supervisor = _supervision(f)
    members = _members(f)
    members_evidence = f.text("members_evidence")
    stated_count = f.count("stated_count")
    subregion = f.text("coordinates_subregion")
    aliases = _texts(f, "aliases")
    inferred = _inferred(f)
    notes = _texts(f, "notes")
    record = None
    if f.ok and entity_id is not None and name is not None and kind is not None:
        record = Entity(
            id=entity_id,
            name=name,
            kind=kind,
            parent_id=None if parent is None else parent[0],
            order=order,
            description=description or "",
            mention=mention,
            location=location,
            supervision=supervision,
            members=tuple(member for member, _ in members),
            members_evidence=members_evidence,
            stated_count=stated_count,
            coordinates_subregion=subregion,
            aliases=aliases,
            inferred=inferred,
            notes=notes,
            source=file.ref(node),
        )
    return EntityDraft(
        label=label,
        at=file.ref(node),
        id=(raw_id, f.where("id")) if raw_id and f.has("id") else None,
        parent=parent,
        is_root=not f.has("parent") or f.is_null("parent"),
        supervisor=supervisor,
        members=members,
        record=record,
    )


def _location(f: Fields) -> Location | None:
    loc = f.mapping("location", LOCATION_KEYS, ())
    if loc is None:
        return None
    city = loc.text("city")
    country = loc.text("country")
    if country is not None and (problem := country_problem(country)) is not None:
        loc.error_at("country", problem)
    inferred = loc.flag("inferred")
    note = loc.text("note")
    if country is None:
        if not loc.has("country"):
            loc.error(None, "'location' needs a 'country' (an ISO 3166-1 alpha-2 code)")
        return None
    return Location(city=city, country=country, inferred=inferred, note=note)


def _supervision(f: Fields) -> tuple[Supervision | None, Ref | None]:
    sup = f.mapping("supervisor", SUPERVISOR_KEYS, ("position", "mode", "evidence"))
    if sup is None:
        return None, None
    position = _ref(sup, "position")
    mode = sup.choice("mode", SupervisionMode)
    evidence = sup.text("evidence")
    inferred = sup.flag("inferred")
    if position is None or mode is None or evidence is None:
        return None, position
    return Supervision(position[0], mode, evidence, inferred), position


def _members(f: Fields) -> list[Ref]:
    members = f.texts("members") or []
    seen: set[str] = set()
    for member, at in members:
        if member in seen:
            f.error(at, f"member {quote(member)} is listed twice")
        seen.add(member)
    if f.has("members") and not f.has("members_evidence"):
        f.error_at("members", "'members' needs a 'members_evidence' (the source sentence)")
    if f.has("members_evidence") and not f.has("members"):
        f.error_at("members_evidence", "'members_evidence' is given without 'members'")
    return members


def _inferred(f: Fields) -> tuple[str, ...]:
    """Field names marked as inferred; each must be a field this entity actually has."""
    names = f.texts("inferred") or []
    for name, at in names:
        if name not in ENTITY_KEYS:
            hint = did_you_mean(name, ENTITY_KEYS)
            f.error(at, f"'inferred' names {quote(name)}, which is not a field{hint}")
        elif name == "inferred" or not f.has(name):
            f.error(at, f"'inferred' names {quote(name)}, but this entity has no {quote(name)}")
    return tuple(name for name, _ in names)


def _position(file: FileReader, node: MappingNode, number: int, order: int) -> PositionDraft:
    raw_id, label = _label("position", node, number)
    f = Fields(file, node, label, POSITION_KEYS, ("id", "title"), hints=_ENTITY_ONLY)
    position_id = f.slug("id")
    title = f.text("title")
    plural = f.flag("plural")
    description = f.description("description")
    notes = _texts(f, "notes")
    record = None
    if f.ok and position_id is not None and title is not None:
        record = Position(
            id=position_id,
            title=title,
            order=order,
            plural=plural,
            description=description or "",
            notes=notes,
            source=file.ref(node),
        )
    return PositionDraft(label, (raw_id, f.where("id")) if raw_id and f.has("id") else None, record)


def _relation(file: FileReader, node: MappingNode, number: int, order: int) -> RelationDraft:
    ends = [(peek_text(node, key) or "").strip() for key in ("from", "to")]
    label = f"relation {quote(ends[0])} -> {quote(ends[1])}" if all(ends) else f"relation #{number}"
    f = Fields(
        file, node, label, RELATION_KEYS, ("from", "type", "to", "evidence"), hints=_ENTITY_ONLY
    )
    source = _ref(f, "from")
    relation_type = f.choice("type", RelationType, "relation type")
    target = _ref(f, "to")
    evidence = f.text("evidence")
    inferred = f.flag("inferred")
    note = f.text("note")
    if source is not None and target is not None and source[0] == target[0]:
        f.error_at("to", f"a relation cannot go from {quote(source[0])} to itself")
    record = None
    if f.ok and source and target and relation_type is not None and evidence is not None:
        record = Relation(
            source_id=source[0],
            type=relation_type,
            target_id=target[0],
            evidence=evidence,
            order=order,
            inferred=inferred,
            note=note,
            source=file.ref(node),
        )
    return RelationDraft(label, [end for end in (source, target) if end is not None], record)
