"""Logs: text by default; with ORGGRAPH_LOG_FORMAT=json one JSON object per line, uvicorn's lines
and the access log included, with the request's id, data version and operation."""

from __future__ import annotations

import json
import logging
import re
import sys
import time

import httpx
import pytest

from server.app import create_app
from server.config import Config
from server.logs import DATA_VERSION, REQUEST_ID, JsonFormatter, RequestIdFilter
from tests.support import Client, serve, server_log

QUERY = "query Example { organization { name } }"


def _access_line(log: str, request_id: str, seconds: float = 5) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for line in server_log(log).splitlines():
            if request_id in line and "orggraph.access" in line:
                return line
        time.sleep(0.05)
    pytest.fail(f"no access line for {request_id} in artifacts/{log}")


def test_json_logs_are_one_object_per_line_with_the_access_log() -> None:
    log = "uvicorn-json-logs.log"
    with serve({"ORGGRAPH_LOG_FORMAT": "json"}, log) as (base, _):
        response = httpx.post(
            f"{base}/graphql", json={"query": QUERY}, headers={"X-Request-ID": "json-test-1"}
        )
        line = _access_line(log, "json-test-1")
        httpx.get(f"{base}/entity/no-such-thing", headers={"X-Request-ID": "json-test-2"})
        missing = json.loads(_access_line(log, "json-test-2"))
    access = json.loads(line)
    assert access["logger"] == "orggraph.access" and access["level"] == "INFO"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", access["time"])
    assert access["request_id"] == "json-test-1"
    assert (access["method"], access["path"], access["status"]) == ("POST", "/graphql", 200)
    assert access["operation"] == "Example"
    assert access["data_version"] == response.headers["x-data-version"]
    assert isinstance(access["duration_ms"], float) and access["duration_ms"] >= 0
    assert access["message"].startswith("POST /graphql 200 ")
    assert (missing["path"], missing["status"]) == ("/entity/no-such-thing", 404)
    assert "operation" not in missing  # fields that do not apply are left out
    lines = [line for line in server_log(log).splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line, uvicorn's too, is JSON
    assert any(record["logger"].startswith("uvicorn") for record in records)
    assert any("serving 157 entities" in record["message"] for record in records)


def test_text_logs_are_the_default_and_a_path_cannot_forge_a_line() -> None:
    log = "uvicorn-text-logs.log"
    with serve({}, log) as (base, _):
        httpx.get(f"{base}/healthz", headers={"X-Request-ID": "text-test-1"})
        line = _access_line(log, "text-test-1")
        httpx.get(f"{base}/a%0Afake%20line", headers={"X-Request-ID": "forge-test"})
        forged = _access_line(log, "forge-test")
    assert re.fullmatch(
        r"\S+ \S+ INFO orggraph\.access \[text-test-1\] GET /healthz 200 [\d.]+ ms op=- "
        r"version=[0-9a-f]+",
        line,
    )
    assert "/a\\nfake line" in forged
    assert not any(text.startswith("fake line") for text in server_log(log).splitlines())


def test_the_json_formatter_writes_exceptions_and_escapes_nothing_away() -> None:
    record = logging.LogRecord("orggraph.x", logging.ERROR, __file__, 1, 'bad "%s"', ("é",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    request = REQUEST_ID.set("abc")
    version = DATA_VERSION.set("v1")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(request)
        DATA_VERSION.reset(version)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == 'bad "é"'
    assert (parsed["request_id"], parsed["data_version"], parsed["level"]) == ("abc", "v1", "ERROR")
    assert "ValueError: boom" in parsed["exception"]


@pytest.mark.parametrize(("setting", "lines"), [("1", 1), ("0", 0)])
def test_orggraph_access_log_0_turns_the_access_lines_off(
    sample_context, caplog, setting: str, lines: int
) -> None:
    app = create_app(Config.from_env({"ORGGRAPH_ACCESS_LOG": setting}), context=sample_context)
    with caplog.at_level(logging.INFO, logger="orggraph.access"):
        assert Client(app).get("/healthz").status_code == 200
    access = [record for record in caplog.records if record.name == "orggraph.access"]
    assert len(access) == lines
