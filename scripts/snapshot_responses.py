"""Write the bytes of every public response to a directory, to compare two trees byte for byte.

    python scripts/snapshot_responses.py OUT_DIR [--port 18000]

Starts the production entry point (`python -m server`) of the tree this script sits in, on the
embedded data, with a fresh parsed-data cache, then saves: `schema.graphql` as committed and as
`python -m server.export_schema` prints it; every viewer URL (home, every entity, every position,
the tree and a deep link into it, charts, searches, offices, 404s, trailing-slash redirects) as a
page and as an htmx fragment (`HX-Request: true`); every export and the export index; every
viewer operation posted to `/graphql`; GraphiQL and `/healthz`.

Each response is one file: the status line, the response headers (sorted), a blank line, then
the body. Only per-request values are normalised: `X-Request-ID` (a new random id per request)
is written as `<request-id>`, `Date` is dropped, and the hash in a viewer page's or GraphQL
result's ETag (`"<data version>-<hash>"`, a hash over the code's own files, so a new deploy gets
new tags) is written as `<code-hash>`; an export's ETag (data version and a digest of its
body) is kept as is. Compare two runs with `diff -r A B`.

It talks HTTP only, so it runs unchanged before and after a refactor of the modules.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
NORMALISED = {"x-request-id": "<request-id>"}
DROPPED = {"date"}
# httpcache's tags: 16 hex digits of data version, 24 of hash over code, salt and request.
CODE_TAG = re.compile(r'"([0-9a-f]{16})-[0-9a-f]{24}(-gzip)?"')
CHARTS = ("iom", "headquarters")
SEARCHES = ("migration", "health", "regional office", "dg", "zzzz-nothing", "Bangkok", "ç")
TREE_OPEN = ("headquarters", "iom", "no-such-thing")
NOT_FOUND = ("/no/such/page", "/entity/no-such-slug", "/position/nobody", "/chart/nothing")
REDIRECTS = ("/tree/", "/offices/?x=1")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--port", type=int, default=18000)
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "schema.graphql").write_bytes((ROOT / "schema.graphql").read_bytes())
    printed = subprocess.run(
        [sys.executable, "-m", "server.export_schema"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    (out / "schema.printed.graphql").write_bytes(printed)
    with tempfile.TemporaryDirectory(prefix="orggraph-snapshot-") as cache_dir:
        process = _start(args.port, cache_dir)
        try:
            count = _snapshot(f"http://127.0.0.1:{args.port}", out)
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"{count} responses and 2 schema files written to {out}")
    return 0


def _start(port: int, cache_dir: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "ORGGRAPH_CACHE_DIR": cache_dir,
        "ORGGRAPH_RELOAD_INTERVAL": "0",
    }
    env.pop("ORGGRAPH_DATA", None)
    process = subprocess.Popen([sys.executable, "-m", "server"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not answer /healthz within 60 s")


def _urls(client: httpx.Client) -> list[str]:
    document = client.get("/exports/json").json()
    entities = [e["id"] for e in document["entities"]]
    positions = [p["id"] for p in document["positions"]]
    urls = ["/", "/tree", "/offices", "/search", "/search?q="]
    urls += [f"/entity/{slug}" for slug in entities]
    urls += [f"/position/{slug}" for slug in positions]
    urls += [f"/tree?open={slug}" for slug in TREE_OPEN]
    urls += [f"/chart/{slug}" for slug in CHARTS + tuple(entities[2:8])]
    urls += [f"/search?q={quote(q)}" for q in SEARCHES]
    urls += [*NOT_FOUND, *REDIRECTS]
    return urls


def _snapshot(base: str, out: Path) -> int:
    count = 0
    # Bodies as sent (no gzip) unless a request asks for it; httpx decodes gzip bodies, so a
    # gzip response is compared by its headers (incl. Content-Length) and its decoded bytes.
    identity = {"Accept-Encoding": "identity"}
    with httpx.Client(base_url=base, timeout=60, headers=identity) as client:

        def save(name: str, response: httpx.Response) -> None:
            nonlocal count
            lines = [f"{response.status_code} {response.reason_phrase}"]
            for key, value in sorted(response.headers.multi_items()):
                if key in DROPPED:
                    continue
                if key == "etag":
                    value = CODE_TAG.sub(r'"\1-<code-hash>\2"', value)
                lines.append(f"{key}: {NORMALISED.get(key, value)}")
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes("\n".join(lines).encode() + b"\n\n" + response.content)
            count += 1

        for url in _urls(client):
            safe = quote(url, safe="")
            save(f"viewer/{safe}", client.get(url))
            save(f"fragment/{safe}", client.get(url, headers={"HX-Request": "true"}))
        # The tree's children fragment (what htmx fetches when a node opens).
        for slug in TREE_OPEN:
            boosted = {"HX-Request": "true", "HX-Boosted": "true"}
            save(f"boosted/tree-{slug}", client.get(f"/tree?open={slug}", headers=boosted))
        index = client.get("/exports")
        save("exports/index", index)
        for name in sorted(index.json()):
            save(f"exports/{name}", client.get(f"/exports/{name}"))
            gzip = {"Accept-Encoding": "gzip"}
            # httpx decodes the gzip body: the saved bytes are what the client reads.
            save(f"exports/{name}.gzip", client.get(f"/exports/{name}", headers=gzip))
        save("viewer-gzip/home", client.get("/", headers={"Accept-Encoding": "gzip"}))
        save("exports/unknown", client.get("/exports/nope"))
        for path in sorted((ROOT / "viewer" / "operations").glob("*.graphql")):
            body = {"query": path.read_text(), "variables": _variables(path.stem)}
            save(f"graphql/{path.stem}", client.post("/graphql", json=body))
        save("graphql/graphiql", client.get("/graphql", headers={"Accept": "text/html"}))
        save("healthz", client.get("/healthz"))
    return count


def _variables(operation: str) -> dict[str, object]:
    known: dict[str, dict[str, object]] = {
        "EntityPage": {"slug": "headquarters"},
        "PositionPage": {"slug": "director-general"},
        "ChartPage": {"slug": "iom"},
        "TreeChildren": {"slug": "headquarters"},
        "TreePage": {"open": "headquarters", "hasOpen": True},
        "SearchPage": {"query": "migration", "first": 10},
    }
    return known.get(operation, {})


if __name__ == "__main__":
    sys.exit(main())
