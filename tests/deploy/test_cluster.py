"""deploy/cluster with 2 replicas behind Varnish (issue 13, item 5), over real HTTP on 127.0.0.1:
the cache serves repeated GETs itself, one ETag across replicas, 304s from the cache, an edit
visible through the cache within the bound, a replica killed with `kill -9` and no failed
request after a second, trusted mode on every replica, and both data-version modes."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server.trusted import NOT_TRUSTED
from tests.deploy.conftest import Cluster, run_cluster

QUERY = '{ dataVersion entity(slug: "donor-relations-division") { name } }'
LISTED = 'query Listed { entity(slug: "donor-relations-division") { name } }'
EDIT_BOUND = 10.0  # the goal with the default settings (reload every 2 s + a ban)


def _get(base: str, query: str = QUERY, **headers: str) -> httpx.Response:
    with httpx.Client(base_url=base, timeout=10) as client:  # a fresh connection each time
        return client.get("/graphql", params={"query": query}, headers=headers)


@pytest.fixture(scope="module")
def polling(tmp_path_factory) -> Iterator[Cluster]:
    """Default settings: polling every 2 s, purges to the cache."""
    with run_cluster(tmp_path_factory.mktemp("polling"), {}, "cluster-polling.log") as cluster:
        yield cluster


@pytest.fixture(scope="module")
def trusted_baked(tmp_path_factory) -> Iterator[Cluster]:
    """Trusted documents, data baked in at start (polling off), answers fresh for 1 s only."""
    tmp = tmp_path_factory.mktemp("trusted")
    manifest = tmp / "persisted-documents.json"
    manifest.write_text(json.dumps({hashlib.sha256(LISTED.encode()).hexdigest(): LISTED}))
    env = {
        "ORGGRAPH_DOCUMENTS": "trusted",
        "ORGGRAPH_TRUSTED_DOCUMENTS": str(manifest),
        "ORGGRAPH_RELOAD_INTERVAL": "0",
        "ORGGRAPH_S_MAXAGE": "1",
        "ORGGRAPH_STALE_WHILE_REVALIDATE": "0",
    }
    with run_cluster(tmp, env, "cluster-trusted.log") as cluster:
        yield cluster


def test_repeated_gets_are_served_by_the_cache(polling) -> None:
    query = '{ entity(slug: "headquarters") { name } }'
    hits_before = polling.stat("MAIN.cache_hit")
    first = _get(polling.url, query)
    assert first.status_code == 200 and first.headers["x-cache"] == "MISS"
    repeated = [_get(polling.url, query) for _ in range(5)]
    assert {r.headers["x-cache"] for r in repeated} == {"HIT"}
    assert all(r.content == first.content for r in repeated)
    assert all("age" in r.headers for r in repeated)
    assert polling.stat_reaches("MAIN.cache_hit", hits_before + 5)
    # Viewer pages too, though browsers are told to revalidate each time (`no-cache`).
    _get(polling.url)
    page = [httpx.get(f"{polling.url}/entity/headquarters") for _ in range(2)][-1]
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["x-cache"] == "HIT"


def test_the_cache_keeps_vary_and_never_gives_a_browser_json(polling) -> None:
    query = '{ entity(slug: "legal-office") { name } }'
    plain = [_get(polling.url, query, Accept="application/json") for _ in range(2)]
    spec = [_get(polling.url, query, Accept="application/graphql-response+json") for _ in range(2)]
    assert plain[1].headers["x-cache"] == spec[1].headers["x-cache"] == "HIT"
    assert plain[1].headers["content-type"].startswith("application/json")
    assert spec[1].headers["content-type"].startswith("application/graphql-response+json")
    browser = _get(polling.url, query, Accept="text/html,application/xhtml+xml")
    assert browser.status_code == 302 and browser.headers["location"].startswith("/graphiql?")
    assert browser.headers["x-cache"] == "PASS"
    plain_again = _get(polling.url, query, Accept="application/json")
    assert plain_again.headers["x-cache"] == "HIT" and plain_again.json()["data"]


def test_every_replica_gives_the_same_etag_and_the_cache_repeats_it(polling) -> None:
    direct = [_get(url) for url, _ in polling.replicas.values()]
    assert len(direct) == 2
    assert len({r.headers["etag"] for r in direct}) == 1
    assert len({r.headers["x-data-version"] for r in direct}) == 1
    assert _get(polling.url).headers["etag"] == direct[0].headers["etag"]


def test_if_none_match_is_answered_304_by_the_cache(polling) -> None:
    query = '{ entity(slug: "media-and-communications-division") { name } }'
    tag = _get(polling.url, query).headers["etag"]
    hits = polling.stat("MAIN.cache_hit")
    again = _get(polling.url, query, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["x-cache"] == "HIT" and again.headers["etag"] == tag
    assert polling.stat_reaches("MAIN.cache_hit", hits + 1)
    # A tag from one replica revalidates at the other: either may have been asked.
    for url, _ in polling.replicas.values():
        assert _get(url, query, **{"If-None-Match": tag}).status_code == 304


def test_a_ban_arrives_and_an_edit_shows_through_the_cache_within_the_bound(polling) -> None:
    before = _get(polling.url)
    old = before.headers["x-data-version"]
    assert _get(polling.url).headers["x-cache"] == "HIT"  # the old answer is in the cache
    mark = len(polling.lines)
    edited = sorted(polling.data.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited by test_cluster\n")
    started = time.monotonic()
    while _get(polling.url).headers["x-data-version"] == old:
        assert time.monotonic() - started < EDIT_BOUND, "the edit did not show within the bound"
        time.sleep(0.05)
    new = _get(polling.url).headers["x-data-version"]
    # Both replicas reloaded and banned: from then on, never the old answer again.
    deadline = time.monotonic() + EDIT_BOUND
    while "\n".join(polling.lines[mark:]).count(f"not of data version {new}") < 2:
        assert time.monotonic() < deadline, "both replicas did not ban"
        time.sleep(0.05)
    answers = [_get(polling.url) for _ in range(20)]
    assert {r.headers["x-data-version"] for r in answers} == {new}
    assert len({r.headers["etag"] for r in answers}) == 1
    # Both replicas serve the new version, with the same tag.
    direct = [_get(url) for url, _ in polling.replicas.values()]
    assert {r.headers["etag"] for r in direct} == {answers[0].headers["etag"]}


def test_a_replica_killed_with_kill_9_costs_no_request_after_a_second(polling) -> None:
    results: list[tuple[float, int | str]] = []
    stop = threading.Event()

    def load() -> None:
        number = 0
        with httpx.Client(base_url=polling.url, timeout=10) as client:
            while not stop.is_set():
                number += 1
                # Distinct variables: every request is a miss that a replica must answer.
                query = "query ($n: Int!) { entities(first: $n) { totalCount } }"
                try:
                    if number % 2:
                        body = {"query": query, "variables": {"n": 1 + number % 50}}
                        response = client.post("/graphql", json=body)
                    else:
                        variables = json.dumps({"n": 1 + number % 97})
                        response = client.get(
                            "/graphql", params={"query": query, "variables": variables}
                        )
                    outcome: int | str = response.status_code
                except httpx.HTTPError as error:
                    outcome = type(error).__name__
                results.append((time.monotonic(), outcome))

    thread = threading.Thread(target=load)
    thread.start()
    try:
        time.sleep(1.0)
        _, pid = polling.replicas[1]
        killed_at = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        time.sleep(4.0)
    finally:
        stop.set()
        thread.join(timeout=20)
    after = [outcome for at, outcome in results if at > killed_at + 1.0]
    assert len(after) > 20, "the load did not run"
    assert all(outcome == 200 for outcome in after), sorted({str(o) for o in after})
    # The cluster starts it again; the cache then uses both.
    polling.wait_for_line(rf"^replica 1: http://\S+ pid (?!{pid}\b)\d+( metrics \S+)?$", 30)


def test_trusted_mode_on_every_replica(trusted_baked) -> None:
    sha = hashlib.sha256(LISTED.encode()).hexdigest()
    for base in [trusted_baked.url, *(url for url, _ in trusted_baked.replicas.values())]:
        refused = _get(base, QUERY)
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["extensions"]["code"] == NOT_TRUSTED
        for params in ({"documentId": sha}, {"query": LISTED}):
            with httpx.Client(base_url=base, timeout=10) as client:
                ok = client.get("/graphql", params=params)
                posted = client.post("/graphql", json=params)
            assert ok.status_code == posted.status_code == 200, ok.text
            assert ok.json()["data"]["entity"]["name"] == "Donor Relations Division"
        unknown = httpx.post(f"{base}/graphql", json={"documentId": "0" * 64})
        assert unknown.status_code == 400 and NOT_TRUSTED in unknown.text


def test_baked_in_data_one_version_and_etag_and_edits_wait_for_a_deploy(trusted_baked) -> None:
    sha = hashlib.sha256(LISTED.encode()).hexdigest()
    direct = [
        httpx.get(f"{url}/graphql", params={"documentId": sha})
        for url, _ in trusted_baked.replicas.values()
    ]
    assert len({r.headers["etag"] for r in direct}) == 1
    version = direct[0].headers["x-data-version"]
    edited = sorted(trusted_baked.data.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# not served until a deploy\n")
    time.sleep(3)  # longer than the default polling interval: polling is off here
    for url, _ in trusted_baked.replicas.values():
        assert httpx.get(f"{url}/healthz").json()["dataVersion"] == version


def test_the_cache_revalidates_an_expired_copy_with_its_etag(trusted_baked) -> None:
    url = f"{trusted_baked.url}/graphql"
    params = {"documentId": hashlib.sha256(LISTED.encode()).hexdigest(), "n": "revalidate"}
    first = httpx.get(url, params=params)
    assert first.status_code == 200 and "max-age=1" in first.headers["cdn-cache-control"]
    time.sleep(1.2)  # let the counters catch up with the first fetch
    revalidations = trusted_baked.stat("MAIN.fetch_304")
    time.sleep(2.5)  # past its 1 s in the cache (and no stale-while-revalidate)
    again = httpx.get(url, params=params)
    assert again.content == first.content and again.headers["etag"] == first.headers["etag"]
    # The cache asked a replica with If-None-Match and got a 304: no body, nothing re-run.
    assert trusted_baked.stat_reaches("MAIN.fetch_304", revalidations + 1)
    assert re.search(r"GET /graphql 304 ", trusted_baked.output())


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_cache_and_every_replica(tmp_path: Path, signum) -> None:
    with run_cluster(tmp_path, {"ORGGRAPH_RELOAD_INTERVAL": "0"}, "cluster-stop.log") as cluster:
        pids = [pid for _, pid in cluster.replicas.values()]
        workdir = Path(cluster.varnish_dir)
        assert workdir.is_dir()
        cluster.process.send_signal(signum)
        assert cluster.process.wait(timeout=30) == 0
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not workdir.parent.exists()
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{cluster.url}/healthz", timeout=2)
