"""Configuration comes from the environment, with defaults that need no environment at all."""

from __future__ import annotations

import pytest

from server.config import REPO_ROOT, Config, ConfigError


def test_defaults_point_into_the_repository_not_the_working_directory() -> None:
    config = Config.from_env({})
    assert config.data_path == REPO_ROOT / "data"
    assert config.assets_dir == REPO_ROOT / "node_modules"
    assert (config.host, config.port) == ("127.0.0.1", 8000)
    assert config.cors_origins == ()


def test_every_variable_is_read() -> None:
    config = Config.from_env(
        {
            "ORGGRAPH_DATA": "/srv/data",
            "ORGGRAPH_ASSETS_DIR": "/srv/assets",
            "HOST": "0.0.0.0",
            "PORT": "9000",
            "ORGGRAPH_CORS_ORIGINS": " https://a.example , https://b.example/ ,,",
        }
    )
    assert str(config.data_path) == "/srv/data"
    assert str(config.assets_dir) == "/srv/assets"
    assert (config.host, config.port) == ("0.0.0.0", 9000)
    assert config.cors_origins == ("https://a.example", "https://b.example")


def test_relative_paths_are_taken_from_the_repository_root() -> None:
    assert Config.from_env({"ORGGRAPH_DATA": "tests/fixtures"}).data_path == (
        REPO_ROOT / "tests" / "fixtures"
    )


@pytest.mark.parametrize("port", ["http", "0", "70000", "-1"])
def test_bad_port_is_a_config_error(port) -> None:
    with pytest.raises(ConfigError, match="PORT must be a number"):
        Config.from_env({"PORT": port})


def test_cors_headers_default_to_what_graphql_clients_send_and_read() -> None:
    config = Config.from_env({})
    for header in ("apollographql-client-name", "traceparent", "baggage", "sentry-trace"):
        assert header in config.cors_allow_headers
    assert config.cors_expose_headers == ("X-Request-ID", "X-Data-Version", "ETag")


def test_cors_header_lists_replace_the_defaults() -> None:
    config = Config.from_env(
        {
            "ORGGRAPH_CORS_ALLOW_HEADERS": "Content-Type, X-Custom ,",
            "ORGGRAPH_CORS_EXPOSE_HEADERS": "X-Request-ID",
        }
    )
    assert config.cors_allow_headers == ("Content-Type", "X-Custom")
    assert config.cors_expose_headers == ("X-Request-ID",)


@pytest.mark.parametrize("value", ["X-Ok, Bad Header", "X-Ok,a\r\nb", "é"])
def test_a_cors_header_list_with_a_non_header_name_is_a_config_error(value) -> None:
    with pytest.raises(ConfigError, match="ORGGRAPH_CORS_ALLOW_HEADERS must list header names"):
        Config.from_env({"ORGGRAPH_CORS_ALLOW_HEADERS": value})
