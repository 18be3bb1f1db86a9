"""Item 6: a slow writer never publishes half a file, and the marker-file mode reloads only
when the publisher says the data is complete (signal-only: tests/hardening/test_reload.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx

from graph.load.loader import load
from tests.support import copy_data, serve

RELATIONS = "60-relations.yaml"


def _half_at_a_record_boundary(text: str) -> str:
    """The file cut before a record near its middle: still valid YAML, half the relations."""
    cut = text.index("\n- ", len(text) // 2) + 1
    return text[:cut]


def _version(base: str) -> str:
    version: str = httpx.get(f"{base}/healthz", timeout=5).json()["dataVersion"]
    return version


def test_a_writer_that_pauses_mid_file_never_publishes_the_half(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    full = (data / RELATIONS).read_text(encoding="utf-8")
    half = _half_at_a_record_boundary(full)
    check = copy_data(tmp_path / "check")
    (check / RELATIONS).write_text(half, encoding="utf-8")
    assert load(check).graph is not None  # the half alone would be served if it went live
    env = {
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_RELOAD_INTERVAL": "0.2",
        "ORGGRAPH_RELOAD_SETTLE": "1.5",
    }
    with serve(env, "uvicorn-slow-writer.log") as (base, _):
        original = _version(base)
        seen: set[str] = set()
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                seen.add(_version(base))
                time.sleep(0.05)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            with (data / RELATIONS).open("w", encoding="utf-8") as out:  # rewritten in place
                out.write(half)
                out.flush()
                time.sleep(0.8)  # a pause four times the old 0.2 s settle time
                out.write(full[len(half) :] + "# republished\n")
            deadline = time.monotonic() + 20
            while len(seen - {original}) == 0:
                assert time.monotonic() < deadline, "the complete file was never served"
                time.sleep(0.1)
            time.sleep(0.3)
        finally:
            stop.set()
            watcher.join()
        assert len(seen) == 2, seen  # the original and the complete file, never the half


def test_the_marker_mode_reloads_only_when_the_marker_changes(tmp_path: Path) -> None:
    data = copy_data(tmp_path / "data")
    marker = tmp_path / "published"
    marker.write_text("1\n")
    env = {
        "ORGGRAPH_DATA": str(data),
        "ORGGRAPH_RELOAD_INTERVAL": "0.2",
        "ORGGRAPH_RELOAD_MARKER": str(marker),
    }
    with serve(env, "uvicorn-marker.log") as (base, _):
        original = _version(base)
        path = data / RELATIONS
        path.write_text(_half_at_a_record_boundary(path.read_text(encoding="utf-8")))
        time.sleep(1.5)
        assert _version(base) == original  # the data files alone never trigger a reload
        path.write_text(path.read_text() + "# done\n")
        marker.write_text("2\n")  # published
        deadline = time.monotonic() + 10
        while _version(base) == original:
            assert time.monotonic() < deadline, "the marker change did not reload"
            time.sleep(0.1)
