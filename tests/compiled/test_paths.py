"""What the compiled path covers, declines and keeps: limits first, the time budget, errors and
null propagation as graphql-core gives them, plans per document and per directive variables."""

from __future__ import annotations

import dataclasses

import pytest
from strawberry.schema.exceptions import CannotGetOperationTypeError

from api.root import schema
from schema.compiled import execute as compiled
from schema.compiled.execute import execute_compiled
from schema.context import Context
from schema.guard.limits import TimeBudgetExceeded
from tests.compiled.same import assert_same, outcome

ENTITY = "{ entity(slug: $slug) { name } }"


def test_a_plain_query_is_answered_by_the_compiled_path(iom_context: Context) -> None:
    assert assert_same(iom_context, "{ organization { slug name __typename } dataVersion }")


def test_introspection_falls_back_to_the_normal_path(iom_context: Context) -> None:
    assert not assert_same(iom_context, "{ __schema { queryType { name } } }")
    assert not assert_same(iom_context, '{ __type(name: "Unit") { name } }')


def test_request_errors_fall_back_and_keep_their_messages(iom_context: Context) -> None:
    for document in (
        "{ organization { name ",  # syntax
        "{ organization { nope } }",  # validation
        "query($slug: String!) " + ENTITY,  # a missing variable
    ):
        assert not assert_same(iom_context, document)
    assert execute_compiled(schema, "mutation { x }", None, iom_context, None) is None


def test_an_unchosen_operation_falls_back_to_the_same_error(iom_context: Context) -> None:
    for document, name in (
        ("query A { dataVersion } query B { dataVersion }", None),
        ("query A { dataVersion }", "B"),
    ):
        assert execute_compiled(schema, document, None, iom_context, name) is None
        with pytest.raises(CannotGetOperationTypeError):
            schema.execute_sync(document, context_value=iom_context, operation_name=name)


def test_every_limit_is_checked_before_the_compiled_path(iom_context: Context) -> None:
    tight = dataclasses.replace(iom_context.limits, max_depth=2, max_cost=50)
    context = dataclasses.replace(iom_context, limits=tight)
    deep = "{ organization { parent { parent { name } } } }"
    costly = "{ entities(first: 100) { nodes { name } } }"
    for document in (deep, costly):
        assert execute_compiled(schema, document, None, context, None) is None
        result = schema.execute_sync(document, context_value=context)
        assert result.data is None
        assert result.errors and (result.errors[0].extensions or {})["code"] == "LIMIT_EXCEEDED"


def test_the_time_budget_stops_a_compiled_operation(iom_context: Context) -> None:
    spent = dataclasses.replace(iom_context.limits, time_budget_ms=-1)
    context = dataclasses.replace(iom_context, limits=spent)
    result = execute_compiled(schema, "{ organization { name } }", None, context, None)
    assert result is not None and result.data is None
    assert result.errors and isinstance(result.errors[0], TimeBudgetExceeded)
    assert outcome(result) == outcome(
        schema.execute_normally("{ organization { name } }", None, context)
    )


def test_field_errors_null_the_nearest_nullable_parent(iom_context: Context) -> None:
    document = """{
      entity(slug: "iom") { name children(first: -1) { totalCount } slug }
      bad: entities(after: "nope") { totalCount }
      organization { name }
    }"""
    assert assert_same(iom_context, document)
    result = schema.execute_sync(document, context_value=iom_context)
    data, errors = outcome(result)
    assert data is None  # `entities` is non-null on a non-null root: the whole data goes
    assert [e["path"] for e in errors] == [["entity", "children"], ["bad"]]
    assert errors[0]["locations"] == [{"line": 2, "column": 34}]


def test_nullable_parents_keep_siblings(iom_context: Context) -> None:
    document = """{
      a: entity(slug: "iom") { children(last: 101) { totalCount } }
      b: entity(slug: "iom") { name }
    }"""
    assert assert_same(iom_context, document)
    data, errors = outcome(schema.execute_sync(document, context_value=iom_context))
    assert data == {"a": None, "b": {"name": "International Organization for Migration"}}
    assert errors[0]["path"] == ["a", "children"]


def test_directive_variables_get_a_plan_each(iom_context: Context) -> None:
    compiled.clear()
    document = "query($on: Boolean!) { organization { slug name @include(if: $on) } }"
    shown = execute_compiled(schema, document, {"on": True}, iom_context, None)
    hidden = execute_compiled(schema, document, {"on": False}, iom_context, None)
    assert shown is not None and hidden is not None
    assert shown.data is not None
    assert shown.data == {
        "organization": {"slug": "iom", "name": shown.data["organization"]["name"]}
    }
    assert hidden.data == {"organization": {"slug": "iom"}}
    (entry,) = compiled._entries.values()
    assert entry is not None and set(entry.plans) == {(True,), (False,)}


def test_the_plan_cache_is_bounded(iom_context: Context) -> None:
    compiled.clear()
    for n in range(compiled.MAX_DOCUMENTS + 10):
        execute_compiled(schema, f"{{ n{n}: dataVersion }}", None, iom_context, None)
    assert len(compiled._entries) == compiled.MAX_DOCUMENTS


def test_a_cached_cost_verdict_follows_the_page_size_variables(iom_context: Context) -> None:
    tight = dataclasses.replace(iom_context.limits, max_cost=30)
    context = dataclasses.replace(iom_context, limits=tight)
    document = """query($n: Int, $slug: String!) {
      entity(slug: $slug) { name }
      entities(first: $n) { nodes { children(first: $n) { nodes { name } } } }
    }"""
    for n, slug in ((2, "iom"), (100, "iom"), (2, "headquarters"), (100, "x")):
        variables = {"n": n, "slug": slug}
        answered = execute_compiled(schema, document, variables, context, None)
        assert (answered is not None) is (n == 2)
        if n == 100:
            error = schema.execute_sync(document, variables, context).errors
            assert error and (error[0].extensions or {})["limit"] == "maxCost"
