"""Relay connections over entities, paged by keyset on tree order.

Every entity list is kept as a few sorted runs of preorder positions (one run per kind asked
for, a `range` for a whole subtree, ...). A page is found by binary search in each run and a
merge of at most `first` items, so its cost does not grow with the graph, and `totalCount` is a
sum of lengths. A cursor names the entity it points at, not an offset: after a reload it still
means "after this entity", or fails clearly when the entity is gone.
"""

from __future__ import annotations

import base64
import binascii
import functools
import heapq
import inspect
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Annotated, Any, Generic, Self, TypeVar

import strawberry

from graph.indexes import OrgGraph
from schema.enums import EntityKind
from schema.errors import InputError
from schema.guard.bounds import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.wrap import entity_node

if TYPE_CHECKING:
    from schema.entities import Entity
    from schema.offices import Office

_CURSOR_PREFIX = "entity:"
R = TypeVar("R")
NodeT = TypeVar("NodeT")

First = Annotated[
    int | None,
    strawberry.argument(
        description=f"Returns the first n entities (default {DEFAULT_PAGE_SIZE} when neither "
        f"`first` nor `last` is given; at most {MAX_PAGE_SIZE}; not together with `last`)."
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(description="Returns the entities that come after this cursor."),
]
Last = Annotated[
    int | None,
    strawberry.argument(
        description=f"Returns the last n entities (at most {MAX_PAGE_SIZE}; not together "
        "with `first`)."
    ),
]
Before = Annotated[
    str | None,
    strawberry.argument(description="Returns the entities that come before this cursor."),
]
Kinds = Annotated[
    list[EntityKind] | None,
    strawberry.argument(description="Only entities of one of these kinds (default: any kind)."),
]


@dataclass(frozen=True, slots=True)
class PageArgs:
    """The four Relay paging arguments, as a client sent them."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None


# Relay's paging arguments, in the order every connection field declares them.
_PAGE_PARAMETERS = tuple(
    inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None, annotation=type_)
    for name, type_ in (("first", First), ("after", After), ("last", Last), ("before", Before))
)


def paged(resolver: Callable[..., R]) -> Callable[..., R]:
    """Give a connection field Relay's four paging arguments in place of its `page` parameter.

    The arguments (names, types, descriptions, order) are declared once, here, so every
    connection takes exactly the same ones; the resolver receives them as one `PageArgs`:

        @field(description="...")
        @paged
        def children(self, info: Info, page: PageArgs, kind: Kinds = None) -> EntityConnection:

    Strawberry reads a resolver's arguments from its signature, so the wrapper publishes one
    with `first`, `after`, `last`, `before` where `page` was.
    """
    signature = inspect.signature(resolver)
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        parameters.extend(_PAGE_PARAMETERS if parameter.name == "page" else (parameter,))
    if len(parameters) != len(signature.parameters) + len(_PAGE_PARAMETERS) - 1:
        raise TypeError(f"{resolver.__qualname__} has no `page` parameter to expand")

    @functools.wraps(resolver)
    def with_page(
        *args: Any,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        **kwargs: Any,
    ) -> R:
        return resolver(*args, page=PageArgs(first, after, last, before), **kwargs)

    with_page.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_page.__annotations__ = {
        **{p.name: p.annotation for p in parameters},
        "return": signature.return_annotation,
    }
    return with_page


@strawberry.type(
    description="Where a page sits in its list, and the cursors to move on from it (Relay's "
    "cursor connections)."
)
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="True when the list goes on after this page: ask for "
        "`first: n, after: endCursor` to read on."
    )
    has_previous_page: bool = strawberry.field(
        description="True when the list has items before this page: ask for "
        "`last: n, before: startCursor` to read back."
    )
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null when the page is empty."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item; null when the page is empty."
    )


@strawberry.type(description="One item of a page, with the cursor that points at it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(
        description="An opaque cursor naming this item: pass it as `after` or `before` to page "
        "from here."
    )
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (never in the schema itself: its subclasses are).")
class _Connection(Generic[NodeT]):
    """What every connection of this API has; each subclass is one GraphQL type."""

    edges: list[Edge[NodeT]] = strawberry.field(
        description="The items of this page in list order, each with its cursor."
    )
    nodes: list[NodeT] = strawberry.field(
        description="The items of this page (the edges' nodes, without cursors)."
    )
    page_info: PageInfo = strawberry.field(
        description="Whether items come before or after this page, and the cursors to get them."
    )
    total_count: int = strawberry.field(
        description="How many items the whole list holds, across all pages."
    )

    @classmethod
    def page(cls, graph: OrgGraph, runs: Sequence[Sequence[int]], args: PageArgs) -> Self:
        """One page of the list whose members are `runs` (sorted, disjoint preorder positions)."""
        first, last = _page_sizes(args)
        after = None if args.after is None else _cursor_key(graph, args.after, "after")
        before = None if args.before is None else _cursor_key(graph, args.before, "before")
        window = _window(runs, after, before, first, last)
        edges: list[Edge[NodeT]] = []
        for position in window.keys:
            entity_id = graph.preorder_id(position)
            node: Any = entity_node(graph.entities[entity_id])
            edges.append(Edge(cursor=encode_cursor(entity_id), node=node))
        return cls(
            edges=edges,
            nodes=[edge.node for edge in edges],
            total_count=window.total,
            page_info=PageInfo(
                has_next_page=window.has_next,
                has_previous_page=window.has_previous,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )


@strawberry.type(
    description="A page of entities in tree order (each parent before its children, siblings in "
    "source order), with the exact total across all pages."
)
class EntityConnection(_Connection[Annotated["Entity", strawberry.lazy("schema.entities")]]):
    pass


@strawberry.type(
    description="A page of offices (the Office family) in tree order, with the exact total "
    "across all pages; its nodes are `Office`s, so no fragment is needed for office fields."
)
class OfficeConnection(_Connection[Annotated["Office", strawberry.lazy("schema.offices")]]):
    pass


def descendant_runs(
    graph: OrgGraph, entity_id: str, kinds: list[EntityKind] | None
) -> list[Sequence[int]]:
    """The runs of an entity's descendants (of some kinds only, when `kinds` is given)."""
    start, end = graph.descendant_span(entity_id)
    return span_runs(graph, start, end, kinds)


def span_runs(
    graph: OrgGraph, start: int, end: int, kinds: list[EntityKind] | None
) -> list[Sequence[int]]:
    """The runs of the preorder positions [start, end), of some kinds only when `kinds` is given."""
    if kinds is None:
        return [range(start, end)]
    return [graph.kind_positions_in(kind.to_model(), start, end) for kind in set(kinds)]


def encode_cursor(entity_id: str) -> str:
    return base64.b64encode((_CURSOR_PREFIX + entity_id).encode()).decode("ascii")


def _cursor_key(graph: OrgGraph, cursor: str, argument: str) -> int:
    try:
        decoded = base64.b64decode(cursor.encode("ascii"), validate=True).decode()
    except (binascii.Error, UnicodeError):
        decoded = ""
    if not decoded.startswith(_CURSOR_PREFIX):
        raise InputError(
            f"`{argument}` is not a cursor of this API: pass a `cursor` or `pageInfo` cursor "
            "from an earlier page of the same list."
        )
    entity_id = decoded.removeprefix(_CURSOR_PREFIX)
    if graph.entity(entity_id) is None:
        raise InputError(
            f"`{argument}` points to an entity that no longer exists (the data was reloaded); "
            "start again from the first page."
        )
    return graph.preorder_index(entity_id)


def _page_sizes(args: PageArgs) -> tuple[int | None, int | None]:
    if args.first is not None and args.last is not None:
        raise InputError(
            "`first` and `last` cannot be used together: ask for `first` (with `after`) to page "
            "forwards, or `last` (with `before`) to page backwards."
        )
    for name, value in (("first", args.first), ("last", args.last)):
        if value is not None and value < 0:
            raise InputError(f"`{name}` must not be negative (got {value}).")
        if value is not None and value > MAX_PAGE_SIZE:
            raise InputError(
                f"Requesting {value} entities exceeds the `{name}` limit of {MAX_PAGE_SIZE}: "
                f"page through the list with `after`/`before` instead."
            )
    if args.first is None and args.last is None:
        return DEFAULT_PAGE_SIZE, None
    return args.first, args.last


@dataclass(frozen=True, slots=True)
class _Window:
    keys: list[int]
    total: int
    has_previous: bool
    has_next: bool


def _window(
    runs: Sequence[Sequence[int]],
    after: int | None,
    before: int | None,
    first: int | None,
    last: int | None,
) -> _Window:
    """Apply Relay's algorithm (after/before, then first or last) to sorted runs."""
    total = sum(len(run) for run in runs)
    lows = [0 if after is None else bisect_right(run, after) for run in runs]
    highs = [len(run) if before is None else bisect_left(run, before) for run in runs]
    highs = [max(lo, hi) for lo, hi in zip(lows, highs, strict=True)]
    if first is not None:
        keys = list(islice(_forward(runs, lows, highs), first))
    else:
        assert last is not None
        keys = list(islice(_backward(runs, lows, highs), last))
        keys.reverse()
    if keys:
        has_previous = any(bisect_left(run, keys[0]) for run in runs)
        has_next = any(bisect_right(run, keys[-1]) < len(run) for run in runs)
    elif first is not None:
        has_previous = any(lows)
        has_next = any(lo < len(run) for lo, run in zip(lows, runs, strict=True))
    else:
        has_previous = any(highs)
        has_next = any(hi < len(run) for hi, run in zip(highs, runs, strict=True))
    return _Window(keys, total, has_previous, has_next)


def _forward(runs: Sequence[Sequence[int]], lows: list[int], highs: list[int]) -> Iterator[int]:
    # `map` binds each run now; a generator expression here would see only the last run.
    parts = [
        map(run.__getitem__, range(lo, hi)) for run, lo, hi in zip(runs, lows, highs, strict=True)
    ]
    return heapq.merge(*parts)


def _backward(runs: Sequence[Sequence[int]], lows: list[int], highs: list[int]) -> Iterator[int]:
    parts = [
        map(run.__getitem__, range(hi - 1, lo - 1, -1))
        for run, lo, hi in zip(runs, lows, highs, strict=True)
    ]
    return heapq.merge(*parts, reverse=True)
