"""The wheel, installed into a fresh venv outside the repository, serves everything by itself.

`python -m build` makes the sdist and, from it, the wheel (what `make dist` does); the wheel is
installed into a venv in a temporary directory, and `orggraph serve` is started there from an
empty working directory with no path to this checkout: the API, the viewer, GraphiQL's files and
htmx must all come from the installed package. Dependencies are installed from a wheelhouse kept
in `.cache/wheelhouse/` (filled from the package registry the first time, then reused offline
with `--no-index`), so the test takes ~15-25 s rather than a minute.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import ARTIFACTS, REPO_ROOT, free_port, wait_for_answer
from web.httpcache import CODE_PACKAGES
from web.vendor import BUNDLED, GRAPHIQL_FILES, HTMX_FILE

WHEELHOUSE = REPO_ROOT / ".cache" / "wheelhouse"
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check"]


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(command)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO_ROOT)])
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (found,) = dist.glob("orggraph-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel: Path) -> Path:
    root = tmp_path_factory.mktemp("installed") / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(root)])
    python = root / "bin" / "python"
    install = [*PIP, "--python", str(python), "install", "--quiet", "--no-compile"]
    offline = [*install, "--no-index", "--find-links", str(WHEELHOUSE), str(wheel)]
    if subprocess.run(offline, capture_output=True, timeout=300).returncode != 0:
        WHEELHOUSE.mkdir(parents=True, exist_ok=True)
        _run([*PIP, "wheel", "--quiet", "--wheel-dir", str(WHEELHOUSE), str(wheel)])
        _run(offline)
    return root


@pytest.fixture(scope="module")
def installed_server(venv: Path, tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    empty = tmp_path_factory.mktemp("empty-working-directory")
    port, metrics_port = free_port(), free_port()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(empty),
        "PORT": str(port),
        "ORGGRAPH_METRICS_PORT": str(metrics_port),
        "PYTHONUNBUFFERED": "1",
    }
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / "installed-server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(venv / "bin" / "orggraph"), "serve"],
            cwd=empty,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_answer(process, f"{base}/readyz", 60, log)
            yield base, f"http://127.0.0.1:{metrics_port}", empty
        finally:
            process.terminate()
            process.wait(timeout=15)


def test_the_wheel_holds_every_package_the_data_and_the_browser_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for package in REPO_ROOT.glob("*/**/__init__.py"):
        relative = package.relative_to(REPO_ROOT)
        if relative.parts[0] in CODE_PACKAGES:
            assert str(relative) in names  # graph/exports/ included: found, not listed
    assert not any(name.startswith(("tests/", "bench/")) for name in names)
    for data in (REPO_ROOT / "data").rglob("*"):
        if data.is_file():
            assert f"graph/_embedded/{data.relative_to(REPO_ROOT / 'data')}" in names
    assert {f"web/_vendor/{name}" for name in BUNDLED} <= names
    assert "viewer/templates/base.html" in names and "server/static/graphiql.js" in names


def test_the_sdist_carries_the_data_and_the_browser_files(dist: Path) -> None:
    (sdist,) = dist.glob("orggraph-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert "data/sources/iom-organizational-structure.txt" in names
    assert {f"node_modules/{name}" for name in BUNDLED} <= names


def test_the_installed_copy_does_not_import_from_the_checkout(venv: Path) -> None:
    done = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import graph, server, viewer; print(server.__file__)",
        ],
        cwd="/",
        env={"PATH": "/usr/bin:/bin"},
    )
    assert done.stdout.startswith(str(venv))


def test_the_installed_server_answers_the_api_on_the_embedded_data(installed_server) -> None:
    base, _, _ = installed_server
    response = httpx.post(
        f"{base}/graphql",
        json={"query": "{ organization { name } entities(first: 1) { totalCount } }"},
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["organization"]["name"] == "International Organization for Migration"
    assert data["entities"]["totalCount"] == 157
    assert "site-packages/graph/_embedded" in (ARTIFACTS / "installed-server.log").read_text()


def test_the_installed_server_serves_the_viewer_and_its_htmx(installed_server) -> None:
    base, _, _ = installed_server
    page = httpx.get(f"{base}/entity/headquarters")
    assert page.status_code == 200 and "Headquarters" in page.text
    htmx = httpx.get(f"{base}/static/viewer/htmx.min.js")
    assert htmx.status_code == 200
    assert htmx.content == (REPO_ROOT / "node_modules" / HTMX_FILE).read_bytes()


def test_the_installed_server_serves_graphiql_offline(installed_server) -> None:
    base, _, _ = installed_server
    # A browser opening /graphql is sent to GraphiQL's own URL (docs/api.md).
    redirect = httpx.get(f"{base}/graphql", headers={"Accept": "text/html"})
    assert redirect.status_code == 302 and redirect.headers["location"] == "/graphiql"
    page = httpx.get(f"{base}/graphiql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql.min.js" in page.text
    for url, path in GRAPHIQL_FILES.items():
        asset = httpx.get(f"{base}/static/vendor/{url}")
        assert asset.status_code == 200, url
        assert asset.content == (REPO_ROOT / "node_modules" / path).read_bytes()


def test_the_installed_server_has_probes_metrics_and_wrote_nothing_here(installed_server) -> None:
    base, metrics, empty = installed_server
    assert httpx.get(f"{base}/healthz").json()["status"] == "ok"
    assert httpx.get(f"{base}/readyz").json()["olderThanFiles"] is False
    assert "orggraph_data_entities 157.0" in httpx.get(f"{metrics}/metrics").text
    assert [p.name for p in empty.iterdir()] == [".cache"]  # the parsed-data cache ($HOME)


def test_the_installed_command_checks_the_embedded_data(venv: Path, tmp_path: Path) -> None:
    done = _run(
        [str(venv / "bin" / "orggraph"), "check"], cwd=tmp_path, env={"HOME": str(tmp_path)}
    )
    assert "entities: 157" in done.stdout.splitlines()
    assert os.listdir(tmp_path) == []
