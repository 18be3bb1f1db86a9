"""The parsed-data cache (graph/cache/store.py): hits, misses, corrupt entries, settings."""

from __future__ import annotations

import logging
import marshal
import os
import shutil
import stat
import zlib
from pathlib import Path

import pytest

from graph.cache import store as cache
from graph.cache.store import CacheSettings, load_cached, load_graph_cached
from graph.load.errors import GraphLoadError
from graph.load.loader import load, load_graph
from graph.search.index import STATE_KEY, SearchIndex
from graph.synthetic.generate import write_organization

MINIMAL = Path(__file__).resolve().parents[1] / "fixtures" / "loader" / "minimal"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(MINIMAL, copy)
    return copy


@pytest.fixture
def settings(tmp_path: Path) -> CacheSettings:
    return CacheSettings(tmp_path / "cache")


def _entries(settings: CacheSettings) -> list[Path]:
    return sorted(settings.directory.glob("*.graph"))


def test_first_load_writes_a_private_entry_and_the_second_uses_it(data, settings, monkeypatch):
    first = load_graph_cached(data, settings)
    (entry,) = _entries(settings)
    assert stat.S_IMODE(settings.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600

    def no_parsing(path: Path) -> None:
        raise AssertionError("a hit must not parse the YAML")

    monkeypatch.setattr(cache, "load", no_parsing)
    second = load_graph_cached(data, settings)
    assert second == first == load_graph(data)
    assert second.version == first.version
    assert [e.source for e in second.iter_entities()] == [
        e.source for e in load_graph(data).iter_entities()
    ]
    assert [r.source for r in second.relations] == [r.source for r in load_graph(data).relations]


def test_a_hit_brings_the_search_index_with_it(tmp_path: Path, settings) -> None:
    write_organization(tmp_path / "org", 300, seed=5)
    load_graph_cached(tmp_path / "org", settings)
    cached = load_graph_cached(tmp_path / "org", settings)
    assert isinstance(cached.prebuilt[STATE_KEY], tuple)
    restored, fresh = SearchIndex.build(cached), SearchIndex.build(load_graph(tmp_path / "org"))
    for query in ("migration", "health unit", "regional offce", "the organization", "k"):
        assert restored.search(query) == fresh.search(query), query


def test_an_edit_is_a_miss_with_its_own_entry(data, settings) -> None:
    before = load_graph_cached(data, settings)
    file = data / "10-organization.yaml"
    file.write_text(file.read_text().replace("Example", "Edited"), encoding="utf-8")
    after = load_graph_cached(data, settings)
    assert after.version != before.version
    assert after == load_graph(data)
    assert len(_entries(settings)) == 2


def test_bad_data_reports_the_same_errors_and_writes_nothing(tmp_path, settings) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "10-org.yaml").write_text("entities:\n- id: Not A Slug\n")
    assert load_cached(tmp_path / "bad", settings).errors == load(tmp_path / "bad").errors
    with pytest.raises(GraphLoadError):
        load_graph_cached(tmp_path / "bad", settings)
    assert _entries(settings) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:-10] + bytes(10), id="zeroed-tail"),
        pytest.param(lambda b: b[:100] + bytes([b[100] ^ 0xFF]) + b[101:], id="flipped-byte"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"not a cache file at all", id="garbage"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rewritten(data, settings, caplog, damage) -> None:
    expected = load_graph_cached(data, settings)
    (entry,) = _entries(settings)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    with caplog.at_level(logging.WARNING, logger="orggraph.cache"):
        assert load_graph_cached(data, settings) == expected
    assert "ignoring the parsed-data cache entry" in caplog.text
    assert entry.read_bytes() == good


def test_a_well_formed_entry_that_does_not_rebuild_is_ignored(data, settings, caplog) -> None:
    expected = load_graph_cached(data, settings)
    (entry,) = _entries(settings)
    body = marshal.dumps(((), ("version", (), (), (), None)))
    header = cache._HEADER.unpack_from(entry.read_bytes())
    entry.write_bytes(cache._HEADER.pack(*header[:4], len(body), zlib.crc32(body)) + body)
    with caplog.at_level(logging.WARNING, logger="orggraph.cache"):
        assert load_graph_cached(data, settings) == expected
    assert "ignoring" in caplog.text


def test_a_code_change_invalidates_entries(data, settings, monkeypatch) -> None:
    load_graph_cached(data, settings)
    (old,) = _entries(settings)
    monkeypatch.setattr(cache, "code_version", lambda: "f" * 64)
    assert load_graph_cached(data, settings) == load_graph(data)
    assert {p.name for p in _entries(settings)} - {old.name}


def test_an_entry_from_another_code_version_is_not_read(data, settings, monkeypatch) -> None:
    load_graph_cached(data, settings)
    assert len(_entries(settings)) == 1
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    calls = []

    def counted_load(path, *rest):
        calls.append(path)
        return load(path)

    monkeypatch.setattr(cache, "load", counted_load)
    load_graph_cached(data, settings)
    assert calls, "the entry of the old format must not be used"


def test_disabled_settings_neither_read_nor_write(data, tmp_path) -> None:
    off = CacheSettings(tmp_path / "off", enabled=False)
    assert load_graph_cached(data, off) == load_graph(data)
    assert not (tmp_path / "off").exists()
    load_graph_cached(data, CacheSettings(tmp_path / "off"))
    assert list((tmp_path / "off").glob("*.graph"))


def test_a_directory_others_can_write_is_not_used(data, settings, caplog) -> None:
    settings.directory.mkdir()
    os.chmod(settings.directory, 0o777)
    with caplog.at_level(logging.WARNING, logger="orggraph.cache"):
        assert load_graph_cached(data, settings) == load_graph(data)
    assert "chmod 700" in caplog.text
    assert _entries(settings) == []


def test_file_names_follow_the_working_directory(data, settings, monkeypatch) -> None:
    monkeypatch.chdir(data.parent)
    load_graph_cached(data, settings)
    monkeypatch.chdir(data)
    graph = load_graph_cached(data, settings)
    assert graph.root.source is not None
    assert graph.root.source.file == "10-organization.yaml"


def test_only_the_most_recent_entries_are_kept(data, settings, monkeypatch) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    file = data / "10-organization.yaml"
    text = file.read_text()
    for number in range(4):
        file.write_text(text + f"\n# edit {number}\n", encoding="utf-8")
        load_graph_cached(data, settings)
    assert len(_entries(settings)) == 2
