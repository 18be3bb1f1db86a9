"""A loaded graph as plain tuples for the parsed-data cache (graph/cache/store.py), and back.

Records become tuples of str, int, bool and None, which marshal writes and reads several times
faster than pickle handles the frozen, slotted dataclasses themselves (see docs/performance.md).
The tuple layout of each record type is derived from its dataclass fields (`RecordCodec`), in
field order, both ways: a field added to a record is stored and restored under its own name, so
it can never receive another field's value. The field names of every record type are written
with the payload and must match on reading, so an entry written by other code is refused.

Equal strings are written once: ids, evidence repeated for sibling records and file names come
back as one shared object each, which also saves memory after a warm start. Source references
keep the file's position in the load order, not its name, because names are shown relative to
the working directory of the process that loads them.
"""

from __future__ import annotations

import dataclasses
import operator
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from functools import cache
from typing import Any

from graph.indexes import OrgGraph
from graph.model import Entity, Position, Relation, SourceRef
from graph.search.index import STATE_KEY, SearchIndex

Payload = tuple[Any, ...]
Transform = Callable[[Any], Any]


class _Pool(dict[Any, Any]):
    """One object per distinct value, so marshal writes each string once."""

    def __call__(self, value: Any) -> Any:
        return self.setdefault(value, value) if value is not None else None


@dataclasses.dataclass(frozen=True, slots=True)
class _Side:
    """What a transform may need besides the value: the string pool and the load order."""

    pool: _Pool
    where: Mapping[str, int]
    files: Sequence[str]


# One field's conversion, made for one `_Side`: record value -> stored value, and back.
FieldCodec = tuple[Callable[[_Side], Transform | None], Callable[[_Side], Transform | None]]


class RecordCodec:
    """Tuples for the records of one dataclass, a slot per field in field order.

    Each field's conversion follows from its type: text is pooled, enums are stored by value,
    nested records as tuples of their own fields, a `SourceRef` as (file number, line, column);
    int, bool and None are stored as they are. A field of any other type is a TypeError when
    the codec is made (at import), never a silently wrong entry.
    """

    def __init__(self, record_type: type[Any]) -> None:
        self.record_type = record_type
        hints = typing.get_type_hints(record_type)
        self.names = tuple(f.name for f in dataclasses.fields(record_type))
        self._fields = [
            _field_codec(hints[name], f"{record_type.__name__}.{name}") for name in self.names
        ]

    @property
    def signature(self) -> tuple[Any, ...]:
        """The record's name and field names, nested records included: what an entry must match."""
        nested = tuple(c.signature for c in _nested_codecs(self.record_type))
        return (self.record_type.__name__, self.names, nested)

    def encoder(self, side: _Side) -> Callable[[Any], tuple[Any, ...]]:
        getter = _getter(self.names)
        steps = [
            (i, f) for i, (make, _) in enumerate(self._fields) if (f := make(side)) is not None
        ]

        def encode(record: Any) -> tuple[Any, ...]:
            row = list(getter(record))
            for i, transform in steps:
                row[i] = transform(row[i])
            return tuple(row)

        return encode

    def decoder(self, side: _Side) -> Callable[[Sequence[Any]], Any]:
        record_type = self.record_type
        width = len(self.names)
        steps = [
            (i, f) for i, (_, make) in enumerate(self._fields) if (f := make(side)) is not None
        ]

        def decode(row: Sequence[Any]) -> Any:
            if len(row) != width:
                raise ValueError(f"a {record_type.__name__} row has {len(row)} values, not {width}")
            values = list(row)
            for i, transform in steps:
                values[i] = transform(values[i])
            return record_type(*values)

        return decode


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        single = operator.attrgetter(names[0])
        return lambda record: (single(record),)
    several: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return several


def _field_codec(hint: Any, where: str) -> FieldCodec:
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(members) != 1:
            raise TypeError(f"{where}: the cache codec cannot store {hint}")
        hint, optional = members[0], True
    encode, decode = _plain_codec(hint, where)
    if not optional:
        return encode, decode
    return _or_none(encode), _or_none(decode)


def _or_none(make: Callable[[_Side], Transform | None]) -> Callable[[_Side], Transform | None]:
    def made(side: _Side) -> Transform | None:
        transform = make(side)
        if transform is None:
            return None
        return lambda value: None if value is None else transform(value)

    return made


def _plain_codec(hint: Any, where: str) -> FieldCodec:
    if hint in (int, bool):
        return _none, _none
    if hint is str:
        return (lambda side: side.pool), _none
    if isinstance(hint, type) and issubclass(hint, Enum):
        enum_type = hint
        return (lambda side: _value), (lambda side: enum_type)
    if hint is SourceRef:
        return _source_encoder, _source_decoder
    if typing.get_origin(hint) is tuple and typing.get_args(hint) == (str, ...):
        return (lambda side: lambda values: tuple(side.pool(v) for v in values)), _none
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        nested = _codec(hint)
        return nested.encoder, nested.decoder
    raise TypeError(f"{where}: the cache codec cannot store {hint}")


def _none(side: _Side) -> None:
    return None


def _value(member: Enum) -> Any:
    return member.value


def _source_encoder(side: _Side) -> Transform:
    def encode(source: SourceRef) -> tuple[int, int, int]:
        return side.where[source.file], source.line, source.column

    return encode


def _source_decoder(side: _Side) -> Transform:
    files = side.files

    def decode(row: tuple[int, int, int]) -> SourceRef:
        return SourceRef(files[row[0]], row[1], row[2])

    return decode


@cache
def _codec(record_type: type[Any]) -> RecordCodec:
    return RecordCodec(record_type)


def _nested_codecs(record_type: type[Any]) -> list[RecordCodec]:
    hints = typing.get_type_hints(record_type)
    found = []
    for field in dataclasses.fields(record_type):
        for arg in (hints[field.name], *typing.get_args(hints[field.name])):
            if isinstance(arg, type) and dataclasses.is_dataclass(arg) and arg is not SourceRef:
                found.append(_codec(arg))
    return found


ENTITIES, POSITIONS, RELATIONS = _codec(Entity), _codec(Position), _codec(Relation)
SIGNATURE = (ENTITIES.signature, POSITIONS.signature, RELATIONS.signature)


def to_payload(graph: OrgGraph, files: Sequence[str], search: SearchIndex) -> Payload:
    """The graph, its search index state and the load order of `files` (display names)."""
    side = _Side(_Pool(), {name: number for number, name in enumerate(files)}, files)
    entity, position, relation = (c.encoder(side) for c in (ENTITIES, POSITIONS, RELATIONS))
    return (
        SIGNATURE,
        graph.version,
        tuple(entity(e) for e in graph.iter_entities()),
        tuple(position(graph.positions[i]) for i in graph.position_order),
        tuple(relation(r) for r in graph.relations),
        search.state(),
    )


def from_payload(payload: Payload, files: Sequence[str]) -> OrgGraph:
    """Rebuild the graph; any inconsistency raises (the caller then ignores the cache entry)."""
    signature, version, entity_rows, position_rows, relation_rows, search_state = payload
    if _as_tuples(signature) != SIGNATURE:
        raise ValueError("the entry was written for records with other fields")
    side = _Side(_Pool(), {}, files)
    entity, position, relation = (c.decoder(side) for c in (ENTITIES, POSITIONS, RELATIONS))
    return OrgGraph.build(
        version=version,
        entities=[entity(row) for row in entity_rows],
        positions=[position(row) for row in position_rows],
        relations=[relation(row) for row in relation_rows],
        prebuilt={STATE_KEY: search_state},
    )


def _as_tuples(value: Any) -> Any:
    """marshal gives tuples back as tuples; this also accepts lists, for hand-made payloads."""
    if isinstance(value, list | tuple):
        return tuple(_as_tuples(v) for v in value)
    return value
