"""The loader turns valid YAML into a graph and reports every problem with file:line:column.

Each class of error has a small fixture under tests/fixtures/loader/errors/ (a file, or a
directory when the problem spans files); its first line says what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.load.yamlfile
from graph.indexes import OrgGraph
from graph.load.errors import DataError, GraphLoadError
from graph.load.loader import load, load_graph
from graph.model import EntityKind, Location, RelationType, Supervision, SupervisionMode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "loader"
ERRORS = FIXTURES / "errors"
MINIMAL = FIXTURES / "minimal"
ORG = "entities:\n  - id: org\n    name: Org\n    kind: organization\n"


def _errors(path: Path | str) -> list[str]:
    with pytest.raises(GraphLoadError) as caught:
        load_graph(path)
    return [str(error) for error in caught.value.errors]


def _write(directory: Path, files: Mapping[str, str | bytes]) -> Path:
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode()
        (directory / name).write_bytes(data)
    return directory


# Each fixture's messages, in error_messages.yaml beside the fixtures (a table, not code).
ERROR_MESSAGES: dict[str, list[str]] = yaml.safe_load(
    (FIXTURES / "error_messages.yaml").read_text(encoding="utf-8")
)
ERROR_CASES = [
    pytest.param(fixture, messages, id=Path(fixture).stem)
    for fixture, messages in ERROR_MESSAGES.items()
]


def test_every_error_fixture_has_its_messages() -> None:
    assert sorted(ERROR_MESSAGES) == sorted(p.name for p in ERRORS.iterdir())


@pytest.mark.parametrize(("fixture", "expected"), ERROR_CASES)
def test_loader_reports_each_error_class_with_its_location(
    fixture: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ERRORS)
    assert _errors(fixture) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b"entities:\n  - id: caf\xe9\n",
            "20-x.yaml:2:12: the file is not UTF-8 text (byte 0xe9 cannot be decoded);"
            " save it as UTF-8",
            id="not_utf8",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "20-x.yaml:1:1: the file is not UTF-8 text (byte 0x89 cannot be decoded);"
            " save it as UTF-8",
            id="binary_garbage",
        ),
        pytest.param(
            b"entities:\n  - id: a\x00\n",
            "20-x.yaml:2:10: the file contains the character U+0000, which YAML does not allow"
            " (is this a binary file?)",
            id="nul_byte",
        ),
        pytest.param(
            b"entities:\n  - id: a\x07\n",
            "20-x.yaml:2:10: the file contains the character U+0007, which YAML does not allow",
            id="control_character",
        ),
        pytest.param(
            b"entities: " + b"[" * 5000 + b"]" * 5000,
            "20-x.yaml:1:1010: not valid YAML: exceeded maximum nesting depth"
            " (while increasing flow level at line 1, column 1010)",
            id="deeply_nested",
        ),
        pytest.param(
            b"# nothing yet\n",
            "20-x.yaml:1:1: the file is empty; it should hold 'entities', 'positions'"
            " and/or 'relations'",
            id="empty_file",
        ),
        pytest.param(
            b"\xef\xbb\xbfpositions:\n  - id: dg\n    title: 12\n",
            "20-x.yaml:3:12: position 'dg': 'title' must be text, but '12' without quotes reads"
            " as a number; put it in quotes",
            id="byte_order_mark_does_not_shift_columns",
        ),
    ],
)
def test_loader_reports_unreadable_files(
    content: bytes, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_write(tmp_path, {"10-org.yaml": ORG, "20-x.yaml": content}))
    assert _errors(".") == [expected]


def test_loader_refuses_an_alias_bomb_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One big record reused 20,000 times: expanding each alias would cost 20,000 x 2,000 reads.
    notes = ", ".join(["note"] * 2000)
    bomb = f"positions:\n  - &p {{id: dg, title: DG, notes: [{notes}]}}\n" + "  - *p\n" * 20_000
    monkeypatch.chdir(_write(tmp_path, {"10-org.yaml": ORG + bomb}))
    assert _errors(".") == [
        "10-org.yaml:6:5: this value is reused through a YAML alias (*); anchors and aliases"
        " are not allowed in data files, write the value out each time"
    ]


def test_loader_reports_a_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _errors("nowhere") == ["nowhere:1:1: no such file or directory"]


def test_loader_reports_a_directory_without_yaml_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_write(tmp_path, {"notes.txt": "not data", "10-org.yml": ORG}))
    assert _errors(".") == [".:1:1: no *.yaml data files in this directory"]


def test_loader_ignores_other_files_and_subdirectories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"10-org.yaml": ORG, ".#10-org.yaml": "junk: [", "README.md": "# data"})
    (tmp_path / "old").mkdir()
    _write(tmp_path / "old", {"10-org.yaml": "junk: ["})
    assert load(tmp_path).files == (str(tmp_path / "10-org.yaml"),)


def test_loader_names_files_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, {"10-org.yaml": ORG, "20-x.yaml": "entitys: []\n"})
    message = "1:1: top level: unknown key 'entitys' (did you mean 'entities'?)"
    monkeypatch.chdir(tmp_path.parent)
    assert _errors(tmp_path) == [f"{tmp_path.name}/20-x.yaml:{message}"]
    monkeypatch.chdir(MINIMAL)  # not above tmp_path: the path is shown as given
    assert _errors(tmp_path) == [f"{tmp_path}/20-x.yaml:{message}"]


def test_loader_error_types_print_as_file_line_column_message() -> None:
    errors = [DataError("b.yaml", 1, 2, "second"), DataError("a.yaml", 9, 1, "first")]
    error = GraphLoadError(errors)
    assert str(errors[0]) == "b.yaml:1:2: second"
    assert error.errors == (errors[1], errors[0])
    assert str(error) == "a.yaml:9:1: first\nb.yaml:1:2: second"


def test_load_returns_located_errors_instead_of_raising(tmp_path: Path) -> None:
    assert isinstance(load(MINIMAL).graph, OrgGraph)
    result = load(_write(tmp_path, {"10-org.yaml": "- a\n"}))
    assert result.graph is None
    assert [(e.line, e.column) for e in result.errors] == [(1, 1)]


# --- valid data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minimal() -> OrgGraph:
    return load_graph(MINIMAL)


def test_loader_builds_records_in_source_order_across_files(minimal: OrgGraph) -> None:
    assert minimal.entity_order == (
        *("org", "hq", "ops", "ops-unit-a", "ops-unit-b", "finance", "finance-unit"),
        *("offices", "office-bangkok", "office-manila", "board"),
    )
    assert [minimal.entities[i].order for i in minimal.entity_order] == list(range(11))
    assert minimal.position_order == ("dg", "ddg")
    assert [(r.source_id, r.order) for r in minimal.relations] == [("ops-unit-a", 0), ("board", 1)]


def test_loader_fills_every_field(minimal: OrgGraph) -> None:
    manila = minimal.entities["office-manila"]
    assert manila.kind is EntityKind.ADMINISTRATIVE_CENTRE
    assert manila.parent_id == "offices"
    assert manila.location == Location("Manila", "PH", True, "The source names the city only.")
    assert manila.inferred == ("location",)
    assert manila.notes == ("The country is implied by the city.",)
    assert manila.source is not None
    assert (manila.source.line, manila.source.column) == (12, 5)
    assert minimal.entities["office-bangkok"].coordinates_subregion == "South-Eastern Asia"
    assert minimal.entities["ops"].supervision == Supervision(
        "ddg",
        SupervisionMode.DIRECTLY_SUPERVISES,
        "The Deputy Director General supervises the Department of Operations.",
    )
    board = minimal.entities["board"]
    assert (board.members, board.stated_count) == (("dg", "ddg"), 2)
    assert (
        board.members_evidence == "The Board brings together the Director General and the Deputy."
    )
    assert minimal.positions["ddg"].description == "The deputy."
    assert minimal.positions["dg"].plural is False
    relation = minimal.relations[1]
    assert (relation.type, relation.inferred) == (RelationType.OVERSEES, True)
    assert relation.note == "Implied by the Board's mandate."


def test_loader_keeps_paragraph_breaks_and_drops_trailing_whitespace(
    tmp_path: Path,
) -> None:
    description = "    description: |+\n      One.  \n\n\n\n      Two.\n\n\n"
    graph = load_graph(_write(tmp_path, {"10-org.yaml": ORG + description}))
    assert graph.root.description == "One.\n\nTwo."
    assert load_graph(MINIMAL).entities["ops-unit-a"].description == (
        "First paragraph.\n\nSecond paragraph."
    )


def test_loader_accepts_an_explicit_null_parent_on_the_root(tmp_path: Path) -> None:
    graph = load_graph(_write(tmp_path, {"10-org.yaml": ORG + "    parent: null\n"}))
    assert graph.root_id == "org"


def test_loader_loads_a_single_file(tmp_path: Path) -> None:
    _write(tmp_path, {"org.yaml": ORG, "20-more.yaml": "junk: ["})
    assert load_graph(tmp_path / "org.yaml").entity_order == ("org",)


def test_data_version_depends_only_on_file_names_and_bytes(tmp_path: Path) -> None:
    files = {p.name: p.read_bytes() for p in MINIMAL.iterdir()}
    copy = load_graph(_write(tmp_path, files))
    assert copy.version == load_graph(MINIMAL).version
    assert len(copy.version) == 16 and int(copy.version, 16) >= 0
    (tmp_path / "20-offices.yaml").write_bytes(files["20-offices.yaml"] + b"# a comment\n")
    assert load_graph(tmp_path).version != copy.version
    (tmp_path / "20-offices.yaml").rename(tmp_path / "30-offices.yaml")
    assert load_graph(tmp_path).version not in {copy.version}


def test_pure_python_yaml_gives_the_same_graph_and_locations(
    minimal: OrgGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without libyaml the loader falls back to PyYAML's own parser; results must not differ.
    monkeypatch.setattr(graph.load.yamlfile, "_LOADER", yaml.SafeLoader)
    assert load_graph(MINIMAL) == minimal
    monkeypatch.chdir(ERRORS)
    assert _errors("unknown_parent.yaml") == [
        "unknown_parent.yaml:13:13: entity 'b': unknown parent 'aa' (did you mean 'a'?)"
    ]


def test_pure_python_yaml_reports_deep_nesting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graph.load.yamlfile, "_LOADER", yaml.SafeLoader)
    nested = "entities: " + "[" * 5000 + "]" * 5000
    monkeypatch.chdir(_write(tmp_path, {"10-org.yaml": nested}))
    assert _errors(".") == ["10-org.yaml:1:1: not valid data: the YAML is nested too deeply"]


# --- robustness -----------------------------------------------------------------------------

_VALID = (MINIMAL / "20-offices.yaml").read_text()
# Characters that change YAML's structure, plus some that are not allowed or not UTF-8 text.
_NOISE = st.sampled_from(
    [":", "-", " ", "\n", "  ", "[", "]", "{", "}", "&a", "*a", "!!python/object ", "#", "'",
     '"', "|", ">", "? ", "<<: ", "\t", "yes", "~", "\x00", "é", "\ufeff", "---\n", "%YAML 1.1"]
)  # fmt: skip


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    text = _VALID
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 12)))
        text = text[:start] + draw(_NOISE) + text[end:]
    data = text.encode()
    if draw(st.booleans()) and data:
        cut = draw(st.integers(0, len(data) - 1))  # may split a UTF-8 sequence
        data = data[:cut] + bytes([draw(st.integers(0x80, 0xFF))]) + data[cut + 1 :]
    return data


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_mutated())
def test_loader_returns_a_graph_or_located_errors_for_any_mutation(
    data: bytes, tmp_path: Path
) -> None:
    _write(tmp_path, {"10-organization.yaml": (MINIMAL / "10-organization.yaml").read_bytes()})
    _write(tmp_path, {"20-offices.yaml": data})
    result = load(tmp_path)  # anything but a GraphLoadError-worthy result would raise here
    assert (result.graph is None) == bool(result.errors)
    for error in result.errors:
        assert error.file.endswith(".yaml")
        assert error.line >= 1 and error.column >= 1 and error.message
        assert "\n" not in error.message
    if result.graph is None:
        with pytest.raises(GraphLoadError):
            load_graph(tmp_path)
