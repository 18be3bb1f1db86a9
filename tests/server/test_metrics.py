"""/metrics, parsed with prometheus-client's own parser, moves with the requests made: with one
worker and with two (multiprocess mode adds the workers' values up), and is not on the public
port."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support import copy_data, free_port, serve, server_log

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]
QUERY = "query Example { organization { name } }"


def scrape(url: str) -> Samples:
    text = httpx.get(url).text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def total(samples: Samples, name: str, **labels: str) -> float:
    """Sum over every sample of `name` whose labels include `labels`."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= ls)


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds:g} s")
        time.sleep(0.1)


@pytest.fixture(scope="module", params=["1", "2"], ids=["one-worker", "two-workers"])
def server(request, tmp_path_factory) -> Iterator[tuple[str, str, Path, int]]:
    workers = int(request.param)
    data = copy_data(tmp_path_factory.mktemp("metrics") / "data")
    metrics_port = free_port()
    env = {
        "WEB_CONCURRENCY": request.param,
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_RELOAD_INTERVAL": "0.3",
        "ORGGRAPH_METRICS_PORT": str(metrics_port),
    }
    log = f"uvicorn-metrics-{workers}.log"
    with serve(env, log) as (base, _):
        _wait(
            lambda: server_log(log).count("serving 157 entities") >= workers,
            30,
            "the workers did not start",
        )
        _wait(lambda: httpx.get(f"{base}/readyz").status_code == 200, 10, "not ready")
        yield base, f"http://127.0.0.1:{metrics_port}/metrics", data, workers


def _fresh_post(base: str, body: dict) -> httpx.Response:
    # A new connection each time, so the kernel may hand it to either worker.
    with httpx.Client(base_url=base) as client:
        return client.post("/graphql", json=body)


def test_operations_and_the_response_cache_count_every_request(server) -> None:
    base, metrics, _, _ = server
    before = scrape(metrics)
    for _ in range(12):
        assert _fresh_post(base, {"query": QUERY}).status_code == 200
    _fresh_post(base, {"query": "{ organization { name } }"})  # anonymous
    _fresh_post(base, {"query": "query Mine { dataVersion }"})  # a name not on the list
    after = scrape(metrics)
    name = "orggraph_graphql_operations_total"
    ok = {"outcome": "ok", "limit": ""}
    assert (
        value(after, name, operation="Example", **ok)
        - value(before, name, operation="Example", **ok)
        == 12
    )
    assert (
        value(after, name, operation="other", **ok) - value(before, name, operation="other", **ok)
        == 2
    )
    lookups = ("orggraph_response_cache_hits_total", "orggraph_response_cache_misses_total")
    assert sum(value(after, n) - value(before, n) for n in lookups) == 14
    assert value(after, lookups[0]) - value(before, lookups[0]) >= 12 - 2  # one miss per worker
    assert value(after, "orggraph_response_cache_bytes") > 0


def test_outcomes_name_refusals_by_their_limit(server) -> None:
    base, metrics, _, _ = server
    before = scrape(metrics)
    name = "orggraph_graphql_operations_total"
    too_many_tokens = "query Example { organization { " + "name " * 600 + "} }"
    assert _fresh_post(base, {"query": too_many_tokens}).status_code == 200
    _fresh_post(base, {"query": "query Example { organization {"})  # syntax error
    _fresh_post(base, {"query": "query Example { entity(slug: 5) { name } }"})
    huge = {"query": "query Example { dataVersion }", "variables": {"x": "y" * 70_000}}
    assert _fresh_post(base, huge).status_code == 413
    after = scrape(metrics)

    def moved(outcome: str, limit: str = "") -> float:
        labels = {"operation": "Example", "outcome": outcome, "limit": limit}
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("refused", "maxTokens") == 1
    assert moved("request_error") == 2
    assert moved("refused", "maxBodyBytes") == 0  # the body was not read: no name known
    other = {"operation": "other", "outcome": "refused", "limit": "maxBodyBytes"}
    assert value(after, name, **other) - value(before, name, **other) == 1


def test_request_durations_by_route_family_and_status_class(server) -> None:
    base, metrics, _, _ = server
    before = scrape(metrics)
    count = "orggraph_http_request_duration_seconds_count"
    assert httpx.get(f"{base}/").status_code == 200
    assert httpx.get(f"{base}/no-such-page").status_code == 404
    assert httpx.get(f"{base}/exports/csv").status_code == 200
    assert httpx.get(f"{base}/static/viewer/viewer.css").status_code == 200
    after = scrape(metrics)
    for route, status in (
        ("viewer", "2xx"),
        ("viewer", "4xx"),
        ("exports", "2xx"),
        ("static", "2xx"),
    ):
        moved = value(after, count, route=route, status=status) - value(
            before, count, route=route, status=status
        )
        assert moved == 1, (route, status)
    buckets = total(
        after, "orggraph_http_request_duration_seconds_bucket", route="exports", le="+Inf"
    )
    assert buckets == value(after, count, route="exports", status="2xx")


def test_persisted_query_hits_and_misses(server) -> None:
    base, metrics, _, _ = server
    query = f"query Example {{ organization {{ name }} }} # {time.time_ns()}"
    sha = hashlib.sha256(query.encode()).hexdigest()
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    before = scrape(metrics)
    with httpx.Client(base_url=base) as client:  # one connection: one worker
        missing = client.post("/graphql", json={"extensions": extensions}).json()
        assert missing["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        client.post("/graphql", json={"query": query, "extensions": extensions})
        again = client.post("/graphql", json={"extensions": extensions}).json()
        assert again["data"]["organization"]["name"]
    after = scrape(metrics)
    for name in ("orggraph_persisted_query_hits_total", "orggraph_persisted_query_misses_total"):
        assert value(after, name) - value(before, name) == 1, name


def test_data_version_entities_and_reloads(server) -> None:
    base, metrics, data, workers = server
    version = httpx.get(f"{base}/readyz").json()["dataVersion"]
    before = scrape(metrics)
    assert value(before, "orggraph_data_version_info", version=version) == 1
    assert value(before, "orggraph_data_entities") == 157
    assert value(before, "orggraph_data_stale") == 0
    loaded_at = value(before, "orggraph_data_last_good_load_timestamp_seconds")
    assert 0 < loaded_at <= time.time()
    edited = sorted(data.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + f"\n# {time.time_ns()}\n")
    reloads = "orggraph_data_reloads_total"
    _wait(
        lambda: (
            value(scrape(metrics), reloads, outcome="swapped")
            >= value(before, reloads, outcome="swapped") + workers
        ),
        20,
        "every worker did not reload",
    )
    after = scrape(metrics)
    new_version = httpx.get(f"{base}/readyz").json()["dataVersion"]
    assert new_version != version
    assert value(after, "orggraph_data_version_info", version=new_version) == 1
    assert value(after, "orggraph_data_version_info", version=version) == 0
    assert value(after, "orggraph_data_last_good_load_timestamp_seconds") > loaded_at


def test_metrics_are_not_on_the_public_port(server) -> None:
    base, _, _, _ = server
    assert httpx.get(f"{base}/metrics").status_code == 404


def test_orggraph_metrics_0_turns_the_listener_off() -> None:
    port = free_port()
    env = {"ORGGRAPH_METRICS": "0", "ORGGRAPH_METRICS_PORT": str(port)}
    with serve(env, "uvicorn-no-metrics.log") as (base, _):
        assert httpx.get(f"{base}/healthz").status_code == 200
        with pytest.raises(httpx.TransportError):
            httpx.get(f"http://127.0.0.1:{port}/metrics")
