"""Every example query in docs/api.md is valid, and runs without errors on the real data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from api.root import schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
EXAMPLES = re.findall(r"```graphql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
VARIABLES = {
    "$slug": {"slug": "department-of-operations-and-emergencies"},
    "$after": {},
    "$q": {"q": "san jose"},
    "$id": {"id": "T2ZmaWNlOnJlZ2lvbmFsLW9mZmljZS1zYW4tam9zZQ=="},
}


def test_the_guide_has_examples() -> None:
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("document", EXAMPLES, ids=[f"example-{i}" for i in range(len(EXAMPLES))])
def test_example_is_valid_and_runs_on_the_real_data(iom, document) -> None:
    assert validate(schema._schema, parse(document)) == []
    variables = next((v for k, v in VARIABLES.items() if f"{k}:" in document), {})
    iom.data(document, **variables)
