"""Automatic persisted queries (Apollo's protocol), in-process."""

from __future__ import annotations

import hashlib
import json

import pytest

from schema.context import Context
from server.app import create_app
from server.config import Config
from server.params import Params
from server.persisted import PersistedQueries
from tests.support import Client

QUERY = '{ entity(slug: "media") { name } }'
GQL_RESPONSE = "application/graphql-response+json"


def _sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def _extensions(sha: str, version: int = 1) -> dict:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


def _client(context: Context, **env: str) -> Client:
    return Client(create_app(Config.from_env(env), context=context))


@pytest.fixture
def client(sample_context: Context) -> Client:
    return _client(sample_context)


def _get_hash(client: Client, sha: str, **headers: str):
    params = {"extensions": json.dumps(_extensions(sha))}
    return client.get("/graphql", params=params, headers=headers)


@pytest.mark.parametrize("accept", ["application/json", GQL_RESPONSE])
def test_an_unknown_hash_is_persisted_query_not_found(client, accept) -> None:
    response = _get_hash(client, _sha(QUERY), Accept=accept)
    assert response.status_code == 200  # what Apollo clients expect before they retry
    assert response.json() == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }
    assert response.headers["cache-control"] == "no-store"  # a CDN must not keep it
    assert "etag" not in response.headers


def test_hash_and_query_register_then_the_hash_alone_runs_over_get(client) -> None:
    sha = _sha(QUERY)
    registered = client.post("/graphql", json={"query": QUERY, "extensions": _extensions(sha)})
    assert registered.json() == {"data": {"entity": {"name": "Media and Communications Unit"}}}
    response = _get_hash(client, sha)
    assert response.status_code == 200
    assert response.json() == registered.json()
    # Cacheable by a CDN, and revalidated by the same tag as the full query over GET.
    assert response.headers["cache-control"] == "public, max-age=5, s-maxage=60"
    full = client.get("/graphql", params={"query": QUERY})
    assert response.headers["etag"] == full.headers["etag"]
    again = _get_hash(client, sha, **{"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_registration_works_over_get_too(client) -> None:
    sha = _sha(QUERY)
    params = {"query": QUERY, "extensions": json.dumps(_extensions(sha))}
    assert client.get("/graphql", params=params).json()["data"]
    assert _get_hash(client, sha).json()["data"]


def test_a_hash_that_does_not_match_the_query_is_rejected_and_not_stored(client) -> None:
    wrong = _sha("{ dataVersion }")
    response = client.post("/graphql", json={"query": QUERY, "extensions": _extensions(wrong)})
    assert response.status_code == 400
    assert "provided sha does not match query" in response.json()["errors"][0]["message"]
    assert _get_hash(client, wrong).json()["errors"][0]["message"] == "PersistedQueryNotFound"


@pytest.mark.parametrize(
    "extensions",
    [
        pytest.param(_extensions(_sha(QUERY), version=2), id="version"),
        pytest.param(_extensions("abc"), id="short-hash"),
        pytest.param({"persistedQuery": "yes"}, id="not-an-object"),
    ],
)
def test_malformed_persisted_query_extensions_are_bad_requests(client, extensions) -> None:
    response = client.post("/graphql", json={"query": QUERY, "extensions": extensions})
    assert response.status_code == 400


def test_documents_that_fail_validation_or_limits_are_not_stored(client) -> None:
    for query in ("{ nope }", "{ " + " ".join(f"a{i}: dataVersion" for i in range(40)) + " }"):
        sha = _sha(query)
        refused = client.post("/graphql", json={"query": query, "extensions": _extensions(sha)})
        assert refused.json()["errors"]
        assert _get_hash(client, sha).json()["errors"][0]["message"] == "PersistedQueryNotFound"


def test_stored_queries_still_obey_the_limits(sample_context) -> None:
    # Registered on a worker with roomy limits; a stricter one refuses it when it runs.
    sha = _sha(QUERY)
    strict = _client(sample_context, ORGGRAPH_MAX_TOKENS="5")
    strict.app.state.graphql.persisted.register(sha, QUERY)
    errors = _get_hash(strict, sha).json()["errors"]
    assert errors[0]["extensions"]["limit"] == "maxTokens"


def test_the_store_is_bounded_by_count_and_bytes() -> None:
    store = PersistedQueries(max_queries=2, max_bytes=10_000)
    queries = [f"{{ a{i}: dataVersion }}" for i in range(3)]
    for query in queries:
        store.register(_sha(query), query)
    assert len(store) == 2
    with pytest.raises(Exception, match="PersistedQueryNotFound"):
        store.resolve(Params("", None, None, None), _sha(queries[0]))
    small = PersistedQueries(max_queries=100, max_bytes=30)
    for query in queries:
        small.register(_sha(query), query)
    assert len(small) == 1  # 19 bytes each
    small.register(_sha("x" * 31), "x" * 31)
    assert len(small) == 1  # larger than the whole store: not kept


def test_zero_queries_turns_persisted_queries_off(sample_context) -> None:
    client = _client(sample_context, ORGGRAPH_APQ_MAX_QUERIES="0")
    sha = _sha(QUERY)
    response = client.post("/graphql", json={"query": QUERY, "extensions": _extensions(sha)})
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
    assert client.post("/graphql", json={"query": QUERY}).json()["data"]
