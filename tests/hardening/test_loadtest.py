"""The load-test script still runs: a short run with one reload must end with zero failures."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ARTIFACTS, REPO_ROOT


def test_a_short_load_test_with_a_reload_has_no_failures() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "scripts/loadtest.py",
            "--clients",
            "4",
            "--duration",
            "4",
            "--reloads",
            "1",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "loadtest-smoke.txt").write_text(completed.stdout + completed.stderr)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "errors 0, 5xx 0, version header mismatches 0" in completed.stdout
    assert "reloads 1/1" in completed.stdout
