"""Trusted documents (server/trusted.py): manifests in the client tool chains' formats, trusted
mode refusing everything else, open mode unchanged, the viewer's manifest command."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from schema.context import Context
from server.app import create_app
from server.config import Config
from server.trusted import (
    NOT_TRUSTED,
    ManifestError,
    TrustedDocuments,
    read_manifest,
    viewer_manifest,
)
from tests.support import REPO_ROOT, Client
from viewer.queries import OPERATIONS

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "trusted"
LISTED = 'query Media {\n  entity(slug: "media") {\n    name\n  }\n}'
OTHER = '{ entity(slug: "hq") { name } }'
ANSWER = {"data": {"entity": {"name": "Media and Communications Unit"}}}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def codegen_manifest(tmp_path: Path) -> Path:
    # What the client preset's `persistedDocuments: {hashAlgorithm: "sha256"}` writes.
    return _write(tmp_path / "persisted-documents.json", {_sha(LISTED): LISTED})


def _client(context: Context, manifest: Path | None, mode: str) -> Client:
    env = {"ORGGRAPH_DOCUMENTS": mode}
    if manifest is not None:
        env["ORGGRAPH_TRUSTED_DOCUMENTS"] = str(manifest)
    return Client(create_app(Config.from_env(env), context=context))


@pytest.fixture
def trusted(sample_context: Context, codegen_manifest: Path) -> Client:
    return _client(sample_context, codegen_manifest, "trusted")


def _refusal(response) -> str:
    assert response.status_code == 400
    assert response.headers["cache-control"] == "no-store"
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == NOT_TRUSTED
    return str(error["message"])


def test_the_three_manifest_formats_load(tmp_path: Path) -> None:
    relay = _write(tmp_path / "relay.json", {_md5(LISTED): LISTED})
    apollo = _write(
        tmp_path / "apollo.json",
        {
            "format": "apollo-persisted-query-manifest",
            "version": 1,
            "operations": [{"id": _sha(LISTED), "name": "Media", "type": "query", "body": LISTED}],
        },
    )
    assert read_manifest(relay) == {_md5(LISTED): LISTED}
    assert read_manifest(apollo) == {_sha(LISTED): LISTED}
    documents = TrustedDocuments(read_manifest(relay), enforce=True)
    by_id, by_hash = documents.lookup(_md5(LISTED)), documents.lookup(f"sha256:{_sha(LISTED)}")
    assert by_id is not None and by_id == by_hash and by_id.text == LISTED


@pytest.mark.parametrize(
    "name", ["codegen-persisted-documents.json", "relay-persisted-queries.json"]
)
def test_manifests_written_by_codegen_and_relay_run_by_id_and_by_text(iom_context, name) -> None:
    manifest = read_manifest(FIXTURES / name)
    client = _client(iom_context, FIXTURES / name, "trusted")
    for document_id, text in manifest.items():
        variables: dict[str, object] = {}
        if "$slug" in text:
            variables = {"slug": "donor-relations-division"}
        if "$query" in text:
            variables = {"query": "health", "first": 3}
        if "$open" in text:
            variables = {"open": "headquarters", "hasOpen": True}
        by_id = client.post("/graphql", json={"documentId": document_id, "variables": variables})
        by_text = client.post("/graphql", json={"query": text, "variables": variables})
        assert by_id.status_code == by_text.status_code == 200, by_id.text
        assert "errors" not in by_id.json(), by_id.text
        assert by_id.json() == by_text.json()
    assert _refusal(client.post("/graphql", json={"query": OTHER}))


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[]", "must be a JSON object"),
        ("{nope", "not valid JSON"),
        (json.dumps({_sha(OTHER): LISTED}), "is not the SHA-256 of its document"),
        (json.dumps({f"sha256:{_sha(OTHER)}": LISTED}), "is not the SHA-256 of its document"),
        (json.dumps({"id": 3}), "entry 1 must map a string id"),
        (json.dumps({"format": "apollo-persisted-query-manifest", "version": 2}), "version 1"),
    ],
)
def test_an_unusable_manifest_is_refused_with_the_reason(tmp_path: Path, content, problem) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ManifestError, match=problem):
        read_manifest(path)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(
    "how",
    [
        pytest.param({"documentId": "{sha}"}, id="documentId"),
        pytest.param({"documentId": "sha256:{sha}"}, id="documentId-prefixed"),
        pytest.param({"doc_id": "{sha}"}, id="relay-doc_id"),
        pytest.param(
            {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "{sha}"}}}, id="apq"
        ),
        pytest.param({"query": LISTED}, id="full-text"),
    ],
)
def test_trusted_mode_runs_a_listed_document_every_way(trusted, method, how) -> None:
    raw = json.dumps(how).replace("{sha}", _sha(LISTED))
    params = json.loads(raw)
    if method == "POST":
        response = trusted.post("/graphql", json=params)
    else:
        query = {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
        response = trusted.get("/graphql", params=query)
    assert response.status_code == 200, response.text
    assert response.json() == ANSWER


def test_trusted_mode_gives_one_etag_whichever_way_the_document_is_named(trusted) -> None:
    by_text = trusted.get("/graphql", params={"query": LISTED})
    by_id = trusted.get("/graphql", params={"documentId": _sha(LISTED)})
    assert by_text.headers["etag"] == by_id.headers["etag"]
    again = trusted.get(
        "/graphql",
        params={"documentId": _sha(LISTED)},
        headers={"If-None-Match": by_text.headers["etag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_trusted_mode_refuses_an_unlisted_document(trusted, method) -> None:
    if method == "POST":
        response = trusted.post("/graphql", json={"query": OTHER})
    else:
        response = trusted.get("/graphql", params={"query": OTHER})
    message = _refusal(response)
    assert "runs only trusted documents" in message and _sha(OTHER) in message


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"documentId": "0" * 64}, id="unknown-id"),
        pytest.param(
            {
                "query": OTHER,
                "extensions": {"persistedQuery": {"version": 1, "sha256Hash": _sha(OTHER)}},
            },
            id="apq-registration",
        ),
    ],
)
def test_trusted_mode_refuses_unknown_ids_and_registers_nothing(trusted, params) -> None:
    assert "No trusted document has the id" in _refusal(trusted.post("/graphql", json=params))
    assert len(trusted.app.state.graphql.persisted) == 0


def test_trusted_mode_always_includes_the_viewers_operations(sample_context) -> None:
    client = _client(sample_context, None, "trusted")
    operation = OPERATIONS["TreeChildren"]
    by_id = client.post(
        "/graphql", json={"documentId": _sha(operation.text), "variables": {"slug": "hq"}}
    )
    by_text = client.post("/graphql", json={"query": operation.text, "variables": {"slug": "hq"}})
    assert by_id.status_code == by_text.status_code == 200
    assert by_id.json() == by_text.json() and by_id.json()["data"]["entity"]["slug"] == "hq"
    # And the viewer itself, which runs them in process, works in trusted mode.
    assert client.get("/entity/hq").status_code == 200


def test_a_document_sent_with_another_documents_id_is_refused(trusted) -> None:
    response = trusted.post("/graphql", json={"documentId": _sha(LISTED), "query": OTHER})
    assert response.status_code == 400
    assert "not the one its id names" in response.text


def test_open_mode_keeps_automatic_persisted_queries_and_resolves_listed_ids(
    sample_context, codegen_manifest
) -> None:
    client = _client(sample_context, codegen_manifest, "open")
    assert client.get("/graphql", params={"query": OTHER}).status_code == 200
    assert client.get("/graphql", params={"documentId": _sha(LISTED)}).json() == ANSWER
    unknown = client.get("/graphql", params={"documentId": "relay-id-1"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["extensions"]["code"] == "PERSISTED_DOCUMENT_NOT_FOUND"
    apq = {"persistedQuery": {"version": 1, "sha256Hash": _sha(OTHER)}}
    first = client.get("/graphql", params={"extensions": json.dumps(apq)})
    assert first.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_the_manifest_command_writes_the_viewers_operations(tmp_path: Path) -> None:
    for form in ("flat", "apollo"):
        output = tmp_path / f"{form}.json"
        subprocess.run(
            [sys.executable, "-m", "server.trusted", "--format", form, "--output", str(output)],
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
        )
        assert read_manifest(output) == viewer_manifest()
    assert len(viewer_manifest()) == len(OPERATIONS)


def test_a_broken_manifest_stops_start_up_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text("{nope", encoding="utf-8")
    env = {"ORGGRAPH_TRUSTED_DOCUMENTS": str(path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "server"], cwd=REPO_ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr
