"""`python -m graph export` and `python -m graph diff`, run as a maintainer would run them."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture
def edited_data(tmp_path: Path) -> Path:
    """A copy of the real data with one rename and one move, as a maintainer's edit."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("sources"))
    hq = copy / "20-headquarters.yaml"
    text = hq.read_text(encoding="utf-8")
    text = text.replace("name: Budget Division", "name: Budget and Planning Division", 1)
    text = text.replace(
        "- id: treasury-division\n  name: Treasury Division\n  kind: division\n"
        "  parent: department-of-financial-and-administrative-management",
        "- id: treasury-division\n  name: Treasury Division\n  kind: division\n"
        "  parent: headquarters",
        1,
    )
    hq.write_text(text, encoding="utf-8")
    return copy


def test_export_json_to_a_file_holds_every_entity(tmp_path: Path) -> None:
    out = tmp_path / "iom.json"
    result = run("export", "--format", "json", "--output", out)
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert len(document["entities"]) == 157
    assert len(document["positions"]) == 9


def test_export_csv_to_stdout_has_a_header_and_one_row_per_entity() -> None:
    result = run("export", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][:4] == ["id", "slug", "name", "kind"]
    assert len(rows) == 1 + 157


def test_export_of_invalid_data_lists_the_errors_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - id: x\n    name: X\n    kind: nonsense\n", encoding="utf-8")
    result = run("export", "-f", "json", bad)
    assert result.returncode == 1
    assert "bad.yaml:4:11:" in result.stderr
    assert result.stdout == ""


def test_export_refuses_an_unknown_format() -> None:
    result = run("export", "-f", "xml")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_diff_of_identical_data_says_no_changes_and_exits_zero() -> None:
    result = run("diff", DATA, DATA)
    assert result.returncode == 0, result.stderr
    assert "No changes." in result.stdout


def test_diff_lists_a_rename_and_a_move_and_exits_one(edited_data: Path) -> None:
    result = run("diff", DATA, edited_data)
    assert result.returncode == 1, result.stderr
    assert "Budget and Planning Division" in result.stdout
    assert "treasury-division" in result.stdout


def test_diff_as_json_is_machine_readable(edited_data: Path) -> None:
    result = run("diff", "--json", DATA, edited_data)
    assert result.returncode == 1
    changes = json.loads(result.stdout)
    assert changes["hasChanges"] is True
    assert [c["id"] for c in changes["entitiesMoved"]] == ["treasury-division"]


def test_diff_against_invalid_data_exits_two_with_the_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("entities: [", encoding="utf-8")
    result = run("diff", DATA, bad)
    assert result.returncode == 2
    assert "bad.yaml:2:1: not valid YAML" in result.stderr
