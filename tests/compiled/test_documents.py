"""Every viewer operation (with the variables its pages send) and every docs/api.md example:
the compiled path answers exactly as graphql-core's normal execution, on three data sets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from api.root import schema
from schema.connections import encode_cursor
from schema.context import Context
from tests.compiled.same import assert_same

REPO = Path(__file__).resolve().parents[2]
OPERATIONS = sorted((REPO / "viewer" / "operations").glob("*.graphql"))
EXAMPLES = re.findall(r"```graphql\n(.*?)```", (REPO / "docs" / "api.md").read_text(), re.S)
DATA_SETS = ["iom_context", "synthetic_context", "sample_context"]


def _slugs(context: Context) -> list[str]:
    """The root, the first entity of each family and a deep one, and a slug nobody has."""
    graph = context.graph
    entities = list(graph.iter_entities())
    picks = [graph.root_id, entities[-1].id, "no-such-thing"]
    for family in {e.family for e in entities}:
        picks.append(next(e.id for e in entities if e.family is family))
    deepest = max(entities, key=lambda e: graph.depth(e.id))
    return [*picks, deepest.id]


def _variables(name: str, context: Context) -> list[dict[str, Any]]:
    """What the viewer's pages send for an operation (and what a hand-edited URL might)."""
    graph = context.graph
    if name == "PositionPage":
        return [{"slug": p} for p in [*list(graph.positions)[:3], "no-such-post"]]
    if name == "SearchPage":
        return [
            {"query": q, "first": n}
            for q in ("migration", "office", "migraton", "zzzz")
            for n in (1, 20, 100)
        ] + [{"query": "office", "first": -1}, {"query": "office", "first": 101}, {"query": ""}]
    if name == "TreePage":
        opened = [{"open": s, "hasOpen": True} for s in _slugs(context)]
        return [{}, *opened, {"open": "x", "hasOpen": False}]
    if name in ("ChartPage", "EntityPage", "TreeChildren"):
        return [{"slug": s} for s in _slugs(context)] + [{}]
    return [{}]


@pytest.mark.parametrize("data", DATA_SETS)
@pytest.mark.parametrize("path", OPERATIONS, ids=[p.stem for p in OPERATIONS])
def test_viewer_operation(request: pytest.FixtureRequest, data: str, path: Path) -> None:
    context: Context = request.getfixturevalue(data)
    served = [
        assert_same(context, path.read_text(), v, path.stem) for v in _variables(path.stem, context)
    ]
    assert any(served), "the compiled path answered none of the operation's requests"


def _example_variables(document: str, context: Context) -> list[dict[str, Any]]:
    slugs = _slugs(context)
    if "$slug" in document:
        return [{"slug": s} for s in slugs]
    if "$ref" in document:
        return [{"ref": s} for s in slugs]
    if "$after" in document:
        return [{}, {"after": encode_cursor(slugs[1])}, {"after": "bad"}, {"after": None}]
    if "$q" in document:
        return [{"q": q} for q in ("san jose", "legal affairs", "migraton", "")]
    if "$id" in document:
        return [
            {"id": "T2ZmaWNlOnJlZ2lvbmFsLW9mZmljZS1zYW4tam9zZQ=="},
            {"id": "bm9wZTpub3Bl"},
            {"id": "not an id"},
        ]
    return [{}]


@pytest.mark.parametrize("data", DATA_SETS)
@pytest.mark.parametrize("document", EXAMPLES, ids=[f"api.md-{i}" for i in range(len(EXAMPLES))])
def test_docs_example(request: pytest.FixtureRequest, data: str, document: str) -> None:
    context: Context = request.getfixturevalue(data)
    cases = _example_variables(document, context)
    served = [assert_same(context, document, v) for v in cases]
    if not any(served):  # an example of a refused request (e.g. an unused variable)
        refused = schema.execute_normally(document, cases[0], context)
        assert refused.data is None and refused.errors
