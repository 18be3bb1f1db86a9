"""/graphql's caching in-process: response cache, ETag and 304, Cache-Control, Vary, gzip."""

from __future__ import annotations

import dataclasses

import pytest

from graph.indexes import OrgGraph
from graph.model import Entity, EntityKind
from schema.context import Context
from server.app import create_app
from server.benchroute import PATH as CEILING
from server.config import Config
from tests.support import Client

SMALL = '{ entity(slug: "media") { name } }'
LARGE = "{ entities(first: 100) { nodes { slug name kind description } } }"
IDENTITY = {"Accept-Encoding": "identity"}
GQL_RESPONSE = "application/graphql-response+json"


def _client(context: Context, **env: str) -> Client:
    return Client(create_app(Config.from_env(env), context=context))


def _stats(client: Client):
    return client.app.state.response_cache.stats()


@pytest.fixture
def client(sample_context: Context) -> Client:
    return _client(sample_context)


def test_a_get_query_gets_an_etag_cache_control_and_vary(client) -> None:
    response = client.get("/graphql", params={"query": SMALL})
    assert response.status_code == 200
    version = response.headers["x-data-version"]
    assert response.headers["etag"].startswith(f'"{version}-')
    assert response.headers["cache-control"] == "public, max-age=5, s-maxage=60"
    assert response.headers["cdn-cache-control"] == (
        "max-age=60, stale-while-revalidate=10, stale-if-error=3600"
    )
    assert response.headers["surrogate-key"] == f"orggraph data-{version}"
    assert response.headers["vary"] == "Accept, Accept-Encoding"


def test_if_none_match_is_answered_304_with_the_same_headers(client) -> None:
    first = client.get("/graphql", params={"query": SMALL})
    again = client.get(
        "/graphql", params={"query": SMALL}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    for name in ("etag", "cache-control", "vary", "x-data-version"):
        assert again.headers[name] == first.headers[name]
    other = client.get("/graphql", params={"query": SMALL}, headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_post_responses_are_no_store_and_have_no_etag(client) -> None:
    response = client.post("/graphql", json={"query": SMALL})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    tag = client.get("/graphql", params={"query": SMALL}).headers["etag"]
    # If-None-Match never turns a POST into a 304.
    conditional = client.post("/graphql", json={"query": SMALL}, headers={"If-None-Match": tag})
    assert conditional.status_code == 200


def test_a_repeated_query_is_served_from_the_cache_with_the_same_bytes(client) -> None:
    first = client.post("/graphql", json={"query": SMALL}, headers=IDENTITY)
    second = client.post("/graphql", json={"query": SMALL}, headers=IDENTITY)
    by_get = client.get("/graphql", params={"query": SMALL}, headers=IDENTITY)
    assert first.content == second.content == by_get.content
    stats = _stats(client)
    assert (stats.entries, stats.hits, stats.misses) == (1, 2, 1)


def test_the_key_is_the_document_variables_operation_and_media_type(client) -> None:
    query = (
        "query Named($slug: String!) { entity(slug: $slug) { name } } query Other { dataVersion }"
    )
    bodies = [
        {"query": query, "operationName": "Named", "variables": {"slug": "media", "x": 1}},
        {"query": query, "operationName": "Named", "variables": {"x": 1, "slug": "media"}},
        {"query": query, "operationName": "Named", "variables": {"slug": "legal", "x": 1}},
        {"query": query, "operationName": "Other"},
    ]
    names = [client.post("/graphql", json=body).json()["data"] for body in bodies]
    assert names[0] == names[1] == {"entity": {"name": "Media and Communications Unit"}}
    assert names[2] == {"entity": {"name": "Legal Team"}}
    assert names[3] == {"dataVersion": "sample-1"}
    assert _stats(client).entries == 3  # variables in another order are the same request
    typed = client.post("/graphql", json=bodies[0], headers={"Accept": GQL_RESPONSE})
    assert typed.headers["content-type"] == GQL_RESPONSE
    assert _stats(client).entries == 4  # one entry per media type


@pytest.mark.parametrize(
    ("query", "status"),
    [
        pytest.param("{ entity(slug: ", 400, id="syntax"),
        pytest.param("{ nope }", 400, id="validation"),
        pytest.param("{ entities(first: 1000000) { totalCount } }", 200, id="bad-argument"),
        pytest.param(
            "{ " + " ".join(f"a{i}: dataVersion" for i in range(40)) + " }", 400, id="aliases"
        ),
        pytest.param(
            "{ organization { " + "parent { " * 20 + "name" + " }" * 20 + " } }",
            400,
            id="depth",
        ),
    ],
)
def test_errors_are_never_cached(client, query, status) -> None:
    for _ in range(2):
        response = client.get("/graphql", params={"query": query}, headers={"Accept": GQL_RESPONSE})
        assert response.status_code == status
        assert response.json()["errors"]
        assert response.headers["cache-control"] == "no-store"
        assert "etag" not in response.headers
    assert _stats(client).entries == 0


def test_limits_still_apply_to_documents_cached_under_other_limits(sample_context) -> None:
    query = "{ organization { name children { nodes { name } } } }"
    roomy = _client(sample_context)
    assert roomy.post("/graphql", json={"query": query}).json()["data"]
    strict = _client(sample_context, ORGGRAPH_MAX_DEPTH="2")
    for _ in range(2):
        errors = strict.post("/graphql", json={"query": query}).json()["errors"]
        assert errors[0]["extensions"]["limit"] == "maxDepth"
    # The limits are part of the tag too: the roomy server's tag means nothing to the strict one.
    tag = roomy.get("/graphql", params={"query": query}).headers["etag"]
    refused = strict.get("/graphql", params={"query": query}, headers={"If-None-Match": tag})
    assert refused.status_code == 200
    assert refused.json()["errors"][0]["extensions"]["limit"] == "maxDepth"


def test_a_reload_changes_the_answer_and_empties_the_cache(client) -> None:
    query = "{ dataVersion organization { slug } }"
    before = client.get("/graphql", params={"query": query})
    assert _stats(client).entries == 1
    holder = client.app.state.graph_holder
    root = Entity("new-root", "New", EntityKind.ORGANIZATION, None, 0)
    graph = OrgGraph.build(version="v2", entities=[root], positions=[], relations=[])
    previous = holder.swap(dataclasses.replace(Context.for_graph(graph)))
    try:
        assert _stats(client).entries == 0  # dropped at the swap, not when it is next asked
        after = client.get(
            "/graphql", params={"query": query}, headers={"If-None-Match": before.headers["etag"]}
        )
        assert after.status_code == 200
        assert after.json()["data"] == {"dataVersion": "v2", "organization": {"slug": "new-root"}}
        assert after.headers["etag"] != before.headers["etag"]
        assert after.headers["etag"].startswith('"v2-')
    finally:
        holder.swap(previous)


def test_large_responses_are_gzipped_once_small_ones_never(client) -> None:
    small = client.get("/graphql", params={"query": SMALL})
    assert "content-encoding" not in small.headers
    plain = client.get("/graphql", params={"query": LARGE}, headers=IDENTITY)
    assert "content-encoding" not in plain.headers
    assert int(plain.headers["content-length"]) >= 1024
    zipped = client.get("/graphql", params={"query": LARGE}, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content) / 2
    assert zipped.content == plain.content  # httpx decoded it
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    # Either tag revalidates.
    for tag in (plain.headers["etag"], zipped.headers["etag"]):
        again = client.get(
            "/graphql",
            params={"query": LARGE},
            headers={"Accept-Encoding": "gzip", "If-None-Match": tag},
        )
        assert again.status_code == 304
        assert again.headers["etag"] == tag  # the tag that matched


def test_gzip_threshold_is_configurable_and_zero_turns_it_off(sample_context) -> None:
    off = _client(sample_context, ORGGRAPH_GZIP_MIN_BYTES="0")
    response = off.get("/graphql", params={"query": LARGE}, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in response.headers
    assert response.headers["vary"] == "Accept"
    low = _client(sample_context, ORGGRAPH_GZIP_MIN_BYTES="10")
    response = low.get("/graphql", params={"query": SMALL}, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"


def test_cache_control_is_configurable(sample_context) -> None:
    client = _client(sample_context, ORGGRAPH_CACHE_CONTROL="public, max-age=300, s-maxage=3600")
    response = client.get("/graphql", params={"query": SMALL})
    assert response.headers["cache-control"] == "public, max-age=300, s-maxage=3600"


def test_with_the_cache_off_responses_still_get_etags(sample_context) -> None:
    client = _client(sample_context, ORGGRAPH_RESPONSE_CACHE_BYTES="0")
    first = client.get("/graphql", params={"query": SMALL})
    again = client.get(
        "/graphql", params={"query": SMALL}, headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert _stats(client).entries == 0


def test_every_worker_computes_the_same_tag_and_revalidates_without_running(
    sample_context,
) -> None:
    one, two = _client(sample_context), _client(sample_context)
    tag = one.get("/graphql", params={"query": SMALL}).headers["etag"]
    assert two.get("/graphql", params={"query": SMALL}, headers=IDENTITY).headers["etag"] == tag
    fresh = _client(sample_context)
    again = fresh.get("/graphql", params={"query": SMALL}, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert _stats(fresh).misses == 0  # answered before the cache, let alone the schema


def test_graphiql_has_its_own_url_and_graphql_never_answers_html(client) -> None:
    redirect = client.get("/graphql", headers={"Accept": "text/html"})
    assert (redirect.status_code, redirect.headers["location"]) == (302, "/graphiql")
    assert redirect.headers["cache-control"] == "no-store"
    assert "Accept" in redirect.headers["vary"]
    page = client.get("/graphiql", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache"


def test_the_ceiling_route_exists_only_when_asked_for(sample_context) -> None:
    body = {"query": SMALL}
    assert _client(sample_context).post(CEILING, json=body).status_code != 200
    client = _client(sample_context, ORGGRAPH_BENCH_ROUTES="1")
    served = client.post("/graphql", json=body, headers=IDENTITY).content
    assert client.post(CEILING, json=body).content == served
    assert client.post(CEILING, json=body).content == served


def test_exports_are_gzipped_for_clients_that_accept_it(client) -> None:
    plain = client.get("/exports/json", headers=IDENTITY)
    zipped = client.get("/exports/json", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content
    assert zipped.headers["etag"] == plain.headers["etag"][:-1] + '-gzip"'
    assert zipped.headers["vary"] == "Accept-Encoding"
    for tag in (plain.headers["etag"], zipped.headers["etag"]):
        assert client.get("/exports/json", headers={"If-None-Match": tag}).status_code == 304
