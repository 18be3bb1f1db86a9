"""Reading one environment variable's value, checked: what server/config.py builds `Config`
from. Each function names the variable in the error it raises, so start-up says which one to
fix (exit status 2)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """An environment variable holds a value the server cannot use."""


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an RFC 9110 token


def urls(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    urls = tuple(url.strip() for url in env.get(name, "").split(",") if url.strip())
    for url in urls:
        parsed = urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"{name} must list http(s)://host[:port]/ URLs, not {url!r}")
    return urls


def choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    text = env.get(name, "").strip().lower() or choices[0]
    if text not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {text!r}")
    return text


def positive(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) == 0:
        raise ConfigError(f"{name} must be a positive whole number, not {text!r}")
    return int(text)


def size(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number, 0 included (0 turns the feature off)."""
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 turns it off), not {text!r}")
    return int(text)


def header(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isprintable():  # no line breaks: no header injection
        raise ConfigError(f"{name} must be a printable ASCII header value, not {raw!r}")
    return " ".join(raw.split())


def flag(env: Mapping[str, str], name: str, *, default: bool = False) -> bool:
    text = env.get(name, "").strip().lower()
    if text not in ("", "0", "1", "false", "true"):
        raise ConfigError(f"{name} must be 1 (on) or 0 (off), not {text!r}")
    return default if not text else text in ("1", "true")


def port(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip() or str(default)
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ConfigError(f"{name} must be a number from 1 to 65535, not {text!r}")
    return int(text)


def seconds(env: Mapping[str, str], name: str, default: float) -> float:
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


def is_set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, "").strip())


def timeout(env: Mapping[str, str], name: str, default: float) -> float:
    """A positive number of seconds (0 is refused: a timeout that never ends is no timeout)."""
    value = seconds(env, name, default)
    if value <= 0:
        raise ConfigError(f"{name} must be a positive number of seconds, not {value:g}")
    return value


def public_url(env: Mapping[str, str]) -> str:
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


__all__ = [
    "ConfigError",
    "choice",
    "flag",
    "header",
    "is_set",
    "port",
    "positive",
    "public_url",
    "seconds",
    "size",
    "timeout",
    "urls",
]


def header_names(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A comma-separated list of HTTP header names (RFC 9110 tokens); unset or blank: default."""
    names = tuple(part.strip() for part in env.get(name, "").split(",") if part.strip())
    if not names:
        return default
    wrong = [n for n in names if not _TOKEN.fullmatch(n)]
    if wrong:
        raise ConfigError(f"{name} must list header names separated by commas, not {wrong[0]!r}")
    return names
