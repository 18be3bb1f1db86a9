"""The server starts and reloads through the parsed-data cache (graph/cache/store.py)."""

from __future__ import annotations

from pathlib import Path

from graph.cache.store import CacheSettings
from server.app import create_app
from server.config import Config
from server.reload import DataWatcher
from tests.support import copy_data, run_async


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.graph"))


def test_start_up_and_reloads_go_through_the_cache(tmp_path) -> None:
    data = copy_data(tmp_path / "data")
    cache = tmp_path / "cache"
    config = Config.from_env({"ORGGRAPH_DATA": str(data), "ORGGRAPH_CACHE_DIR": str(cache)})
    app = create_app(config)
    assert len(_entries(cache)) == 1
    holder = app.state.graph_holder
    watcher = DataWatcher(holder, config)
    edited = sorted(data.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert run_async(watcher.reload("test"))
    assert len(_entries(cache)) == 2
    # Another worker starting now finds the new version parsed already.
    again = create_app(config)
    assert again.state.graph_holder.current.graph.version == holder.current.graph.version
    assert len(_entries(cache)) == 2


def test_the_cache_settings_come_from_the_environment(tmp_path) -> None:
    env = {"ORGGRAPH_CACHE_DIR": str(tmp_path / "envcache")}
    assert Config.from_env(env).data_cache == CacheSettings(tmp_path / "envcache")
    for off in ("0", "false", "No", " off "):
        assert not Config.from_env({**env, "ORGGRAPH_CACHE": off}).data_cache.enabled
    xdg = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert Config.from_env(xdg).data_cache.directory == tmp_path / "xdg" / "orggraph"
    assert Config.from_env({}).data_cache.directory == Path.home() / ".cache" / "orggraph"


def test_the_cache_can_be_turned_off(tmp_path) -> None:
    cache = tmp_path / "cache"
    create_app(Config.from_env({"ORGGRAPH_CACHE": "0", "ORGGRAPH_CACHE_DIR": str(cache)}))
    assert not cache.exists() or not _entries(cache)
