"""The immutable in-memory graph and the indexes every query reads.

All indexes are computed once in `OrgGraph.build`; each read is a dict lookup, a tuple slice or a
binary search, so lookups stay independent of the graph's size.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from types import MappingProxyType

from graph.model import Entity, EntityKind, Family, Position, Relation

_EMPTY: tuple[str, ...] = ()
_NOTHING_PREBUILT: Mapping[str, object] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class OrgGraph:
    """One loaded, validated version of the data. Never mutated; a reload builds a new one."""

    version: str
    root_id: str
    entities: Mapping[str, Entity]
    positions: Mapping[str, Position]
    relations: tuple[Relation, ...]
    entity_order: tuple[str, ...]
    position_order: tuple[str, ...]
    _children: Mapping[str, tuple[str, ...]]
    _preorder: tuple[str, ...]
    _preorder_index: Mapping[str, int]
    _subtree_end: Mapping[str, int]
    _kind_preorder: Mapping[EntityKind, tuple[int, ...]]
    _by_country: Mapping[str, tuple[str, ...]]
    _relations_from: Mapping[str, tuple[Relation, ...]]
    _relations_to: Mapping[str, tuple[Relation, ...]]
    _supervised_by: Mapping[str, tuple[str, ...]]
    _committees_of: Mapping[str, tuple[str, ...]]
    _depth: Mapping[str, int]
    # Indexes derived from this graph that came with it from the parsed-data cache
    # (graph/cache/store.py), by name: `SearchIndex.build` restores its state from "search"
    # instead of recomputing it. Empty for a graph built from records.
    prebuilt: Mapping[str, object] = field(
        default_factory=lambda: _NOTHING_PREBUILT, compare=False, repr=False
    )

    @classmethod
    def build(
        cls,
        *,
        version: str,
        entities: Sequence[Entity],
        positions: Sequence[Position],
        relations: Sequence[Relation],
        prebuilt: Mapping[str, object] | None = None,
    ) -> OrgGraph:
        """Index validated records. The caller guarantees one root, known parents and no cycles."""
        by_id = {e.id: e for e in sorted(entities, key=lambda e: e.order)}
        roots = [e.id for e in by_id.values() if e.parent_id is None]
        if len(roots) != 1:
            raise ValueError(f"expected exactly one root, found {len(roots)}")
        children: dict[str, list[str]] = {}
        for entity in by_id.values():
            if entity.parent_id is not None:
                children.setdefault(entity.parent_id, []).append(entity.id)
        frozen_children = {k: tuple(v) for k, v in children.items()}

        preorder: list[str] = []
        subtree_end: dict[str, int] = {}
        depth: dict[str, int] = {}
        # Iterative walk: a generated organization may be far deeper than Python's recursion limit.
        stack: list[tuple[str, int, bool]] = [(roots[0], 0, False)]
        while stack:
            node, level, done = stack.pop()
            if done:
                subtree_end[node] = len(preorder)
                continue
            depth[node] = level
            preorder.append(node)
            stack.append((node, level, True))
            for child in reversed(frozen_children.get(node, _EMPTY)):
                stack.append((child, level + 1, False))
        preorder_index = {entity_id: i for i, entity_id in enumerate(preorder)}

        kind_positions: dict[EntityKind, list[int]] = {}
        for i, entity_id in enumerate(preorder):
            kind_positions.setdefault(by_id[entity_id].kind, []).append(i)

        by_country: dict[str, list[str]] = {}
        supervised_by: dict[str, list[str]] = {}
        committees_of: dict[str, list[str]] = {}
        for entity in by_id.values():
            if entity.location and entity.location.country:
                by_country.setdefault(entity.location.country, []).append(entity.id)
            if entity.supervision:
                supervised_by.setdefault(entity.supervision.position_id, []).append(entity.id)
            for member in entity.members:
                committees_of.setdefault(member, []).append(entity.id)

        relations_from: dict[str, list[Relation]] = {}
        relations_to: dict[str, list[Relation]] = {}
        ordered_relations = tuple(sorted(relations, key=lambda r: r.order))
        for relation in ordered_relations:
            relations_from.setdefault(relation.source_id, []).append(relation)
            relations_to.setdefault(relation.target_id, []).append(relation)

        ordered_positions = sorted(positions, key=lambda p: p.order)
        return cls(
            version=version,
            root_id=roots[0],
            entities=MappingProxyType(by_id),
            positions=MappingProxyType({p.id: p for p in ordered_positions}),
            relations=ordered_relations,
            entity_order=tuple(by_id),
            position_order=tuple(p.id for p in ordered_positions),
            _children=MappingProxyType(frozen_children),
            _preorder=tuple(preorder),
            _preorder_index=MappingProxyType(preorder_index),
            _subtree_end=MappingProxyType(subtree_end),
            _kind_preorder=MappingProxyType({k: tuple(v) for k, v in kind_positions.items()}),
            _by_country=MappingProxyType({k: tuple(v) for k, v in by_country.items()}),
            _relations_from=MappingProxyType({k: tuple(v) for k, v in relations_from.items()}),
            _relations_to=MappingProxyType({k: tuple(v) for k, v in relations_to.items()}),
            _supervised_by=MappingProxyType({k: tuple(v) for k, v in supervised_by.items()}),
            _committees_of=MappingProxyType({k: tuple(v) for k, v in committees_of.items()}),
            _depth=MappingProxyType(depth),
            prebuilt=MappingProxyType(dict(prebuilt or {})),
        )

    # --- single records -------------------------------------------------------------------

    @property
    def root(self) -> Entity:
        return self.entities[self.root_id]

    def entity(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def position(self, position_id: str) -> Position | None:
        return self.positions.get(position_id)

    def parent(self, entity_id: str) -> Entity | None:
        parent_id = self.entities[entity_id].parent_id
        return None if parent_id is None else self.entities[parent_id]

    def depth(self, entity_id: str) -> int:
        """Distance from the root (the root is 0)."""
        return self._depth[entity_id]

    # --- the tree -------------------------------------------------------------------------

    def children(self, entity_id: str) -> tuple[str, ...]:
        """Child ids in source order."""
        return self._children.get(entity_id, _EMPTY)

    def ancestors(self, entity_id: str) -> tuple[str, ...]:
        """Ancestor ids, root first, not including the entity itself."""
        chain: list[str] = []
        parent_id = self.entities[entity_id].parent_id
        while parent_id is not None:
            chain.append(parent_id)
            parent_id = self.entities[parent_id].parent_id
        chain.reverse()
        return tuple(chain)

    def descendant_span(self, entity_id: str) -> tuple[int, int]:
        """The half-open range of preorder positions holding the entity's descendants."""
        start = self._preorder_index[entity_id] + 1
        return start, self._subtree_end[entity_id]

    def descendants(self, entity_id: str) -> tuple[str, ...]:
        """Descendant ids in preorder: each parent before its children, siblings in source order."""
        start, end = self.descendant_span(entity_id)
        return self._preorder[start:end]

    def is_ancestor(self, ancestor_id: str, entity_id: str) -> bool:
        start, end = self.descendant_span(ancestor_id)
        return start <= self._preorder_index[entity_id] < end

    def kind_positions_in(self, kind: EntityKind, start: int, end: int) -> tuple[int, ...]:
        """Preorder positions of entities of `kind` within [start, end), by binary search."""
        positions = self._kind_preorder.get(kind, ())
        return positions[bisect_left(positions, start) : bisect_left(positions, end)]

    def preorder_id(self, position: int) -> str:
        return self._preorder[position]

    def preorder_index(self, entity_id: str) -> int:
        return self._preorder_index[entity_id]

    # --- other indexes --------------------------------------------------------------------

    def by_kind(self, kind: EntityKind) -> tuple[str, ...]:
        """Entity ids of one kind, in preorder."""
        return tuple(self._preorder[i] for i in self._kind_preorder.get(kind, ()))

    def by_family(self, family: Family) -> tuple[str, ...]:
        """Entity ids of one family, in preorder (merged from the kind index, not a full walk)."""
        runs = [p for kind, p in self._kind_preorder.items() if kind.family is family]
        preorder = self._preorder
        return tuple(preorder[i] for i in sorted(chain.from_iterable(runs)))

    def by_country(self, country: str) -> tuple[str, ...]:
        return self._by_country.get(country.upper(), _EMPTY)

    def countries(self) -> tuple[str, ...]:
        return tuple(sorted(self._by_country))

    def relations_from(self, entity_id: str) -> tuple[Relation, ...]:
        return self._relations_from.get(entity_id, ())

    def relations_to(self, entity_id: str) -> tuple[Relation, ...]:
        return self._relations_to.get(entity_id, ())

    def supervised_by(self, position_id: str) -> tuple[str, ...]:
        """Ids of the structures a position supervises, oversees or leads, in source order."""
        return self._supervised_by.get(position_id, _EMPTY)

    def committees_of(self, position_id: str) -> tuple[str, ...]:
        """Ids of the committees a position sits on, in source order."""
        return self._committees_of.get(position_id, _EMPTY)

    def common_ancestor(self, a: str, b: str) -> str:
        """The nearest entity that is `a`, `b` or an ancestor of both."""
        chain_a = (*self.ancestors(a), a)
        chain_b = (*self.ancestors(b), b)
        common = chain_a[0]
        for x, y in zip(chain_a, chain_b, strict=False):
            if x != y:
                break
            common = x
        return common

    def counts_by_kind(self) -> dict[EntityKind, int]:
        return {kind: len(self._kind_preorder.get(kind, ())) for kind in EntityKind}

    def iter_entities(self) -> Iterable[Entity]:
        """Entities in source order."""
        return (self.entities[i] for i in self.entity_order)
