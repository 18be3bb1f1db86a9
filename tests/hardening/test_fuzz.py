"""A bounded schemathesis fuzzing run against the real server: queries generated from the
schema (valid and invalid), and no response may be a server error: no 5xx, no error that is not
the client's (schemathesis reads the `extensions.code` the server sets), nothing that breaks
the schema. The run's output is in artifacts/schemathesis.txt.

A longer run: ORGGRAPH_FUZZ_EXAMPLES=500 ORGGRAPH_FUZZ_SEED=<n> pytest tests/hardening/test_fuzz.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ARTIFACTS

EXAMPLES = os.environ.get("ORGGRAPH_FUZZ_EXAMPLES", "25")
SEED = os.environ.get("ORGGRAPH_FUZZ_SEED", "20261128")


@pytest.mark.parametrize(
    "accept",
    ["application/json", "application/graphql-response+json"],
    ids=["json", "graphql-response"],
)
def test_fuzzing_finds_no_server_errors(live_server, accept, tmp_path: Path) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent))
    if st is None:
        pytest.fail("schemathesis is not installed: run `make setup`")
    completed = subprocess.run(
        [
            st,
            "run",
            f"{live_server}/graphql",
            "--checks",
            "not_a_server_error,response_schema_conformance",
            "--max-examples",
            EXAMPLES,
            "--seed",
            SEED,
            "--header",
            f"Accept: {accept}",
            "--request-timeout",
            "10",
            "--no-color",
        ],
        cwd=tmp_path,  # schemathesis keeps its replay files in the working directory
        capture_output=True,
        text=True,
        timeout=300,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    name = "schemathesis.txt" if accept == "application/json" else "schemathesis-gqlr.txt"
    (ARTIFACTS / name).write_text(completed.stdout + completed.stderr)
    summary = re.search(r"(\d+) generated, (\d+) passed", completed.stdout)
    assert completed.returncode == 0, completed.stdout[-3000:]
    assert summary and int(summary.group(1)) >= 100 and summary.group(1) == summary.group(2)
