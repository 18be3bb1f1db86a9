"""All configuration, read from the environment in one place, with safe defaults.

    ORGGRAPH_DATA           YAML data directory (or file) to serve; default: the repo's data/
    HOST, PORT              where to listen, for runners that read them (uvicorn takes --host
                            and --port); default 127.0.0.1 and 8000
    ORGGRAPH_CORS_ORIGINS   comma-separated origins whose pages may call /graphql; `*` for any;
                            default: none (same-origin only)
    ORGGRAPH_ASSETS_DIR     where the pinned GraphiQL/React files are; default: the repo's
                            node_modules/

Relative paths are taken from the repository root, never from the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """An environment variable holds a value the server cannot use."""


@dataclass(frozen=True, slots=True)
class Config:
    data_path: Path
    host: str
    port: int
    cors_origins: tuple[str, ...]
    assets_dir: Path

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
        )


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "").strip()
    # A relative path is taken relative to the repository, never to the working directory.
    return default if not value else (REPO_ROOT / Path(value).expanduser()).resolve()
