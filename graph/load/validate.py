"""Checks across all files: unique ids, known references, exactly one root, no parent cycles.

Every check is one pass over the drafts with dict lookups, so validating 100,000 entities stays
linear; did-you-mean suggestions over all ids are rationed by `Suggester`.
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.load.drafts import Drafts, EntityDraft, Ref
from graph.load.errors import Problems
from graph.load.wording import Suggester, quote
from graph.model import SourceRef

# Cycles longer than this are shown shortened, so the message stays one readable line.
_LONGEST_CYCLE_SHOWN = 8


def check_across_files(drafts: Drafts, problems: Problems, *, complete: bool, first: str) -> None:
    """Report problems that need every file; skip reference checks when a file could not be read
    (`complete` False), since its missing ids would turn each reference to them into noise."""
    entities = _unique_ids("entity", [(d.id, d.label) for d in drafts.entities], problems)
    positions = _unique_ids("position", [(d.id, d.label) for d in drafts.positions], problems)
    if not complete:
        return
    entity_hint, position_hint = Suggester(entities), Suggester(positions)
    for draft in drafts.entities:
        if draft.parent is not None and draft.parent[0] not in entities:
            _unknown(problems, draft.label, "parent", draft.parent, entity_hint)
        if draft.supervisor is not None and draft.supervisor[0] not in positions:
            _unknown(problems, draft.label, "supervisor position", draft.supervisor, position_hint)
        for member in draft.members:
            if member[0] not in positions:
                _unknown(problems, draft.label, "member position", member, position_hint)
    for relation in drafts.relations:
        for end in relation.ends:
            if end[0] not in entities:
                _unknown(problems, relation.label, "entity", end, entity_hint)
    _check_root(drafts.entities, problems, first)
    _check_cycles(drafts.entities, entities, problems)


def _unique_ids(
    kind: str, ids: Sequence[tuple[Ref | None, str]], problems: Problems
) -> dict[str, SourceRef]:
    """Each id with the place of its first definition; later definitions are reported."""
    first: dict[str, SourceRef] = {}
    for ref, label in ids:
        if ref is None:
            continue
        value, at = ref
        if value in first:
            problems.add(
                at, f"{label}: duplicate id, the first {kind} {quote(value)} is at {first[value]}"
            )
        else:
            first[value] = at
    return first


def _unknown(problems: Problems, label: str, what: str, ref: Ref, hint: Suggester) -> None:
    problems.add(ref[1], f"{label}: unknown {what} {quote(ref[0])}{hint(ref[0])}")


def _check_root(entities: Sequence[EntityDraft], problems: Problems, first: str) -> None:
    roots = [draft for draft in entities if draft.is_root]
    if not entities:
        problems.add(SourceRef(first, 1, 1), "no entities: the data needs at least the root entity")
    elif not roots:
        problems.add(
            entities[0].at,
            "no root entity: every entity has a parent, but exactly one (the organization)"
            " must have none",
        )
    for extra in roots[1:]:
        problems.add(
            extra.at,
            f"{extra.label}: no parent, but {roots[0].label} (at {roots[0].at}) is already the"
            " root; only one entity may be without a parent",
        )


def _check_cycles(
    entities: Sequence[EntityDraft], known: dict[str, SourceRef], problems: Problems
) -> None:
    """Walk up from every entity once; a walk that meets its own path has found a cycle."""
    by_id: dict[str, tuple[int, EntityDraft]] = {}
    for order, draft in enumerate(entities):
        if draft.id is not None and draft.id[0] not in by_id:
            by_id[draft.id[0]] = (order, draft)
    parent_of = {
        entity_id: draft.parent[0]
        for entity_id, (_, draft) in by_id.items()
        if draft.parent is not None and draft.parent[0] in known
    }
    on_path, done = 1, 2
    state: dict[str, int] = {}
    for start in by_id:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = on_path
            path.append(node)
            node = parent_of.get(node)
        if node is not None and state[node] == on_path:
            _report_cycle(path[path.index(node) :], by_id, problems)
        for visited in path:
            state[visited] = done


def _report_cycle(
    cycle: list[str], by_id: dict[str, tuple[int, EntityDraft]], problems: Problems
) -> None:
    """Report once, at the parent of the cycle's first entity in source order."""
    start = min(range(len(cycle)), key=lambda i: by_id[cycle[i]][0])
    cycle = cycle[start:] + cycle[:start]
    draft = by_id[cycle[0]][1]
    assert draft.parent is not None
    if len(cycle) == 1:
        problems.add(draft.parent[1], f"{draft.label}: its parent is itself")
        return
    shown = [quote(entity_id) for entity_id in cycle[:_LONGEST_CYCLE_SHOWN]]
    if len(cycle) > _LONGEST_CYCLE_SHOWN:
        shown.append(f"... ({len(cycle) - _LONGEST_CYCLE_SHOWN} more)")
    problems.add(
        draft.parent[1],
        f"{draft.label}: cycle in the parent chain: {' -> '.join([*shown, quote(cycle[0])])}"
        " (each entity's parent is the next one)",
    )
