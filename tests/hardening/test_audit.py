"""The GraphQL-over-HTTP spec's conformance audit (graphql-http's `serverAudits`), run by Node
against the real server: every MUST and every SHOULD passes (the summary is in artifacts/)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.support import ARTIFACTS, REPO_ROOT

SCRIPT = REPO_ROOT / "tests" / "hardening" / "audit.mjs"


def test_the_server_passes_the_graphql_over_http_audits(live_server) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed (it comes with npm: `make setup` needs both)")
    if not (REPO_ROOT / "node_modules" / "graphql-http").is_dir():
        pytest.fail("graphql-http is missing from node_modules: run `make setup`")
    completed = subprocess.run(
        [node, str(SCRIPT), f"{live_server}/graphql"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    report = json.loads(completed.stdout)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "graphql-http-audit.json").write_text(json.dumps(report, indent=2) + "\n")
    failed = [r for r in report["results"] if r["status"] != "ok"]
    assert failed == [], report["summary"]
    assert len(report["results"]) >= 60
