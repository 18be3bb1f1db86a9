"""Build steps pyproject.toml cannot declare: copy what git does not hold into the packages.

A wheel must serve with no other file, so at build time:

- the embedded dataset (`data/*.yaml` and `data/sources/`) is copied to `graph/_embedded/`;
- the pinned browser files listed in `web/vendor.py` (GraphiQL, React, the explorer, htmx,
  and their licenses) are copied from `node_modules/` to `web/_vendor/`.

An sdist carries `data/` (MANIFEST.in) and those `node_modules/` files (added below), so a wheel
built from it has them too. Nothing is copied into the source tree, so a checkout always serves
its own `data/` and `node_modules/`. Editable installs skip the copy (they read the checkout).
"""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent
BUNDLED: tuple[str, ...] = runpy.run_path(str(ROOT / "web" / "vendor.py"))["BUNDLED"]


def _node_modules_files() -> list[Path]:
    files = [ROOT / "node_modules" / name for name in BUNDLED]
    missing = [str(path.relative_to(ROOT)) for path in files if not path.is_file()]
    if missing:
        raise SystemExit(f"browser assets missing (run `make setup`): {', '.join(missing)}")
    return files


class BuildWithBundle(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib)
        data = target / "graph" / "_embedded"
        shutil.rmtree(data, ignore_errors=True)
        (data / "sources").mkdir(parents=True)
        for path in sorted((ROOT / "data").glob("*.yaml")):
            shutil.copy2(path, data / path.name)
        for path in sorted((ROOT / "data" / "sources").iterdir()):
            shutil.copy2(path, data / "sources" / path.name)
        vendor = target / "web" / "_vendor"
        shutil.rmtree(vendor, ignore_errors=True)
        for path, name in zip(_node_modules_files(), BUNDLED, strict=True):
            (vendor / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, vendor / name)


class SdistWithAssets(sdist):
    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        for path, name in zip(_node_modules_files(), BUNDLED, strict=True):
            copy = Path(base_dir) / "node_modules" / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)


setup(cmdclass={"build_py": BuildWithBundle, "sdist": SdistWithAssets})
