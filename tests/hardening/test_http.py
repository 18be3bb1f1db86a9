"""GraphQL over HTTP in-process: media types, status codes, refusals, and the headers every
response carries."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from schema.context import Context
from schema.guard.limits import Limits
from server.app import create_app
from server.config import Config
from server.security import GRAPHIQL_CSP, VIEWER_CSP
from tests.support import Client

GQL = "application/graphql-response+json"
JSON = "application/json"


@pytest.fixture(scope="module")
def client(sample_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=sample_context))


def _post(client: Client, body: Any, accept: str | None = None, **headers: str) -> Any:
    if accept is not None:
        headers["accept"] = accept
    return client.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        pytest.param(None, JSON, id="no-accept"),
        pytest.param("*/*", JSON, id="any"),
        pytest.param(JSON, JSON, id="json"),
        pytest.param(GQL, GQL, id="graphql-response"),
        pytest.param(f"{GQL}, {JSON};q=0.9", GQL, id="both-prefer-gql"),
        pytest.param(f"{JSON}, {GQL};q=0.5", JSON, id="both-prefer-json"),
        pytest.param(f"{JSON}, {GQL}", GQL, id="both-equal"),
    ],
)
def test_the_response_media_type_follows_accept(client, accept, media) -> None:
    response = _post(client, {"query": "{ dataVersion }"}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.json() == {"data": {"dataVersion": "sample-1"}}
    assert "Accept" in response.headers["vary"]


def test_an_unacceptable_accept_is_406(client) -> None:
    response = _post(client, {"query": "{ dataVersion }"}, "text/plain, image/png")
    assert response.status_code == 406
    assert "NOT_ACCEPTABLE" in response.text


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        pytest.param("{", {}, "GRAPHQL_PARSE_FAILED", id="syntax"),
        pytest.param("{ noSuchField }", {}, "GRAPHQL_VALIDATION_FAILED", id="validation"),
        # Its message starts "Variable '$", yet it is a validation rule's (NoUnusedVariables).
        pytest.param(
            "query ($x: Int) { dataVersion }", {}, "GRAPHQL_VALIDATION_FAILED", id="unused-variable"
        ),
        pytest.param(
            "query ($id: ID!) { node(id: $id) { id } }",
            {"id": None},
            "BAD_USER_INPUT",
            id="variable-coercion",
        ),
        pytest.param(
            "query ($n: Int) { entities(first: $n) { totalCount } }",
            {"n": "many"},
            "BAD_USER_INPUT",
            id="variable-of-the-wrong-type",
        ),
    ],
)
def test_request_errors_are_400_for_graphql_response_and_200_for_json(
    client, query, variables, code
) -> None:
    modern = _post(client, {"query": query, "variables": variables}, GQL)
    legacy = _post(client, {"query": query, "variables": variables}, JSON)
    assert modern.status_code == 400
    assert legacy.status_code == 200
    for response in (modern, legacy):
        body = response.json()
        assert "data" not in body and body["errors"][0]["message"]
        assert [e["extensions"]["code"] for e in body["errors"]] == [code]


def test_field_errors_keep_data_and_a_200(client) -> None:
    response = _post(client, {"query": '{ entities(after: "garbage") { totalCount } }'}, GQL)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None and body["errors"][0]["path"] == ["entities"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_limit_violations_name_the_limit(sample_context) -> None:
    config = dataclasses.replace(Config.from_env({}), limits=Limits(max_depth=2))
    client = Client(create_app(config, context=sample_context))
    response = _post(client, {"query": "{ organization { parent { name } } }"}, GQL)
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "maxDepth", "allowed": 2}


BAD_REQUESTS = [
    # (method, kwargs, status, words in the message)
    ("POST", {"content": b'{"query": "{ dataVersion }"', "headers": {"content-type": JSON}}, 400,
     "not valid JSON"),
    ("POST", {"content": b'{"query": "\xff\xfe"}', "headers": {"content-type": JSON}}, 400,
     "not valid UTF-8"),
    ("POST", {"content": b'{"query": "{ dataVersion }"}', "headers": {"content-type": "text/x"}},
     415, "Content-Type: application/json"),
    ("POST", {"content": b'{"query": "{ dataVersion }"}'}, 415, "no Content-Type"),
    ("POST", {"content": b"query=%7B+dataVersion+%7D",
              "headers": {"content-type": "application/x-www-form-urlencoded"}}, 415, "JSON body"),
    ("POST", {"content": b'{"query": "{ dataVersion }"}',
              "headers": {"content-type": "application/json; charset=latin-1"}}, 415, "UTF-8"),
    ("POST", {"content": b"", "headers": {"content-type": JSON}}, 400, "body is empty"),
    ("POST", {"json": [{"query": "{ dataVersion }"}]}, 400, "must be a JSON object"),
    ("POST", {"json": {"qeury": "{ dataVersion }"}}, 400, "has no `query`"),
    ("POST", {"json": {"query": 42}}, 400, "`query` must be a string"),
    ("POST", {"json": {"query": ""}}, 400, "`query` is empty"),
    ("POST", {"json": {"query": "{ dataVersion }", "variables": "{}"}}, 400, "`variables` must"),
    ("POST", {"json": {"query": "{ dataVersion }", "variables": [1]}}, 400, "`variables` must"),
    ("POST", {"json": {"query": "{ dataVersion }", "operationName": 7}}, 400, "`operationName`"),
    ("POST", {"json": {"query": "{ dataVersion }", "extensions": "x"}}, 400, "`extensions` must"),
    ("POST", {"content": b'{"query": "{ dataVersion }", "variables": ' + b"[" * 5000 + b"]" * 5000
              + b"}", "headers": {"content-type": JSON}}, 400, "not valid JSON"),
    ("POST", {"json": {"query": "query A { dataVersion }", "operationName": "B"}}, 400,
     "no operation named `B`"),
    ("POST", {"json": {"query": "query A { dataVersion } query B { dataVersion }"}}, 400,
     "say which with `operationName`"),
    ("POST", {"json": {"query": "mutation { dataVersion }"}}, 400, "no mutations"),
    ("POST", {"json": {"query": "subscription { dataVersion }"}}, 400, "no subscriptions"),
    ("GET", {"params": {"query": "mutation { dataVersion }"}}, 405, "Mutations cannot be sent"),
    ("GET", {"params": {"query": "{ dataVersion }"}, "content": b"x"}, 400, "must not have a body"),
    ("GET", {"params": [("query", "{ dataVersion }"), ("query", "{ x }")]}, 400, "appears 2 times"),
    ("GET", {"params": {"query": "{ dataVersion }", "variables": "not json"}}, 400, "valid JSON"),
    ("GET", {}, 400, "has no `query`"),
    ("PUT", {"json": {"query": "{ dataVersion }"}}, 405, "Use POST"),
    ("DELETE", {}, 405, "Use POST"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "words"),
    [pytest.param(*case, id=f"{i}-{case[0]}-{case[2]}") for i, case in enumerate(BAD_REQUESTS)],
)
def test_bad_requests_get_a_4xx_that_says_why(client, method, kwargs, status, words) -> None:
    response = client.request(method, "/graphql", **kwargs)
    assert response.status_code == status, response.text
    assert words in response.json()["errors"][0]["message"]


def test_an_oversized_body_is_refused_before_it_is_read(sample_context) -> None:
    config = dataclasses.replace(Config.from_env({}), max_body_bytes=100)
    client = Client(create_app(config, context=sample_context))
    declared = client.post("/graphql", json={"query": "{ dataVersion }", "pad": "x" * 200})
    assert declared.status_code == 413

    async def chunks() -> Any:  # no Content-Length: the cap applies while reading
        yield b'{"query": "{ dataVersion }", "pad": "'
        for _ in range(10):
            yield b"x" * 50
        yield b'"}'

    streamed = client.post("/graphql", content=chunks(), headers={"content-type": JSON})
    assert streamed.status_code == 413
    assert streamed.json()["errors"][0]["extensions"]["limit"] == "maxBodyBytes"
    long_url = client.get("/graphql", params={"query": "{ dataVersion }" + " " * 200})
    assert long_url.status_code == 414


def test_every_response_names_its_request_and_data_version(client) -> None:
    for url in ("/graphql?query={dataVersion}", "/healthz", "/", "/no-such-page"):
        response = client.get(url)
        assert len(response.headers["x-request-id"]) == 16
        assert response.headers["x-data-version"] == "sample-1"
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    forged = client.get("/healthz", headers={"X-Request-ID": "bad id\r\nx: y"})
    assert forged.headers["x-request-id"] != "bad id\r\nx: y"


def test_every_response_has_the_security_headers(client) -> None:
    html = {"accept": "text/html"}
    for url, csp in (("/", VIEWER_CSP), ("/graphiql", GRAPHIQL_CSP), ("/healthz", VIEWER_CSP)):
        headers = client.get(url, headers=html).headers
        assert headers["content-security-policy"] == csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
    for csp in (VIEWER_CSP, GRAPHIQL_CSP):
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self';" in csp and "unsafe" not in csp


def test_a_crash_outside_graphql_is_a_bare_500_with_the_request_id(sample_context, caplog) -> None:
    app = create_app(Config.from_env({}), context=sample_context)

    async def broken(request: Any) -> Any:
        raise RuntimeError("secret internals")

    app.add_route("/boom", broken)
    app.router.routes.insert(0, app.router.routes.pop())  # before the viewer's catch-all
    response = Client(app).get("/boom")
    assert response.status_code == 500
    assert "secret" not in response.text
    assert response.headers["x-request-id"] in response.text
    assert any("secret internals" in str(r.exc_info) for r in caplog.records if r.exc_info)
