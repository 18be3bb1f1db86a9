"""All configuration, read from the environment in one place, with safe defaults.

    ORGGRAPH_DATA           YAML data directory (or file) to serve; default: the repo's data/
    HOST, PORT              where `python -m server` listens (uvicorn's own command takes
                            --host and --port); default 127.0.0.1 and 8000
    WEB_CONCURRENCY         worker processes for `python -m server`; default 1
    ORGGRAPH_CORS_ORIGINS   comma-separated origins whose pages may call /graphql; `*` for any;
                            default: none (same-origin only)
    ORGGRAPH_ASSETS_DIR     where the pinned GraphiQL/React files are; default: the repo's
                            node_modules/
    ORGGRAPH_RELOAD_INTERVAL  seconds between checks of the data files for changes (a changed
                            file is validated and swapped in); 0 turns polling off (SIGHUP
                            still reloads); default 2
    ORGGRAPH_CACHE_DIR      where parsed data is kept between starts (graph/cache/store.py:
                            a private directory); default $XDG_CACHE_HOME/orggraph, else
                            ~/.cache/orggraph
    ORGGRAPH_CACHE          0 never reads or writes that cache (and leaves no last good version
                            to fall back on when the files are invalid at start); default 1
    ORGGRAPH_MAX_DATA_BYTES  the most bytes all data files together may hold; default 268435456

Reloads (docs/security.md, "Publishing data", says how to publish data safely):

    ORGGRAPH_RELOAD_SETTLE  seconds the data files must stay unchanged (and untouched) before a
                            change is loaded; default 2
    ORGGRAPH_RELOAD_MARKER  a file whose change alone triggers a reload (publish the data, then
                            touch it); the data files themselves are then not watched; default:
                            none
    ORGGRAPH_RELOAD_TIMEOUT seconds a reload may take before it is given up (logged, counted;
                            the next one is not held back); default 120

Request limits (docs/security.md explains each; every one is a positive integer):

    ORGGRAPH_MAX_BODY_BYTES    request body, and GET query string, in bytes; default 65536
    ORGGRAPH_BODY_TIMEOUT      seconds a client may take to send its body; default 10
    ORGGRAPH_MAX_TOKENS        lexical tokens in a GraphQL document; default 500
    ORGGRAPH_MAX_DEPTH         nesting of fields in an operation; default 15
    ORGGRAPH_MAX_ALIASES       aliased fields in a document; default 30
    ORGGRAPH_MAX_COST          upper bound on the fields an operation resolves; default 15000
    ORGGRAPH_TIME_BUDGET_MS    parse, validation and execution time of one operation, in ms;
                               default 1000
    ORGGRAPH_EXEC_THREADS      threads that run cache misses off the event loop; default 2
    ORGGRAPH_EXEC_QUEUE        misses that may wait for a thread; beyond, 503 + Retry-After;
                               default 16

Connections (server/protocol.py; docs/security.md):

    ORGGRAPH_HEADER_TIMEOUT    seconds from a connection (or the end of a response) until a
                               request's headers must be complete, else it is closed; default 10
    ORGGRAPH_KEEPALIVE_TIMEOUT seconds an idle keep-alive connection is kept; default 5
    ORGGRAPH_MAX_HEADER_BYTES  request headers (after the request line), in bytes; 431 above;
                               default 16384
    ORGGRAPH_MAX_URL_BYTES     the request target (path and query), in bytes; 414 above; default
                               and maximum 65535 (httptools cannot parse longer URLs)
    ORGGRAPH_MAX_CONNECTIONS   open connections per worker; beyond, the oldest connection still
                               waiting for its first request is closed (or the new one, when none
                               is); default 4096
    ORGGRAPH_PUBLIC_URL        the service's public base URL (`https://org.example/graph`), used
                               where an absolute URL is needed; default none: relative URLs

Caching (docs/performance.md explains each; sizes are per worker process):

    ORGGRAPH_RESPONSE_CACHE_BYTES  encoded GraphQL results and viewer pages kept per data
                            version, least recently used dropped first; 0 turns it off;
                            default 67108864 (64 MiB)
    ORGGRAPH_CACHE_CONTROL  `Cache-Control` of successful GraphQL GET responses; default
                            `public, max-age=60` (POST and errors always get `no-store`)
    ORGGRAPH_VIEWER_CACHE_CONTROL  `Cache-Control` of viewer pages; default `no-cache`
                            (browsers revalidate each time; the ETag makes that a cheap 304)
    ORGGRAPH_GZIP_MIN_BYTES  responses at least this large are gzipped for clients that accept
                            it; 0 turns compression off; default 1024
    ORGGRAPH_APQ_MAX_QUERIES   documents the automatic persisted queries store keeps; 0 turns
                            persisted queries off; default 1000
    ORGGRAPH_APQ_MAX_BYTES     total size of those documents; default 4194304 (4 MiB)
    ORGGRAPH_BENCH_ROUTES   `1` adds the benchmark's ceiling route (bench/bench_http.py); never
                            in production; default off

Relative paths are taken from the repository root, never from the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from graph.cache.store import CacheSettings
from graph.load.loader import MAX_DATA_BYTES
from schema.guard.limits import DEFAULT_LIMITS, Limits

REPO_ROOT = Path(__file__).resolve().parent.parent
RESPONSE_CACHE_BYTES = 64 * 1024 * 1024
CACHE_CONTROL = "public, max-age=60"
VIEWER_CACHE_CONTROL = "no-cache"
GZIP_MIN_BYTES = 1024
APQ_MAX_QUERIES = 1000
APQ_MAX_BYTES = 4 * 1024 * 1024
NO_DATA_CACHE = CacheSettings(Path(), enabled=False)


class ConfigError(ValueError):
    """An environment variable holds a value the server cannot use."""


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """What one connection may hold before its request reaches the app (server/protocol.py)."""

    header_timeout: float = 10.0
    keepalive_timeout: float = 5.0
    max_header_bytes: int = 16_384
    max_url_bytes: int = 65_535
    max_connections: int = 4096


@dataclass(frozen=True, slots=True)
class Config:
    data_path: Path
    host: str
    port: int
    cors_origins: tuple[str, ...]
    assets_dir: Path
    limits: Limits = DEFAULT_LIMITS
    max_body_bytes: int = 65_536
    body_timeout: float = 10.0
    reload_interval: float = 2.0
    workers: int = 1
    response_cache_bytes: int = RESPONSE_CACHE_BYTES
    cache_control: str = CACHE_CONTROL
    viewer_cache_control: str = VIEWER_CACHE_CONTROL
    gzip_min_bytes: int = GZIP_MIN_BYTES
    apq_max_queries: int = APQ_MAX_QUERIES
    apq_max_bytes: int = APQ_MAX_BYTES
    bench_routes: bool = False
    data_cache: CacheSettings = NO_DATA_CACHE
    max_data_bytes: int = MAX_DATA_BYTES
    reload_settle: float = 2.0
    reload_marker: Path | None = None
    reload_timeout: float = 120.0
    exec_threads: int = 2
    exec_queue: int = 16
    connections: ConnectionLimits = ConnectionLimits()
    public_url: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        port_text = env.get("PORT", "8000").strip()
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"PORT must be a number from 1 to 65535, not {port_text!r}")
        origins = tuple(
            origin.strip().rstrip("/")
            for origin in env.get("ORGGRAPH_CORS_ORIGINS", "").split(",")
            if origin.strip()
        )
        return cls(
            data_path=_path(env, "ORGGRAPH_DATA", REPO_ROOT / "data"),
            host=env.get("HOST", "127.0.0.1").strip() or "127.0.0.1",
            port=int(port_text),
            cors_origins=origins,
            assets_dir=_path(env, "ORGGRAPH_ASSETS_DIR", REPO_ROOT / "node_modules"),
            limits=Limits(
                max_tokens=_positive(env, "ORGGRAPH_MAX_TOKENS", DEFAULT_LIMITS.max_tokens),
                max_depth=_positive(env, "ORGGRAPH_MAX_DEPTH", DEFAULT_LIMITS.max_depth),
                max_aliases=_positive(env, "ORGGRAPH_MAX_ALIASES", DEFAULT_LIMITS.max_aliases),
                max_cost=_positive(env, "ORGGRAPH_MAX_COST", DEFAULT_LIMITS.max_cost),
                time_budget_ms=_positive(
                    env, "ORGGRAPH_TIME_BUDGET_MS", DEFAULT_LIMITS.time_budget_ms
                ),
            ),
            max_body_bytes=_positive(env, "ORGGRAPH_MAX_BODY_BYTES", 65_536),
            body_timeout=_positive(env, "ORGGRAPH_BODY_TIMEOUT", 10),
            reload_interval=_seconds(env, "ORGGRAPH_RELOAD_INTERVAL", 2.0),
            workers=_positive(env, "WEB_CONCURRENCY", 1),
            response_cache_bytes=_size(env, "ORGGRAPH_RESPONSE_CACHE_BYTES", RESPONSE_CACHE_BYTES),
            cache_control=_header(env, "ORGGRAPH_CACHE_CONTROL", CACHE_CONTROL),
            viewer_cache_control=_header(
                env, "ORGGRAPH_VIEWER_CACHE_CONTROL", VIEWER_CACHE_CONTROL
            ),
            gzip_min_bytes=_size(env, "ORGGRAPH_GZIP_MIN_BYTES", GZIP_MIN_BYTES),
            apq_max_queries=_size(env, "ORGGRAPH_APQ_MAX_QUERIES", APQ_MAX_QUERIES),
            apq_max_bytes=_size(env, "ORGGRAPH_APQ_MAX_BYTES", APQ_MAX_BYTES),
            bench_routes=_flag(env, "ORGGRAPH_BENCH_ROUTES"),
            data_cache=_data_cache(env),
            max_data_bytes=_positive(env, "ORGGRAPH_MAX_DATA_BYTES", MAX_DATA_BYTES),
            reload_settle=_seconds(env, "ORGGRAPH_RELOAD_SETTLE", 2.0),
            reload_marker=_path(env, "ORGGRAPH_RELOAD_MARKER", Path())
            if _set(env, "ORGGRAPH_RELOAD_MARKER")
            else None,
            reload_timeout=_timeout(env, "ORGGRAPH_RELOAD_TIMEOUT", 120.0),
            exec_threads=_positive(env, "ORGGRAPH_EXEC_THREADS", 2),
            exec_queue=_size(env, "ORGGRAPH_EXEC_QUEUE", 16),
            connections=ConnectionLimits(
                header_timeout=_timeout(env, "ORGGRAPH_HEADER_TIMEOUT", 10.0),
                keepalive_timeout=_timeout(env, "ORGGRAPH_KEEPALIVE_TIMEOUT", 5.0),
                max_header_bytes=_positive(env, "ORGGRAPH_MAX_HEADER_BYTES", 16_384),
                max_url_bytes=min(_positive(env, "ORGGRAPH_MAX_URL_BYTES", 65_535), 65_535),
                max_connections=_positive(env, "ORGGRAPH_MAX_CONNECTIONS", 4096),
            ),
            public_url=_public_url(env),
        )


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "").strip()
    # A relative path is taken relative to the repository, never to the working directory.
    return default if not value else (REPO_ROOT / Path(value).expanduser()).resolve()


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) == 0:
        raise ConfigError(f"{name} must be a positive whole number, not {text!r}")
    return int(text)


def _data_cache(env: Mapping[str, str]) -> CacheSettings:
    """The parsed-data cache's settings: the one place that reads them from the environment."""
    base = Path(env.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache")
    directory = _path(env, "ORGGRAPH_CACHE_DIR", base / "orggraph")
    enabled = env.get("ORGGRAPH_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")
    return CacheSettings(directory, enabled)


def _size(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number, 0 included (0 turns the feature off)."""
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 turns it off), not {text!r}")
    return int(text)


def _header(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isprintable():  # no line breaks: no header injection
        raise ConfigError(f"{name} must be a printable ASCII header value, not {raw!r}")
    return " ".join(raw.split())


def _flag(env: Mapping[str, str], name: str) -> bool:
    text = env.get(name, "").strip().lower()
    if text not in ("", "0", "1", "false", "true"):
        raise ConfigError(f"{name} must be 1 (on) or 0 (off), not {text!r}")
    return text in ("1", "true")


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < 86_400:
        raise ConfigError(f"{name} must be a number of seconds from 0 (off) to 86400, not {text!r}")
    return value


def _set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, "").strip())


def _timeout(env: Mapping[str, str], name: str, default: float) -> float:
    """A positive number of seconds (0 is refused: a timeout that never ends is no timeout)."""
    value = _seconds(env, name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be a positive number of seconds, not {value:g}")
    return value


def _public_url(env: Mapping[str, str]) -> str:
    text = env.get("ORGGRAPH_PUBLIC_URL", "").strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or not text.isascii()
        or not text.isprintable()
        or " " in text
    ):
        raise ConfigError(
            "ORGGRAPH_PUBLIC_URL must be an http(s) URL without query or fragment "
            f"(`https://org.example/graph`), not {text!r}"
        )
    return text
