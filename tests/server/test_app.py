"""The app in-process: routing decisions, error masking, CORS, snapshots per request."""

from __future__ import annotations

import dataclasses

import pytest

from graph.indexes import OrgGraph
from graph.load.errors import GraphLoadError
from graph.model import Entity, EntityKind, Supervision, SupervisionMode
from schema.context import Context
from server.app import create_app
from server.config import Config
from server.graphql import INTERNAL_ERROR
from tests.conftest import build_sample_graph
from tests.support import Client

HTML = {"Accept": "text/html,application/xhtml+xml"}


@pytest.fixture
def client(sample_context: Context) -> Client:
    return Client(create_app(Config.from_env({}), context=sample_context))


def test_healthz_reports_the_data_version(client) -> None:
    response = client.get("/healthz")
    assert response.json() == {
        "status": "ok",
        "dataVersion": "sample-1",
        "entities": 17,
        "stale": False,
    }


def test_post_runs_a_query(client) -> None:
    response = client.post("/graphql", json={"query": "{ organization { slug } }"})
    assert response.json() == {"data": {"organization": {"slug": "org"}}}


def test_a_browser_opening_graphql_is_sent_to_graphiql_with_its_query(client) -> None:
    response = client.get("/graphql", params={"query": "{ dataVersion }"}, headers=HTML)
    assert response.status_code == 302
    assert response.headers["location"] == "/graphiql?query=%7B+dataVersion+%7D"
    # Never stored: no cache can hand this to an API client, or JSON to a browser.
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["vary"] == "Accept"
    assert "surrogate-key" not in response.headers
    page = client.get(response.headers["location"], headers=HTML)
    assert page.headers["content-type"].startswith("text/html")
    assert 'id="graphiql"' in page.text


def test_non_browser_get_with_a_query_runs_it(client) -> None:
    response = client.get("/graphql", params={"query": "{ dataVersion }"})
    assert response.json() == {"data": {"dataVersion": "sample-1"}}


def test_get_without_a_query_is_a_bad_request_for_non_browsers(client) -> None:
    assert client.get("/graphql", headers={"Accept": "*/*"}).status_code == 400


def test_mutation_over_get_is_method_not_allowed(client) -> None:
    response = client.get("/graphql", params={"query": "mutation { x }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "Mutations cannot be sent with GET" in response.text


def test_other_methods_are_rejected(client) -> None:
    assert client.put("/graphql", json={"query": "{ dataVersion }"}).status_code == 405


def test_client_errors_pass_through_verbatim(client) -> None:
    response = client.post("/graphql", json={"query": "{ entities(first: 101) { totalCount } }"})
    assert "exceeds the `first` limit of 100" in response.json()["errors"][0]["message"]


def _broken_context() -> Context:
    """A graph whose supervision names a position that does not exist: a resolver bug."""
    graph = build_sample_graph()
    entities = [
        dataclasses.replace(
            e,
            supervision=Supervision("ghost", SupervisionMode.LEADS, "Nobody leads it."),
        )
        if e.id == "media"
        else e
        for e in graph.iter_entities()
    ]
    broken = OrgGraph.build(
        version="broken",
        entities=entities,
        positions=[graph.positions[p] for p in graph.position_order],
        relations=list(graph.relations),
    )
    return Context.for_graph(broken)


def test_unexpected_exceptions_are_masked_and_logged(caplog) -> None:
    client = Client(create_app(Config.from_env({}), context=_broken_context()))
    response = client.post(
        "/graphql", json={"query": '{ entity(slug: "media") { name supervisor { title } } }'}
    )
    body = response.json()
    request_id = response.headers["x-request-id"]
    assert body["data"] == {"entity": {"name": "Media and Communications Unit", "supervisor": None}}
    assert body["errors"] == [
        {
            "message": f"{INTERNAL_ERROR} (request id {request_id}).",
            "locations": [{"line": 1, "column": 32}],
            "path": ["entity", "supervisor"],
            "extensions": {"code": "INTERNAL_SERVER_ERROR"},
        }
    ]
    assert "ghost" not in response.text
    assert "Traceback" not in response.text
    logged = [r for r in caplog.records if r.name == "orggraph.errors"]
    assert logged and logged[0].exc_info and "entity.supervisor" in logged[0].getMessage()
    assert getattr(logged[0], "request_id", None) == request_id


def test_cors_is_off_by_default(client) -> None:
    response = client.options(
        "/graphql",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_only_configured_origins(sample_context) -> None:
    config = Config.from_env({"ORGGRAPH_CORS_ORIGINS": "https://app.example"})
    client = Client(create_app(config, context=sample_context))
    allowed = client.options(
        "/graphql",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )
    other = client.options(
        "/graphql",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.headers["access-control-allow-origin"] == "https://app.example"
    assert "access-control-allow-origin" not in other.headers


CLIENT_HEADERS = (
    "content-type, apollographql-client-name, apollographql-client-version, traceparent, "
    "tracestate, baggage, sentry-trace"
)


def test_cors_preflight_admits_the_headers_graphql_clients_send(sample_context) -> None:
    config = Config.from_env({"ORGGRAPH_CORS_ORIGINS": "http://localhost:5173"})
    client = Client(create_app(config, context=sample_context))
    response = client.options(
        "/graphql",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": CLIENT_HEADERS,
        },
    )
    assert response.status_code == 200
    allowed = {
        h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")
    }
    assert {h.strip() for h in CLIENT_HEADERS.split(",")} <= allowed


def test_cors_responses_expose_the_request_id_data_version_and_etag(sample_context) -> None:
    config = Config.from_env({"ORGGRAPH_CORS_ORIGINS": "http://localhost:5173"})
    client = Client(create_app(config, context=sample_context))
    response = client.get(
        "/graphql?query={dataVersion}", headers={"Origin": "http://localhost:5173"}
    )
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
    exposed = {h.strip() for h in response.headers["access-control-expose-headers"].split(",")}
    assert exposed == {"X-Request-ID", "X-Data-Version", "ETag"}
    assert {"x-request-id", "x-data-version", "etag"} <= set(response.headers)


def test_cors_preflight_refuses_a_header_outside_the_configured_list(sample_context) -> None:
    config = Config.from_env(
        {
            "ORGGRAPH_CORS_ORIGINS": "http://localhost:5173",
            "ORGGRAPH_CORS_ALLOW_HEADERS": "Content-Type",
        }
    )
    client = Client(create_app(config, context=sample_context))
    response = client.options(
        "/graphql",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "traceparent",
        },
    )
    assert response.status_code == 400


def test_each_request_reads_the_current_snapshot(client) -> None:
    holder = client.app.state.graph_holder
    root = Entity("new-root", "New", EntityKind.ORGANIZATION, None, 0)
    graph = OrgGraph.build(version="v2", entities=[root], positions=[], relations=[])
    previous = holder.swap(Context.for_graph(graph))
    try:
        response = client.post("/graphql", json={"query": "{ dataVersion organization { slug } }"})
        assert response.json()["data"] == {
            "dataVersion": "v2",
            "organization": {"slug": "new-root"},
        }
    finally:
        holder.swap(previous)


def test_unlisted_vendor_files_are_not_served(client) -> None:
    assert client.get("/static/vendor/react/package.json").status_code == 404
    assert client.get("/static/vendor/../package.json").status_code == 404
    assert client.get("/static/graphiql/app.py").status_code == 404


def test_missing_assets_say_how_to_install_them(sample_context, tmp_path) -> None:
    config = dataclasses.replace(Config.from_env({}), assets_dir=tmp_path)
    client = Client(create_app(config, context=sample_context))
    response = client.get("/static/vendor/graphiql/graphiql.min.js")
    assert response.status_code == 404
    assert "make setup" in response.text


def test_the_app_loads_the_configured_data_at_start_up() -> None:
    client = Client(create_app(Config.from_env({})))
    assert client.get("/healthz").json()["entities"] > 100


def test_invalid_data_stops_start_up_with_every_error(tmp_path) -> None:
    (tmp_path / "10-bad.yaml").write_text("entities:\n  - id: Bad Slug\n")
    with pytest.raises(GraphLoadError) as raised:
        create_app(Config.from_env({"ORGGRAPH_DATA": str(tmp_path)}))
    assert "10-bad.yaml" in str(raised.value)
