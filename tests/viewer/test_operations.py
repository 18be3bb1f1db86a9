"""The viewer's GraphQL documents: valid against the schema, named, run in-process."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from graphql import validate

from api.root import schema
from schema.context import Context
from viewer.queries import (
    OPERATIONS,
    OPERATIONS_DIR,
    OperationFailed,
    load_operation,
    load_operations,
    run,
)

DOCUMENTS = sorted(OPERATIONS_DIR.glob("*.graphql"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_every_document_is_valid_against_the_schema(path: Path) -> None:
    operation = OPERATIONS[path.stem]
    assert validate(schema._schema, operation.document) == []


def test_every_document_is_loaded() -> None:
    assert set(OPERATIONS) == {path.stem for path in DOCUMENTS}
    assert len(OPERATIONS) >= 8


def test_a_document_must_name_its_operation_like_its_file(tmp_path: Path) -> None:
    path = tmp_path / "Home.graphql"
    path.write_text("query Other { dataVersion }")
    with pytest.raises(ValueError, match="one operation named Home"):
        load_operation(path)


def test_a_document_with_two_operations_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "Two.graphql").write_text("query Two { dataVersion } query Three { dataVersion }")
    with pytest.raises(ValueError, match="one operation named Two"):
        load_operations(tmp_path)


def test_run_returns_the_data(sample_context: Context) -> None:
    data = run(OPERATIONS["EntityPage"], {"slug": "health"}, sample_context)
    assert data["entity"]["name"] == "Migration Health Division"
    assert data["entity"]["aliases"] == ["MHD"]


def test_run_raises_when_the_api_answers_with_errors(sample_context: Context) -> None:
    # `first` above the API's maximum is an input error; the viewer never sends one.
    with pytest.raises(OperationFailed, match="SearchPage failed"):
        run(OPERATIONS["SearchPage"], {"query": "x", "first": 10_000}, sample_context)


def test_graphiql_url_carries_the_operation_and_its_variables() -> None:
    operation = OPERATIONS["EntityPage"]
    url = operation.graphiql_url({"slug": "hq"}, prefix="/base")
    parts = urlsplit(url)
    params = parse_qs(parts.query)
    assert parts.path == "/base/graphiql"
    assert params["query"] == [operation.text]
    assert params["operationName"] == ["EntityPage"]
    assert json.loads(params["variables"][0]) == {"slug": "hq"}


def test_graphiql_url_without_variables_leaves_them_out() -> None:
    params = parse_qs(urlsplit(OPERATIONS["Home"].graphiql_url()).query)
    assert "variables" not in params
