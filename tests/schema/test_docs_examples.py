"""Every example query in docs/api.md is valid, runs on the real data, and answers exactly what
the guide shows under it (re-paste with `python scripts/docs_examples.py --write URL`)."""

from __future__ import annotations

import pytest
from graphql import parse, validate

from api.root import schema
from scripts.docs_examples import DOC, examples
from server.app import create_app
from server.config import Config
from tests.support import Client

EXAMPLES = examples(DOC.read_text(encoding="utf-8"))
# The search section lists its variables in prose.
SEARCH_VARIABLES = {"q": "san jose"}


@pytest.fixture(scope="module")
def client(iom_context) -> Client:
    return Client(create_app(Config.from_env({}), context=iom_context))


def test_the_guide_has_examples_with_answers() -> None:
    assert len(EXAMPLES) >= 15
    assert sum(e.answer is not None for e in EXAMPLES) >= 12


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_is_valid_and_answers_what_the_guide_shows(client, example) -> None:
    errors = validate(schema._schema, parse(example.query))
    body = client.post(
        "/graphql",
        json={
            "query": example.query,
            "variables": example.variables or (SEARCH_VARIABLES if "$q" in example.query else {}),
        },
    ).json()
    if example.answer is None:
        assert errors == [] and "errors" not in body, body
    else:
        assert body == example.answer, "run `python scripts/docs_examples.py --write URL`"
