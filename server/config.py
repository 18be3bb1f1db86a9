"""All configuration, read from the environment in one place, with safe defaults.

    ORGGRAPH_DATA           YAML data directory (or file) to serve; default: the embedded IOM
                            data (a checkout's data/, an installed copy's graph/_embedded/)
    HOST, PORT              where `python -m server` listens (uvicorn's own command takes
                            --host and --port); default 127.0.0.1 and 8000
    WEB_CONCURRENCY         worker processes for `python -m server`; default 1
    ORGGRAPH_CORS_ORIGINS   comma-separated origins whose pages may call /graphql; `*` for any;
                            default: none (same-origin only)
    ORGGRAPH_CORS_ALLOW_HEADERS   comma-separated request headers a cross-origin page may send;
                            replaces the default list (server/cors.py: Content-Type, Accept,
                            Apollo's client name/version, traceparent, tracestate, baggage,
                            sentry-trace, X-Request-ID, If-None-Match)
    ORGGRAPH_CORS_EXPOSE_HEADERS  comma-separated response headers its scripts may read;
                            replaces the default X-Request-ID, X-Data-Version, ETag
    ORGGRAPH_ASSETS_DIR     where the pinned GraphiQL/React/htmx files are; default: a
                            checkout's node_modules/, an installed copy's web/_vendor/
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
    ORGGRAPH_CACHE_CONTROL  `Cache-Control` of successful GraphQL GET responses, for browsers;
                            default `public, max-age=5` (POST and errors always get `no-store`);
                            `s-maxage` is added unless it names one
    ORGGRAPH_VIEWER_CACHE_CONTROL  `Cache-Control` of viewer pages; default `no-cache`
                            (browsers revalidate each time; the ETag makes that a cheap 304)

Shared caches (a CDN, deploy/'s Varnish; docs/deploy.md explains each; whole seconds):

    ORGGRAPH_S_MAXAGE       how long a shared cache may serve a stored answer without asking:
                            `s-maxage` in GraphQL GETs' `Cache-Control`, `max-age` in the
                            `CDN-Cache-Control` of every cacheable response; default 60 (edits
                            do not wait for it: replicas purge the cache after a reload)
    ORGGRAPH_STALE_WHILE_REVALIDATE  a shared cache may answer from an expired copy this long
                            while it revalidates in the background; 0 omits it; default 10
    ORGGRAPH_STALE_IF_ERROR  a shared cache may answer from an expired copy this long while no
                            replica answers; 0 omits it; default 3600
    ORGGRAPH_PURGE_URL      comma-separated cache URLs that get `BAN` (drop every answer of
                            another data version) at start-up and after each reload; default
                            none (`deploy/cluster` sets it to its cache)

Documents (docs/api.md, "Trusted documents"):

    ORGGRAPH_TRUSTED_DOCUMENTS  a JSON manifest of documents by id (GraphQL Code Generator's
                            `persistedDocuments`, Relay's persisted queries, or Apollo's
                            persisted query manifest); default none
    ORGGRAPH_DOCUMENTS      `open` (any document; automatic persisted queries) or `trusted`
                            (only the manifest's documents and the viewer's own); default open
    ORGGRAPH_GZIP_MIN_BYTES  responses at least this large are gzipped for clients that accept
                            it; 0 turns compression off; default 1024
    ORGGRAPH_APQ_MAX_QUERIES   documents the automatic persisted queries store keeps; 0 turns
                            persisted queries off; default 1000
    ORGGRAPH_APQ_MAX_BYTES     total size of those documents; default 4194304 (4 MiB)
    ORGGRAPH_BENCH_ROUTES   `1` adds the benchmark's ceiling route (bench/bench_http.py); never
                            in production; default off

Operations (docs/operations.md explains each):

    ORGGRAPH_METRICS        0 turns the Prometheus metrics off; default 1
    ORGGRAPH_METRICS_HOST   where the metrics listener binds; default 127.0.0.1 (not public)
    ORGGRAPH_METRICS_PORT   its port, separate from PORT; default 9464
    PROMETHEUS_MULTIPROC_DIR  with several workers, where they keep their metric files; default:
                            a private temporary directory made and removed by `orggraph serve`
    ORGGRAPH_LOG_FORMAT     `text` (default) or `json`: one JSON object per line, access log too
    ORGGRAPH_ACCESS_LOG     0 turns the access log off (one line per request costs ~40 us, a
                            noticeable share of a cache hit); default 1
    ORGGRAPH_DRAIN_SECONDS  on SIGTERM, seconds /readyz answers 503 while everything else is still
                            served (so a load balancer stops sending traffic), before the
                            graceful shutdown; default 0

Relative paths are taken from the repository root in a checkout (never from the working
directory), and from the working directory in an installed copy (there is no repository).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.cache.store import CacheSettings
from graph.embedded import EMBEDDED_DATA, SOURCE_TREE
from graph.load.loader import MAX_DATA_BYTES
from schema.guard.limits import DEFAULT_LIMITS, Limits
from server import values
from server.cors import DEFAULT_ALLOW_HEADERS, DEFAULT_EXPOSE_HEADERS
from server.values import ConfigError as ConfigError  # where callers import it from
from web.vendor import BUNDLE_DIR

# Relative paths start here: the checkout, or (installed) the working directory.
REPO_ROOT = SOURCE_TREE if SOURCE_TREE is not None else Path.cwd()
ASSETS_DIR = SOURCE_TREE / "node_modules" if SOURCE_TREE is not None else BUNDLE_DIR
METRICS_PORT = 9464
LOG_FORMATS = ("text", "json")
RESPONSE_CACHE_BYTES = 64 * 1024 * 1024
CACHE_CONTROL = "public, max-age=5"
S_MAXAGE = 60
STALE_WHILE_REVALIDATE = 10
STALE_IF_ERROR = 3600
DOCUMENT_MODES = ("open", "trusted")
VIEWER_CACHE_CONTROL = "no-cache"
GZIP_MIN_BYTES = 1024
APQ_MAX_QUERIES = 1000
APQ_MAX_BYTES = 4 * 1024 * 1024
NO_DATA_CACHE = CacheSettings(Path(), enabled=False)


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
    cors_allow_headers: tuple[str, ...] = DEFAULT_ALLOW_HEADERS
    cors_expose_headers: tuple[str, ...] = DEFAULT_EXPOSE_HEADERS
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
    metrics: bool = True
    metrics_host: str = "127.0.0.1"
    metrics_port: int = METRICS_PORT
    log_format: str = "text"
    access_log: bool = True
    drain_seconds: float = 0.0
    s_maxage: int = S_MAXAGE
    stale_while_revalidate: int = STALE_WHILE_REVALIDATE
    stale_if_error: int = STALE_IF_ERROR
    purge_urls: tuple[str, ...] = ()
    trusted_documents: Path | None = None
    documents: str = "open"
    max_data_bytes: int = MAX_DATA_BYTES
    reload_settle: float = 2.0
    reload_marker: Path | None = None
    reload_timeout: float = 120.0
    exec_threads: int = 2
    exec_queue: int = 16
    connections: ConnectionLimits = ConnectionLimits()
    public_url: str = ""

    @property
    def graphql_cache_control(self) -> str:
        """`Cache-Control` of a successful GraphQL GET: the browsers' policy plus `s-maxage`
        for shared caches that do not read `CDN-Cache-Control`."""
        return with_s_maxage(self.cache_control, self.s_maxage)

    @property
    def cdn_cache_control(self) -> str:
        """`CDN-Cache-Control` (RFC 9213): the shared caches' policy, which browsers ignore."""
        parts = [f"max-age={self.s_maxage}"]
        if self.stale_while_revalidate:
            parts.append(f"stale-while-revalidate={self.stale_while_revalidate}")
        if self.stale_if_error:
            parts.append(f"stale-if-error={self.stale_if_error}")
        return ", ".join(parts)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        env = os.environ if environ is None else environ
        origins = tuple(
            origin.strip().rstrip("/")
            for origin in env.get("ORGGRAPH_CORS_ORIGINS", "").split(",")
            if origin.strip()
        )
        return cls(
            data_path=_path(env, "ORGGRAPH_DATA", EMBEDDED_DATA),
            host=env.get("HOST", "127.0.0.1").strip() or "127.0.0.1",
            port=values.port(env, "PORT", 8000),
            cors_origins=origins,
            cors_allow_headers=values.header_names(
                env, "ORGGRAPH_CORS_ALLOW_HEADERS", DEFAULT_ALLOW_HEADERS
            ),
            cors_expose_headers=values.header_names(
                env, "ORGGRAPH_CORS_EXPOSE_HEADERS", DEFAULT_EXPOSE_HEADERS
            ),
            assets_dir=_path(env, "ORGGRAPH_ASSETS_DIR", ASSETS_DIR),
            limits=Limits(
                max_tokens=values.positive(env, "ORGGRAPH_MAX_TOKENS", DEFAULT_LIMITS.max_tokens),
                max_depth=values.positive(env, "ORGGRAPH_MAX_DEPTH", DEFAULT_LIMITS.max_depth),
                max_aliases=values.positive(
                    env, "ORGGRAPH_MAX_ALIASES", DEFAULT_LIMITS.max_aliases
                ),
                max_cost=values.positive(env, "ORGGRAPH_MAX_COST", DEFAULT_LIMITS.max_cost),
                time_budget_ms=values.positive(
                    env, "ORGGRAPH_TIME_BUDGET_MS", DEFAULT_LIMITS.time_budget_ms
                ),
            ),
            max_body_bytes=values.positive(env, "ORGGRAPH_MAX_BODY_BYTES", 65_536),
            body_timeout=values.positive(env, "ORGGRAPH_BODY_TIMEOUT", 10),
            reload_interval=values.seconds(env, "ORGGRAPH_RELOAD_INTERVAL", 2.0),
            workers=values.positive(env, "WEB_CONCURRENCY", 1),
            response_cache_bytes=values.size(
                env, "ORGGRAPH_RESPONSE_CACHE_BYTES", RESPONSE_CACHE_BYTES
            ),
            cache_control=values.header(env, "ORGGRAPH_CACHE_CONTROL", CACHE_CONTROL),
            viewer_cache_control=values.header(
                env, "ORGGRAPH_VIEWER_CACHE_CONTROL", VIEWER_CACHE_CONTROL
            ),
            gzip_min_bytes=values.size(env, "ORGGRAPH_GZIP_MIN_BYTES", GZIP_MIN_BYTES),
            apq_max_queries=values.size(env, "ORGGRAPH_APQ_MAX_QUERIES", APQ_MAX_QUERIES),
            apq_max_bytes=values.size(env, "ORGGRAPH_APQ_MAX_BYTES", APQ_MAX_BYTES),
            bench_routes=values.flag(env, "ORGGRAPH_BENCH_ROUTES"),
            data_cache=_data_cache(env),
            metrics=values.flag(env, "ORGGRAPH_METRICS", default=True),
            metrics_host=env.get("ORGGRAPH_METRICS_HOST", "").strip() or "127.0.0.1",
            metrics_port=values.port(env, "ORGGRAPH_METRICS_PORT", METRICS_PORT),
            log_format=values.choice(env, "ORGGRAPH_LOG_FORMAT", LOG_FORMATS),
            access_log=values.flag(env, "ORGGRAPH_ACCESS_LOG", default=True),
            drain_seconds=values.seconds(env, "ORGGRAPH_DRAIN_SECONDS", 0.0),
            s_maxage=values.size(env, "ORGGRAPH_S_MAXAGE", S_MAXAGE),
            stale_while_revalidate=values.size(
                env, "ORGGRAPH_STALE_WHILE_REVALIDATE", STALE_WHILE_REVALIDATE
            ),
            stale_if_error=values.size(env, "ORGGRAPH_STALE_IF_ERROR", STALE_IF_ERROR),
            purge_urls=values.urls(env, "ORGGRAPH_PURGE_URL"),
            trusted_documents=(
                _path(env, "ORGGRAPH_TRUSTED_DOCUMENTS", REPO_ROOT)
                if env.get("ORGGRAPH_TRUSTED_DOCUMENTS", "").strip()
                else None
            ),
            documents=values.choice(env, "ORGGRAPH_DOCUMENTS", DOCUMENT_MODES),
            max_data_bytes=values.positive(env, "ORGGRAPH_MAX_DATA_BYTES", MAX_DATA_BYTES),
            reload_settle=values.seconds(env, "ORGGRAPH_RELOAD_SETTLE", 2.0),
            reload_marker=_path(env, "ORGGRAPH_RELOAD_MARKER", Path())
            if values.is_set(env, "ORGGRAPH_RELOAD_MARKER")
            else None,
            reload_timeout=values.timeout(env, "ORGGRAPH_RELOAD_TIMEOUT", 120.0),
            exec_threads=values.positive(env, "ORGGRAPH_EXEC_THREADS", 2),
            exec_queue=values.size(env, "ORGGRAPH_EXEC_QUEUE", 16),
            connections=ConnectionLimits(
                header_timeout=values.timeout(env, "ORGGRAPH_HEADER_TIMEOUT", 10.0),
                keepalive_timeout=values.timeout(env, "ORGGRAPH_KEEPALIVE_TIMEOUT", 5.0),
                max_header_bytes=values.positive(env, "ORGGRAPH_MAX_HEADER_BYTES", 16_384),
                max_url_bytes=min(values.positive(env, "ORGGRAPH_MAX_URL_BYTES", 65_535), 65_535),
                max_connections=values.positive(env, "ORGGRAPH_MAX_CONNECTIONS", 4096),
            ),
            public_url=values.public_url(env),
        )


def with_s_maxage(cache_control: str, seconds: int) -> str:
    """`cache_control` with `s-maxage` added, unless it keeps shared caches out or names one."""
    directives = {part.strip().split("=")[0].lower() for part in cache_control.split(",")}
    if "public" not in directives or directives & {"no-cache", "no-store", "private", "s-maxage"}:
        return cache_control
    return f"{cache_control}, s-maxage={seconds}"


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "").strip()
    # A relative path is taken relative to the repository, never to the working directory.
    return default if not value else (REPO_ROOT / Path(value).expanduser()).resolve()


def _data_cache(env: Mapping[str, str]) -> CacheSettings:
    """The parsed-data cache's settings: the one place that reads them from the environment."""
    base = Path(env.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache")
    directory = _path(env, "ORGGRAPH_CACHE_DIR", base / "orggraph")
    enabled = env.get("ORGGRAPH_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")
    return CacheSettings(directory, enabled)
