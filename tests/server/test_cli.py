"""`orggraph`: one command; each subcommand's --help lists its options and the environment."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from server import config as config_module
from server.cli import main
from server.config import Config, ConfigError

ORGGRAPH = Path(sys.executable).parent / "orggraph"


def _help(*command: str) -> str:
    done = subprocess.run(
        [str(ORGGRAPH), *command, "--help"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_orggraph_lists_every_subcommand() -> None:
    text = _help()
    for command in ("serve", "check", "export", "diff", "generate"):
        assert re.search(rf"^    {command} ", text, re.MULTILINE), command


def test_serve_help_lists_its_options_and_every_variable_it_reads() -> None:
    text = _help("serve")
    for option in ("--host", "--port", "--workers", "--data"):
        assert option in text
    variables = set(re.findall(r"\b(?:ORGGRAPH_[A-Z_]+|PROMETHEUS_MULTIPROC_DIR)\b", text))
    read = set(
        re.findall(r'"((?:ORGGRAPH|PROMETHEUS)_[A-Z_]+)"', Path(config_module.__file__).read_text())
    )
    assert read <= variables  # every variable config.py reads is in the help
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "ORGGRAPH_METRICS_PORT", "ORGGRAPH_LOG_FORMAT"):
        assert name in text


@pytest.mark.parametrize(
    ("command", "environment"),
    [
        ("check", "ORGGRAPH_DATA"),
        ("export", "ORGGRAPH_DATA"),
        ("diff", "none read"),
        ("generate", "none read"),
    ],
)
def test_each_data_command_says_what_it_reads(command: str, environment: str) -> None:
    text = _help(command)
    assert "environment" in text and environment in text


def test_check_reads_orggraph_data(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ORGGRAPH_DATA", str(tmp_path))
    assert main(["check"]) == 1  # an empty directory has no organization
    assert str(tmp_path.name) in capsys.readouterr().err


def test_a_bad_option_value_is_a_config_error_naming_the_variable(monkeypatch, capsys) -> None:
    monkeypatch.setenv("PORT", "8000")  # `serve` sets PORT from --port: restored afterwards
    assert main(["serve", "--port", "70000"]) == 2
    assert "PORT must be a number" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ORGGRAPH_METRICS", "maybe", "ORGGRAPH_METRICS must be 1"),
        ("ORGGRAPH_METRICS_PORT", "0", "ORGGRAPH_METRICS_PORT must be a number"),
        ("ORGGRAPH_LOG_FORMAT", "xml", "ORGGRAPH_LOG_FORMAT must be one of text, json"),
        ("ORGGRAPH_DRAIN_SECONDS", "-1", "ORGGRAPH_DRAIN_SECONDS must be a number of seconds"),
    ],
)
def test_operations_settings_are_checked(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config.from_env({variable: value})


def test_operations_settings_defaults_and_values() -> None:
    default = Config.from_env({})
    assert (default.metrics, default.metrics_host, default.metrics_port) == (
        True,
        "127.0.0.1",
        9464,
    )
    assert (default.log_format, default.drain_seconds) == ("text", 0.0)
    chosen = Config.from_env(
        {"ORGGRAPH_METRICS": "0", "ORGGRAPH_LOG_FORMAT": "JSON", "ORGGRAPH_DRAIN_SECONDS": "5"}
    )
    assert (chosen.metrics, chosen.log_format, chosen.drain_seconds) == (False, "json", 5.0)


def test_a_closed_pipe_ends_the_command_without_a_traceback() -> None:
    done = subprocess.run(
        f"'{ORGGRAPH}' check | head -1 >/dev/null",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in done.stderr
