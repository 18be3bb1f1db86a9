"""The caching variables of server/config.py: defaults, values, refusals."""

from __future__ import annotations

import pytest

from server.config import Config, ConfigError


def test_caching_defaults() -> None:
    config = Config.from_env({})
    assert config.response_cache_bytes == 64 * 1024 * 1024
    assert config.cache_control == "public, max-age=5"
    assert config.graphql_cache_control == "public, max-age=5, s-maxage=60"
    assert config.viewer_cache_control == "no-cache"
    assert config.cdn_cache_control == (
        "max-age=60, stale-while-revalidate=10, stale-if-error=3600"
    )
    assert config.purge_urls == ()
    assert (config.documents, config.trusted_documents) == ("open", None)
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
            "ORGGRAPH_S_MAXAGE": "300",
            "ORGGRAPH_STALE_WHILE_REVALIDATE": "0",
            "ORGGRAPH_STALE_IF_ERROR": "60",
            "ORGGRAPH_PURGE_URL": "http://127.0.0.1:6081/, https://cache.example/purge",
            "ORGGRAPH_DOCUMENTS": "Trusted",
            "ORGGRAPH_TRUSTED_DOCUMENTS": "manifest.json",
        }
    )
    assert config.response_cache_bytes == 0
    assert config.cache_control == "public, max-age=600"
    assert config.viewer_cache_control == "private, max-age=5"
    assert config.gzip_min_bytes == 0
    assert (config.apq_max_queries, config.apq_max_bytes) == (10, 2048)
    assert config.bench_routes is True
    assert config.graphql_cache_control == "public, max-age=600, s-maxage=300"
    assert config.cdn_cache_control == "max-age=300, stale-if-error=60"
    assert config.purge_urls == ("http://127.0.0.1:6081/", "https://cache.example/purge")
    assert config.documents == "trusted"
    assert config.trusted_documents is not None and config.trusted_documents.name == "manifest.json"


@pytest.mark.parametrize(
    ("cache_control", "expected"),
    [
        ("public, max-age=5", "public, max-age=5, s-maxage=60"),
        ("public, max-age=5, s-maxage=9", "public, max-age=5, s-maxage=9"),
        ("no-cache", "no-cache"),
        ("public, no-cache", "public, no-cache"),
        ("private, max-age=5", "private, max-age=5"),
    ],
)
def test_s_maxage_is_added_only_where_shared_caches_may_store(cache_control, expected) -> None:
    config = Config.from_env({"ORGGRAPH_CACHE_CONTROL": cache_control})
    assert config.graphql_cache_control == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ORGGRAPH_RESPONSE_CACHE_BYTES", "64MB"),
        ("ORGGRAPH_GZIP_MIN_BYTES", "-1"),
        ("ORGGRAPH_APQ_MAX_QUERIES", "many"),
        ("ORGGRAPH_CACHE_CONTROL", "max-age=60\r\nSet-Cookie: x"),
        ("ORGGRAPH_CACHE_CONTROL", "max-age=60 ☃"),
        ("ORGGRAPH_BENCH_ROUTES", "yes please"),
        ("ORGGRAPH_S_MAXAGE", "1m"),
        ("ORGGRAPH_STALE_IF_ERROR", "-5"),
        ("ORGGRAPH_PURGE_URL", "varnish:6081"),
        ("ORGGRAPH_DOCUMENTS", "closed"),
    ],
)
def test_unusable_caching_values_are_config_errors(name, value) -> None:
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})
