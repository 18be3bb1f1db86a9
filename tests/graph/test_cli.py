"""`python -m graph check`, run as a maintainer runs it: a subprocess, exit status and output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loader"


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def test_check_prints_version_and_counts_and_exits_zero() -> None:
    done = _check("minimal", cwd=FIXTURES)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("data version: ") and len(lines[0].split(": ")[1]) == 16
    assert lines[1:] == [
        "files: 2",
        "entities: 11",
        "  organization: 1",
        "  headquarters: 1",
        "  department: 2",
        "  unit: 3",
        "  office_group: 1",
        "  administrative_centre: 1",
        "  regional_office: 1",
        "  committee: 1",
        "positions: 2",
        "relations: 2",
        "committee memberships: 2",
    ]
    assert done.stderr == ""


def test_check_prints_every_error_and_a_count_and_exits_one() -> None:
    done = _check("broken", cwd=FIXTURES)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "broken/10-organization.yaml:4:11: entity 'org': unknown kind 'organisation'"
        " (did you mean 'organization'?)",
        "broken/10-organization.yaml:8:13: entity 'hq': unknown parent 'orgg'"
        " (did you mean 'org'?)",
        "2 errors",
    ]


def test_check_says_one_error_in_the_singular(tmp_path: Path) -> None:
    done = _check("missing", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["missing:1:1: no such file or directory", "1 error"]


def test_check_defaults_to_the_embedded_data_whatever_the_directory(tmp_path: Path) -> None:
    # The embedded data/ is someone else's work in progress: only where it is looked for matters.
    done = _check(cwd=tmp_path)
    data = Path(__file__).resolve().parents[2] / "data"
    output = done.stdout if done.returncode == 0 else done.stderr
    assert "no such file" not in output
    if done.returncode == 0:
        assert f"files: {len(list(data.glob('*.yaml')))}" in output.splitlines()
    else:  # shown as given: the absolute path, since it is not below the working directory
        assert str(data) in output


def test_check_without_a_command_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "graph"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "check" in done.stderr
