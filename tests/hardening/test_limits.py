"""The query limits: every query the viewer and the docs use fits with room to spare, each
limit refuses with a message naming it, and the worst query they admit is still cheap."""

from __future__ import annotations

import time
from typing import Any

import pytest
from graphql import FragmentDefinitionNode, get_introspection_query, get_operation_ast, parse
from graphql.language import Lexer, Source, TokenKind

from api.root import schema
from schema.context import Context
from schema.guard.cost import operation_cost
from schema.guard.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from schema.guard.shape import measure
from scripts.docs_examples import DOC, examples
from tests.support import ARTIFACTS, REPO_ROOT

OPERATIONS = REPO_ROOT / "viewer" / "operations"
# The largest variables each viewer operation is run with (`first` at the API's maximum).
VIEWER_VARIABLES: dict[str, dict[str, Any]] = {
    "ChartPage": {"slug": "iom"},
    "EntityPage": {"slug": "iom"},
    "PositionPage": {"slug": "director-general"},
    "SearchPage": {"query": "migration", "first": 100},
    "TreeChildren": {"slug": "iom"},
    "TreePage": {"open": "regional-office-vienna", "hasOpen": True},
}
# The search example's most expensive query (a typo matches many names).
SEARCH_VARIABLES = {"q": "migraton"}


def _tokens(text: str) -> int:
    lexer, count = Lexer(Source(text)), 0
    while lexer.advance().kind != TokenKind.EOF:
        count += 1
    return count


def _documents() -> list[Any]:
    found = []
    for path in sorted(OPERATIONS.glob("*.graphql")):
        variables = VIEWER_VARIABLES.get(path.stem, {})
        found.append(pytest.param(path.read_text(), variables, id=path.stem))
    for i, example in enumerate(examples(DOC.read_text(encoding="utf-8"))):
        if example.answer is not None and "errors" in example.answer:
            continue  # shows an error on purpose (tests/schema/test_docs_examples.py checks it)
        variables = example.variables or (SEARCH_VARIABLES if "$q" in example.query else {})
        found.append(pytest.param(example.query, variables, id=f"api.md-{i}"))
    introspection = get_introspection_query(
        descriptions=True,
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
    )
    found.append(pytest.param(introspection, {}, id="graphiql-introspection"))
    return found


def _cost(context: Context, text: str, variables: dict[str, Any], limit: int) -> int | None:
    document = parse(text)
    operation = get_operation_ast(document)
    assert operation is not None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return operation_cost(schema._schema, operation, fragments, variables, context.bounds, limit)


@pytest.mark.parametrize(("text", "variables"), _documents())
def test_every_viewer_and_docs_query_runs_well_within_the_default_limits(
    iom: Any, iom_context: Context, text: str, variables: dict[str, Any]
) -> None:
    limits = DEFAULT_LIMITS
    shape = measure(parse(text))
    assert _tokens(text) <= limits.max_tokens * 0.5
    assert shape.depth <= limits.max_depth - 5
    assert shape.aliases <= limits.max_aliases * 0.5
    cost = _cost(iom_context, text, variables, limits.max_cost)
    assert cost is not None and cost <= limits.max_cost * 0.6, cost
    iom.data(text, **variables)  # and it runs, under the default time budget


def _run(context: Context, text: str, **variables: Any) -> Any:
    return schema.execute_sync(text, variable_values=variables, context_value=context)


def _refusal(context: Context, text: str, **variables: Any) -> LimitExceeded:
    result = _run(context, text, **variables)
    assert result.data is None
    assert result.errors is not None and len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert isinstance(error, LimitExceeded), error
    return error


NESTED = "{ organization { " + "parent { " * 20 + "name" + " }" * 20 + " } }"


@pytest.mark.parametrize(
    ("limits", "document", "limit", "words"),
    [
        pytest.param(Limits(max_depth=5), NESTED, "maxDepth", "22 levels deep", id="depth"),
        pytest.param(
            Limits(max_aliases=3),
            "{ a: dataVersion b: dataVersion c: dataVersion d: dataVersion }",
            "maxAliases",
            "4 aliases",
            id="aliases",
        ),
        pytest.param(
            Limits(max_tokens=10), NESTED, "maxTokens", "more than 10 tokens", id="tokens"
        ),
        pytest.param(
            Limits(max_tokens=10),
            "#\n" * 11 + "{ dataVersion }",
            "maxTokens",
            "tokens or comments",
            id="comments",
        ),
        pytest.param(
            Limits(max_cost=100),
            "{ entities(first: 100) { nodes { name } } }",
            "maxCost",
            "more than 100 fields",
            id="cost",
        ),
    ],
)
def test_each_limit_refuses_with_a_message_naming_it(
    iom_context: Context, limits: Limits, document: str, limit: str, words: str
) -> None:
    context = Context.for_graph(iom_context.graph, limits)
    error = _refusal(context, document)
    attribute = {"maxDepth": "max_depth", "maxAliases": "max_aliases", "maxTokens": "max_tokens"}
    allowed = getattr(limits, attribute.get(limit, "max_cost"))
    assert error.extensions == {"code": "LIMIT_EXCEEDED", "limit": limit, "allowed": allowed}
    assert limit in error.message and words in error.message


# Timed in process: a coverage tracer would slow the code it times several-fold.
@pytest.mark.no_cover
def test_the_time_budget_stops_the_whole_operation(iom_context: Context) -> None:
    context = Context.for_graph(iom_context.graph, Limits(time_budget_ms=1))
    page = "entities(first: 100) { nodes { name slug kind } }"
    many = " ".join(f"a{i}: {page}" for i in range(20))
    started = time.perf_counter()
    error = _refusal(context, "{ " + many + " }")
    assert time.perf_counter() - started < 0.5
    assert error.extensions and error.extensions["limit"] == "timeBudgetMs"
    assert "more than 1 ms" in error.message


def test_cost_follows_page_sizes_and_variables(iom_context: Context) -> None:
    text = "query ($n: Int) { entities(first: $n) { nodes { name } } }"
    small = _cost(iom_context, text, {"n": 5}, 10**6)
    large = _cost(iom_context, text, {"n": 100}, 10**6)
    default = _cost(iom_context, text, {}, 10**6)
    assert small is not None and large is not None and default is not None
    assert small < default < large


def test_cost_multiplies_cycles_but_not_a_tree_walk(iom_context: Context) -> None:
    # Three levels of children below one entity reach each entity once at most...
    tree = "{ organization { children(first: 100) { nodes { children(first: 100) { nodes {"
    tree += " children(first: 100) { nodes { name } } } } } } } }"
    # ...but going back up and down again revisits the same entities every time.
    cycle = "{ entities(first: 100) { nodes { parent { children(first: 100) { nodes {"
    cycle += " parent { children(first: 100) { nodes { name } } } } } } } } }"
    tree_cost = _cost(iom_context, tree, {}, 10**9)
    cycle_cost = _cost(iom_context, cycle, {}, 10**9)
    assert tree_cost is not None and tree_cost <= 3 * 2 * len(iom_context.graph.entities)
    assert cycle_cost is not None and cycle_cost > 3 * DEFAULT_LIMITS.max_cost


def test_cost_counts_each_id_of_nodes(iom_context: Context) -> None:
    text = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    assert _cost(iom_context, text, {"ids": ["x"] * 10}, 10**6) == 1 + 10
    assert _cost(iom_context, text, {"ids": ["x"] * 100_000}, 1000) is None


def _widest_admitted(context: Context) -> str:
    """As many full pages of entities as the cost limit admits: work the estimate matches."""
    fields = "slug name kind childCount descendantCount depth sourceOrder description"
    page = f"entities(first: 100) {{ nodes {{ {fields} }} }}"
    count = 1
    while True:
        text = "{ " + " ".join(f"a{i}: {page}" for i in range(count + 1)) + " }"
        if _cost(context, text, {}, DEFAULT_LIMITS.max_cost) is None:
            return "{ " + " ".join(f"a{i}: {page}" for i in range(count)) + " }"
        count += 1


def _best_of(context: Context, text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        result = _run(context, text)
        best = min(best, time.perf_counter() - started)
        assert not result.errors, result.errors
    return best


@pytest.mark.no_cover
def test_the_worst_admitted_queries_are_cheap(iom_context: Context) -> None:
    """The costliest shapes the default limits let through, timed (best of three)."""
    context = Context.for_graph(iom_context.graph)
    widest = _widest_admitted(context)
    tokens = DEFAULT_LIMITS.max_tokens
    # graphql-core's overlapping-fields check is quadratic in repeated fields: fill the tokens.
    repeated = "{ organization { " + "parent { name } " * ((tokens - 6) // 4) + "} }"
    plain = "{ organization { " + "name " * (tokens - 6) + "} }"
    timings = {
        "widest admitted (full pages, cost ~ limit)": _best_of(context, widest),
        "repeated object fields (validation)": _best_of(context, repeated, runs=1),
        "repeated leaf fields (validation)": _best_of(context, plain, runs=1),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{name}: {seconds * 1000:.1f} ms" for name, seconds in timings.items()]
    (ARTIFACTS / "worst-admitted.txt").write_text("\n".join(lines) + "\n")
    # Generous for a noisy 2-core CI machine; docs/security.md has the measured figures.
    assert max(timings.values()) < 1.0, lines
