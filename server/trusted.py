"""Trusted documents: the operations a deployment's own clients send, listed ahead of time.

ORGGRAPH_TRUSTED_DOCUMENTS names a JSON manifest in any of the formats client tool chains
write, all of them "document id -> document text":

    {"<id>": "query A { ... }", ...}                 GraphQL Code Generator's client preset
                                                     (`persistedDocuments`), Relay's
                                                     persisted queries (`persistConfig`)
    {"format": "apollo-persisted-query-manifest",    Apollo's persisted query manifest
     "version": 1, "operations": [{"id", "body", ...}]}

Ids are opaque (codegen writes `sha256:<hex>` or sha1 hex, Relay md5 or sha256 hex); an id of
64 hex digits (with or without `sha256:`) must be the SHA-256 of its text, so a manifest can
never map a hash to another document.
The viewer's own operations (`viewer/operations/`) are always included, by SHA-256.

A request names a document by id in `documentId` (GraphQL over HTTP, persisted documents;
`sha256:<hex>` accepted), `doc_id` (Relay's convention) or Apollo's
`extensions.persistedQuery.sha256Hash`, over GET or POST; or it sends the full text.

- `ORGGRAPH_DOCUMENTS=trusted`: only listed documents run: an unknown id, or a text whose
  SHA-256 is not listed, is a 400 with code `DOCUMENT_NOT_TRUSTED`; automatic persisted
  queries register nothing.
- `open` (the default): any document runs; listed ids resolve too, and automatic persisted
  queries work as before.

Every replica loads the same file, so every replica accepts the same ids with no shared store.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from server.errors import HttpError
from viewer.queries import OPERATIONS

NOT_TRUSTED = "DOCUMENT_NOT_TRUSTED"
UNKNOWN_ID = "PERSISTED_DOCUMENT_NOT_FOUND"  # open mode: an id that names nothing
_SHA256 = re.compile(r"[0-9a-f]{64}")
APOLLO_FORMAT = "apollo-persisted-query-manifest"


class ManifestError(ValueError):
    """The manifest cannot be used; the message says which entry and why."""


@dataclass(frozen=True, slots=True)
class Document:
    sha256: str
    text: str


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def viewer_manifest() -> dict[str, str]:
    """The viewer's operations as a manifest (SHA-256 -> text), what `python -m server.trusted`
    writes."""
    return {sha256_hex(op.text): op.text for op in OPERATIONS.values()}


def read_manifest(path: Path) -> dict[str, str]:
    """id -> text from a manifest file in one of the formats above."""
    try:
        raw: Any = orjson.loads(path.read_bytes())
    except OSError as error:
        raise ManifestError(f"{path}: cannot read it: {error.strerror or error}") from None
    except orjson.JSONDecodeError as error:
        raise ManifestError(f"{path}: not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise ManifestError(f"{path}: must be a JSON object of document ids to documents")
    if raw.get("format") == APOLLO_FORMAT:
        operations = raw.get("operations")
        if raw.get("version") != 1 or not isinstance(operations, list):
            raise ManifestError(f"{path}: an {APOLLO_FORMAT} needs version 1 and `operations`")
        pairs = [
            (op.get("id"), op.get("body")) if isinstance(op, dict) else (None, None)
            for op in operations
        ]
    else:
        pairs = list(raw.items())
    manifest: dict[str, str] = {}
    for number, (document_id, text) in enumerate(pairs, 1):
        if not isinstance(document_id, str) or not document_id or not isinstance(text, str):
            raise ManifestError(f"{path}: entry {number} must map a string id to a document")
        normal = _normal_id(document_id)
        if _SHA256.fullmatch(normal) and normal != sha256_hex(text):
            raise ManifestError(
                f"{path}: entry {number}: id {document_id} looks like a SHA-256 but is not the "
                "SHA-256 of its document"
            )
        manifest[document_id] = text
    return manifest


class TrustedDocuments:
    """Documents by id and by SHA-256; `enforce` refuses every other document."""

    def __init__(self, manifest: Mapping[str, str], *, enforce: bool) -> None:
        by_id: dict[str, Document] = {}
        for document_id, text in {**manifest, **viewer_manifest()}.items():
            by_id[_normal_id(document_id)] = Document(sha256_hex(text), text)
        for document in list(by_id.values()):
            by_id.setdefault(document.sha256, document)
        self._by_id = MappingProxyType(by_id)
        self._hashes = frozenset(document.sha256 for document in by_id.values())
        self.enforce = enforce

    @classmethod
    def from_config(cls, path: Path | None, mode: str) -> TrustedDocuments:
        return cls(read_manifest(path) if path is not None else {}, enforce=mode == "trusted")

    def __len__(self) -> int:
        return len(self._hashes)

    def lookup(self, document_id: str) -> Document | None:
        return self._by_id.get(_normal_id(document_id))

    def unknown(self, document_id: str) -> HttpError:
        """The refusal of an id that names no listed document."""
        if self.enforce:
            return refused(
                f"No trusted document has the id {document_id!r}: this server runs only the "
                "documents of its manifest (ORGGRAPH_TRUSTED_DOCUMENTS) and the viewer's own."
            )
        return refused(
            f"No document has the id {document_id!r}: send its text in `query` (ids name the "
            "documents of the manifest, ORGGRAPH_TRUSTED_DOCUMENTS, and the viewer's own).",
            code=UNKNOWN_ID,
        )

    def check_text(self, text: str) -> str:
        """The SHA-256 of `text`; a 400 unless it is listed."""
        sha = sha256_hex(text)
        if sha not in self._hashes:
            raise refused(
                "This server runs only trusted documents, and the SHA-256 of this one "
                f"({sha}) is not in its manifest: send a listed document, or its id as "
                "`documentId`."
            )
        return sha


def refused(message: str, code: str = NOT_TRUSTED) -> HttpError:
    return HttpError(400, message, code=code, headers={"Cache-Control": "no-store"})


def _normal_id(document_id: str) -> str:
    lowered = document_id.lower()
    bare = lowered.removeprefix("sha256:")
    return bare if _SHA256.fullmatch(bare) else document_id


def main(argv: list[str] | None = None) -> int:
    """`python -m server.trusted [--output FILE] [--format flat|apollo]`: write the viewer's
    operations as a manifest (to merge with the clients' own, or to serve as is)."""
    parser = argparse.ArgumentParser(
        prog="python -m server.trusted",
        description="Write the viewer's own operations as a trusted documents manifest.",
    )
    parser.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    parser.add_argument(
        "--format",
        choices=("flat", "apollo"),
        default="flat",
        help="flat: {sha256: document} as codegen's client preset and Relay write (default); "
        "apollo: an apollo-persisted-query-manifest",
    )
    args = parser.parse_args(argv)
    manifest = viewer_manifest()
    document: object = manifest
    if args.format == "apollo":
        document = {
            "format": APOLLO_FORMAT,
            "version": 1,
            "operations": [
                {"id": sha, "name": op.name, "type": "query", "body": op.text}
                for op in OPERATIONS.values()
                for sha in (sha256_hex(op.text),)
            ],
        }
    text = orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    if args.output is None:
        sys.stdout.write(text.decode())
    else:
        args.output.write_bytes(text)
        print(f"wrote {len(manifest)} documents to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
