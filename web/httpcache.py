"""HTTP caching of responses that depend only on the data version and the request.

A GraphQL query's result and a viewer page are functions of (code, limits, data version,
request), so their `ETag` is a hash of exactly that, computed without running anything:

- `If-None-Match` with that tag is answered 304 before any work, on any worker and even after
  the response cache dropped the entry (every worker computes the same tag for the same
  request; a tag is only ever issued with a successful response);
- the representation is chosen here: gzip when the client accepts it and the body is at least
  `gzip_min_bytes`, compressed once and kept beside the cached body; its tag ends in `-gzip`
  (a strong tag names exact bytes), and either tag revalidates;
- the 304 repeats the 200's `Cache-Control` and `Vary`, and the tag that matched (so a cache
  updates the copy it holds, whichever encoding that is).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from web.response_cache import Cached, Key, ResponseCache

REPO_ROOT = Path(__file__).resolve().parent.parent
# Everything whose change can change a response (viewer static files are fingerprinted too).
CODE_PACKAGES = ("graph", "schema", "resolvers", "api", "web", "server", "viewer")
CODE_SUFFIXES = frozenset({".py", ".html", ".graphql", ".css", ".js", ".svg"})
GZIP_SUFFIX = "-gzip"
GZIP_LEVEL = 6  # zlib's default: ~3x faster than 9 for a few percent more bytes


@cache
def code_fingerprint() -> str:
    """SHA-256 of the code that renders responses: a deploy changes every tag, and workers
    running the same code agree on them."""
    digest = hashlib.sha256()
    for package in CODE_PACKAGES:
        for path in sorted((REPO_ROOT / package).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def accepts_gzip(header: str | None) -> bool:
    """Whether `Accept-Encoding` allows gzip (`gzip` or `*` with a non-zero q)."""
    if not header:
        return False
    star = None
    for item in header.split(","):
        coding, _, parameters = item.partition(";")
        coding = coding.strip().lower()
        if coding not in ("gzip", "x-gzip", "*"):
            continue
        allowed = _quality(parameters) > 0
        if coding != "*":
            return allowed
        star = allowed
    return bool(star)


def _quality(parameters: str) -> float:
    name, _, value = parameters.strip().partition("=")
    if name.strip().lower() != "q":
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 0.0


def gzip_bytes(body: bytes) -> bytes:
    # wbits 31: a gzip header with no file name and mtime 0, so equal bodies compress equally.
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return compressor.compress(body) + compressor.flush()


def matching_tag(header: str | None, etag: str, *, exists: bool = True) -> str | None:
    """The tag of `If-None-Match` that names `etag` (weak comparison, either encoding).

    `*` matches only a representation that exists (RFC 9110 section 13.1.2): pass
    `exists=False` when checking before the response is known (it may be an error)."""
    if not header:
        return None
    base = etag.removesuffix('"').removesuffix(GZIP_SUFFIX)
    for tag in header.split(","):
        tag = tag.strip()
        if tag == "*":
            if exists:
                return etag
            continue
        bare = tag.removeprefix("W/")
        if bare.removesuffix('"').removesuffix(GZIP_SUFFIX) == base:
            return bare
    return None


class HttpCaching:
    """Response cache + ETags + compression, shared by /graphql and the viewer."""

    def __init__(self, cache: ResponseCache, salt: str, gzip_min_bytes: int) -> None:
        self.cache = cache
        self.gzip_min_bytes = gzip_min_bytes
        self._salt = hashlib.sha256(f"{code_fingerprint()}\0{salt}".encode()).digest()

    def etag(self, version: str, parts: Iterable[str | bytes | None]) -> str:
        """`"<version>-<hash>"`: a hash of the code, the salt, the version and `parts`."""
        digest = hashlib.blake2b(self._salt, digest_size=12)
        digest.update(version.encode())
        for part in parts:
            data = b"" if part is None else part if isinstance(part, bytes) else part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
        return f'"{version}-{digest.hexdigest()}"'

    def compressible(self, body: bytes) -> bool:
        return 0 < self.gzip_min_bytes <= len(body)

    def vary(self, base: str) -> str:
        return f"{base}, Accept-Encoding" if self.gzip_min_bytes else base

    def not_modified(
        self, request: Request, etag: str, headers: Mapping[str, str], *, exists: bool = True
    ) -> Response | None:
        """A 304 when the request's `If-None-Match` names `etag`, else None; its `ETag` is the
        one in `headers`, else the tag the client sent. `exists=False` before the response is
        known: `*` then matches nothing (the response may turn out to be an error)."""
        tag = matching_tag(request.headers.get("if-none-match"), etag, exists=exists)
        if tag is None:
            return None
        return Response(status_code=304, headers={"ETag": tag, **headers})

    def respond(
        self,
        request: Request,
        version: str,
        key: Key,
        entry: Cached,
        headers: Mapping[str, str],
        *,
        conditional: bool = True,
    ) -> Response:
        """`entry` as a response: 304 when the client holds it, gzip when it may, else as is.

        `conditional=False` (POST) sends no ETag: a POST is never answered 304."""
        accepted = accepts_gzip(request.headers.get("accept-encoding"))
        gzip = accepted and self.compressible(entry.body)
        if conditional and "if-none-match" in request.headers:
            not_modified = self.not_modified(request, entry.etag, headers)
            if not_modified is not None:
                return not_modified
        all_headers = dict(headers)
        if conditional:
            all_headers["ETag"] = entry.etag[:-1] + GZIP_SUFFIX + '"' if gzip else entry.etag
        body = entry.body
        if gzip:
            body = entry.gzip or self._compress(version, key, entry)
            all_headers["Content-Encoding"] = "gzip"
        return Response(body, entry.status, headers=all_headers, media_type=entry.media_type)

    def plain(
        self,
        request: Request,
        body: bytes,
        status: int,
        media_type: str,
        headers: Mapping[str, str],
    ) -> Response:
        """An uncacheable response (errors; cache off), gzipped when large and accepted."""
        all_headers = dict(headers)
        if self.compressible(body) and accepts_gzip(request.headers.get("accept-encoding")):
            body = gzip_bytes(body)
            all_headers["Content-Encoding"] = "gzip"
        return Response(body, status, headers=all_headers, media_type=media_type)

    def _compress(self, version: str, key: Key, entry: Cached) -> bytes:
        compressed = gzip_bytes(entry.body)
        self.cache.add_gzip(version, key, entry, compressed)
        return compressed
