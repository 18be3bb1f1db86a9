"""The metrics listener in process: one registry, or several workers' files added up with the
live gauges of exited workers dropped; the multiprocess directory it manages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

from server.cli import main
from server.exporter import ENV, Exporter, MultiprocessDir
from tests.support import free_port

WORKER = """
import sys
from prometheus_client import Counter, Gauge
Counter("demo_requests", "d").inc(int(sys.argv[1]))
Gauge("demo_live", "d", multiprocess_mode="livemax").set(int(sys.argv[1]))
"""


def _samples(url: str) -> dict[str, float]:
    text = httpx.get(url).text
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_one_process_exports_its_own_registry() -> None:
    exporter = Exporter("127.0.0.1", free_port(), None)
    try:
        samples = _samples(f"http://127.0.0.1:{exporter.port}/metrics")
    finally:
        exporter.close()
    assert "orggraph_response_cache_hits_total" in samples
    assert "process_resident_memory_bytes" in samples  # prometheus-client's process collector


def test_workers_files_are_added_up_and_exited_workers_live_gauges_dropped(
    tmp_path: Path,
) -> None:
    env = {**os.environ, ENV: str(tmp_path)}
    for count in ("2", "3"):  # two "workers" that have exited by the time of the scrape
        subprocess.run([sys.executable, "-c", WORKER, count], env=env, check=True)
    exporter = Exporter("127.0.0.1", free_port(), tmp_path)
    try:
        samples = _samples(f"http://127.0.0.1:{exporter.port}/metrics")
    finally:
        exporter.close()
    assert samples["demo_requests_total"] == 5  # counters keep what exited workers counted
    assert "demo_live" not in samples  # their live gauges no longer count
    assert not list(tmp_path.glob("gauge_live*"))


def test_the_multiprocess_directory_is_private_and_removed(monkeypatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    directory = MultiprocessDir()
    try:
        assert directory.owned and os.environ[ENV] == str(directory.path)
        assert directory.path.is_dir()
    finally:
        directory.close()
    assert not directory.path.exists() and ENV not in os.environ


def test_an_operators_directory_is_cleared_and_kept(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "counter_1.db").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    monkeypatch.setenv(ENV, str(tmp_path))
    directory = MultiprocessDir()
    directory.close()
    assert not directory.owned
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_a_taken_metrics_port_is_an_error(monkeypatch, capsys) -> None:
    exporter = Exporter("127.0.0.1", free_port(), None)
    try:
        monkeypatch.setenv("PORT", "8000")
        monkeypatch.setenv("ORGGRAPH_METRICS_PORT", str(exporter.port))
        assert main(["serve"]) == 2
    finally:
        exporter.close()
    assert "set ORGGRAPH_METRICS_PORT, or ORGGRAPH_METRICS=0" in capsys.readouterr().err
