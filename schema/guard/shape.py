"""The shape of a document, measured in one linear pass before validation: how deeply its
operations nest fields, how many aliases it has, and how many field selections its operations
make once fragments are expanded. Each fragment is measured once, so a fragment spread twice in
a fragment spread twice ... costs linear time to measure, not exponential."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

# Introspection's roots do not count towards depth: graphql-core limits how deeply
# introspection lists nest (MaxIntrospectionDepthRule), and cost counts them.
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


@dataclass(frozen=True, slots=True)
class Shape:
    """How deep the deepest operation nests fields, how many aliases the document has, and how
    many field selections its operations make with fragments expanded (each at least one unit
    of cost: a fragment spread twice in a fragment spread twice ... grows exponentially)."""

    depth: int
    aliases: int
    selections: int


def measure(document: DocumentNode) -> Shape:
    """Depth, aliases and expanded selections of `document`."""
    fragments = fragments_of(document)
    aliases = sum(
        _aliases(d.selection_set)
        for d in document.definitions
        if isinstance(d, (OperationDefinitionNode, FragmentDefinitionNode))
    )
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    memo: dict[str, int] = {}
    depth = max((_depth(o.selection_set, fragments, memo, set()) for o in operations), default=0)
    sizes: dict[str, int] = {}
    selections = sum(_selections(o.selection_set, fragments, sizes, set()) for o in operations)
    return Shape(depth, aliases, selections)


def _selections(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    sizes: dict[str, int],
    visiting: set[str],
) -> int:
    """Field selections with fragments expanded, each fragment's size computed once."""
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            below = selection.selection_set
            count += 1 + (_selections(below, fragments, sizes, visiting) if below else 0)
        elif isinstance(selection, InlineFragmentNode):
            count += _selections(selection.selection_set, fragments, sizes, visiting)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if name not in sizes and fragment is not None and name not in visiting:
                visiting.add(name)
                sizes[name] = _selections(fragment.selection_set, fragments, sizes, visiting)
                visiting.discard(name)
            count += sizes.get(name, 0)
    return count


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _aliases(selection_set: SelectionSetNode | None) -> int:
    if selection_set is None:
        return 0
    count = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            count += (selection.alias is not None) + _aliases(selection.selection_set)
        elif isinstance(selection, InlineFragmentNode):
            count += _aliases(selection.selection_set)
    return count


def _depth(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    memo: dict[str, int],
    visiting: set[str],
) -> int:
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value in INTROSPECTION_ROOTS:
                continue
            below = selection.selection_set
            depth = 1 + (_depth(below, fragments, memo, visiting) if below else 0)
        elif isinstance(selection, InlineFragmentNode):
            depth = _depth(selection.selection_set, fragments, memo, visiting)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if name in memo:
                depth = memo[name]
            elif fragment is None or name in visiting:  # validation reports both
                depth = 0
            else:
                visiting.add(name)
                depth = memo[name] = _depth(fragment.selection_set, fragments, memo, visiting)
                visiting.discard(name)
        deepest = max(deepest, depth)
    return deepest
