"""The caching variables of server/config.py: defaults, values, refusals."""

from __future__ import annotations

import pytest

from server.config import Config, ConfigError


def test_caching_defaults() -> None:
    config = Config.from_env({})
    assert config.response_cache_bytes == 64 * 1024 * 1024
    assert config.cache_control == "public, max-age=60"
    assert config.viewer_cache_control == "no-cache"
    assert config.gzip_min_bytes == 1024
    assert (config.apq_max_queries, config.apq_max_bytes) == (1000, 4 * 1024 * 1024)
    assert config.bench_routes is False


def test_every_caching_variable_is_read() -> None:
    config = Config.from_env(
        {
            "ORGGRAPH_RESPONSE_CACHE_BYTES": "0",
            "ORGGRAPH_CACHE_CONTROL": " public,  max-age=600 ",
            "ORGGRAPH_VIEWER_CACHE_CONTROL": "private, max-age=5",
            "ORGGRAPH_GZIP_MIN_BYTES": "0",
            "ORGGRAPH_APQ_MAX_QUERIES": "10",
            "ORGGRAPH_APQ_MAX_BYTES": "2048",
            "ORGGRAPH_BENCH_ROUTES": "1",
        }
    )
    assert config.response_cache_bytes == 0
    assert config.cache_control == "public, max-age=600"
    assert config.viewer_cache_control == "private, max-age=5"
    assert config.gzip_min_bytes == 0
    assert (config.apq_max_queries, config.apq_max_bytes) == (10, 2048)
    assert config.bench_routes is True


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ORGGRAPH_RESPONSE_CACHE_BYTES", "64MB"),
        ("ORGGRAPH_GZIP_MIN_BYTES", "-1"),
        ("ORGGRAPH_APQ_MAX_QUERIES", "many"),
        ("ORGGRAPH_CACHE_CONTROL", "max-age=60\r\nSet-Cookie: x"),
        ("ORGGRAPH_CACHE_CONTROL", "max-age=60 ☃"),
        ("ORGGRAPH_BENCH_ROUTES", "yes please"),
    ],
)
def test_unusable_caching_values_are_config_errors(name, value) -> None:
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})
