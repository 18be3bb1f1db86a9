"""ISO 3166-1 alpha-2 country codes, from pycountry (so the list follows the standard, not us)."""

from __future__ import annotations

from functools import cache

import pycountry

from graph.load.wording import quote


@cache
def alpha2_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def country_problem(code: str) -> str | None:
    """Why `code` is not an upper-case ISO 3166-1 alpha-2 code, or None when it is one."""
    codes = alpha2_codes()
    if code in codes:
        return None
    if code.upper() in codes:
        return f"country {quote(code)} must be upper case: {quote(code.upper())}"
    hint = ""
    if len(code) > 2:
        try:
            # A country name or alpha-3 code: tell the maintainer which code they meant.
            hint = f" (for {quote(code)} write {quote(pycountry.countries.lookup(code).alpha_2)})"
        except LookupError:
            pass
    return f"country {quote(code)} is not an ISO 3166-1 alpha-2 code{hint}"
