"""The cost estimate is an upper bound: for random queries over the real data, the fields the
executor actually resolves never exceed it (so the cost limit bounds the work it admits)."""

from __future__ import annotations

import base64
import dataclasses
from typing import Any

import pytest
from graphql import (
    GraphQLObjectType,
    Undefined,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    parse,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.root import schema
from schema.context import Context
from schema.guard.cost import CONNECTION_SUFFIX, operation_cost
from schema.guard.limits import BudgetedExecutor, Limits

SCHEMA = schema._schema
# Snippet fragments are estimated, not bounded (schema/guard/cost.py says why).
SKIP = {("Snippet", "fragments")}
# The deepest entity, the one with most children, most relations, most members; and none.
SLUGS = [
    "preparedness-function",
    "headquarters",
    "country-offices",
    "policy-coordinating-committee",
    "iom",
    "no-such-thing",
]
POSITIONS = st.sampled_from(["ddg-management-and-reform", "director-general", "nobody"])
IDS = [
    base64.b64encode(text.encode()).decode()
    for text in (
        "Entity:regional-office-san-jose",
        "Unit:headquarters",  # a 0.1.0 ID, still resolved
        "Position:director-general",
        "Country:CR",
    )
]
VALUES: dict[str, Any] = {
    "slug": st.sampled_from(SLUGS),
    "from": st.sampled_from(SLUGS),
    "to": st.sampled_from(SLUGS),
    "under": st.sampled_from(SLUGS),
    "member": st.sampled_from(["director-general", "nobody"]),
    "code": st.sampled_from(["CR", "IT", "PA", "XX"]),
    "country": st.sampled_from(["CR", "PA"]),
    "query": st.sampled_from(
        ["migration", "office", "san jose", "legal affairs", "zzz", "manila", "chief of staff"]
    ),
    "subregion": st.sampled_from(["Central Asia", "nowhere"]),
    "first": st.integers(0, 100),
    "last": st.integers(0, 100),
}


class Counting(BudgetedExecutor):
    resolved = 0

    def build_resolve_info(self, *args: Any, **kwargs: Any) -> Any:
        Counting.resolved += 1
        return super().build_resolve_info(*args, **kwargs)


def _argument(draw: st.DrawFn, field: str, name: str, arg: Any) -> str | None:
    if name in ("id", "ids"):
        ids = draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=1 if name == "id" else 12))
        return f'"{ids[0]}"' if name == "id" else "[" + ", ".join(f'"{i}"' for i in ids) + "]"
    strategy = POSITIONS if (field, name) == ("position", "slug") else VALUES.get(name)
    required = is_non_null_type(arg.type) and arg.default_value is Undefined
    if strategy is None or (not required and draw(st.booleans())):
        return None
    value = draw(strategy)
    return str(value) if isinstance(value, int) else f'"{value}"'


def _fans_out(type_: Any) -> bool:
    nullable = get_nullable_type(type_)
    return is_list_type(nullable) or get_named_type(nullable).name.endswith(CONNECTION_SUFFIX)


@st.composite
def _selection(draw: st.DrawFn, type_: Any, depth: int) -> str:
    if is_abstract_type(type_) and (not hasattr(type_, "fields") or draw(st.booleans())):
        concrete = draw(st.sampled_from(SCHEMA.get_possible_types(type_)))
        return (
            "__typename ... on " + concrete.name + " { " + draw(_selection(concrete, depth)) + " }"
        )
    fields = [
        (name, field)
        for name, field in type_.fields.items()
        if (type_.name, name) not in SKIP
        and (depth > 0 or is_leaf_type(get_named_type(field.type)))
    ]
    # Mostly single chains (a sibling's overestimate could hide an underestimated list), and
    # mostly lists: they are what the estimate multiplies.
    lists = [(n, f) for n, f in fields if _fans_out(f.type)] or fields
    pick = st.one_of(st.sampled_from(lists), st.sampled_from(fields)) if fields else st.nothing()
    chosen = draw(st.lists(pick, min_size=1, max_size=2)) if fields else []
    parts = [] if chosen else ["__typename"]
    for index, (name, field) in enumerate(chosen):
        args = [(n, _argument(draw, name, n, a)) for n, a in field.args.items()]
        given = ", ".join(f"{n}: {v}" for n, v in args if v is not None)
        text = f"f{depth}x{index}: {name}" + (f"({given})" if given else "")
        named = get_named_type(get_nullable_type(field.type))
        if not is_leaf_type(named):
            text += " { " + draw(_selection(named, depth - 1)) + " }"
        parts.append(text)
    return " ".join(parts)


@st.composite
def queries(draw: st.DrawFn) -> str:
    root = SCHEMA.query_type
    assert isinstance(root, GraphQLObjectType)
    return "{ " + draw(_selection(root, draw(st.integers(1, 5)))) + " }"


@pytest.fixture(scope="module")
def unlimited(iom_context: Context) -> Context:
    big = Limits(max_tokens=100_000, max_depth=100, max_aliases=10_000, max_cost=10**9)
    return dataclasses.replace(iom_context, limits=big)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=queries())
def test_the_cost_estimate_bounds_the_fields_actually_resolved(
    unlimited: Context, text: str
) -> None:
    context = unlimited
    document = parse(text)
    operation = document.definitions[0]
    estimate = operation_cost(SCHEMA, operation, {}, {}, context.bounds, 10**9)  # type: ignore[arg-type]
    original = schema.execution_context_class
    schema.execution_context_class = Counting
    Counting.resolved = 0
    try:
        result = schema.execute_sync(text, context_value=context)
    finally:
        schema.execution_context_class = original
    assert result.data is not None or result.errors, text
    assert estimate is not None and Counting.resolved <= estimate, (text, Counting.resolved)


LIST_FIELDS = {
    # field on every entity -> the selection that lists its items, and how to count them
    "ancestors": "ancestors { slug }",
    "relations": "relations { type }",
    "children": "children(first: 100) { totalCount }",
    "descendants": "descendants(first: 0) { totalCount }",
}


def _longest(iom: Any, selection: str, field: str) -> int:
    longest = 0
    for after in (None, *_page_ends(iom)):
        page = iom.data(
            "query ($after: String) { entities(first: 100, after: $after) { nodes { "
            + selection
            + " ... on Committee { members { slug } } } } }",
            after=after,
        )
        for node in page["entities"]["nodes"]:
            value = node.get(field, node.get("members"))
            size = value["totalCount"] if isinstance(value, dict) else len(value or [])
            longest = max(longest, size)
    return longest


def _page_ends(iom: Any) -> list[str]:
    page = iom.data("{ entities(first: 100) { pageInfo { endCursor hasNextPage } } }")
    info = page["entities"]["pageInfo"]
    return [info["endCursor"]] if info["hasNextPage"] else []


@pytest.mark.parametrize("field", [*LIST_FIELDS, "members"])
def test_each_list_bound_is_the_longest_such_list_in_the_data(
    iom: Any, iom_context: Context, field: str
) -> None:
    bound = iom_context.bounds["Office" if field != "members" else "Committee", field]
    selection = LIST_FIELDS.get(field, "slug")
    assert _longest(iom, selection, field) == bound.each


def test_position_and_country_bounds_are_the_longest_lists(iom: Any, iom_context: Context) -> None:
    positions = iom.data("{ positions { supervises { slug } memberOf { slug } } }")["positions"]
    countries = iom.data("{ countries { entityCount } }")["countries"]
    bounds = iom_context.bounds
    assert max(len(p["supervises"]) for p in positions) == bounds["Position", "supervises"].each
    assert max(len(p["memberOf"]) for p in positions) == bounds["Position", "memberOf"].each
    assert max(c["entityCount"] for c in countries) == bounds["Country", "entities"].each
    assert sum(len(p["supervises"]) for p in positions) == bounds["Position", "supervises"].total
