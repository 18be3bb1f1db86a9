"""Which chart boxes are open: the overview's choice, the address's, and a search's."""

from __future__ import annotations

from typing import Any

from schema.context import Context
from viewer.chart import layout
from viewer.chart_state import HEIGHT_BUDGET, chart_state, fold
from viewer.queries import OPERATIONS, run


def chart_data(context: Context, slug: str) -> Any:
    return run(OPERATIONS["ChartPage"], {"slug": slug}, context)["entity"]


def test_big_charts_open_as_overviews_within_the_budget(iom_context: Context) -> None:
    for slug in ("iom", "headquarters"):
        entity = chart_data(iom_context, slug)
        state = chart_state(entity, {})
        assert not state.explicit
        assert layout(entity, state.options()).height <= HEIGHT_BUDGET
    iom = chart_state(chart_data(iom_context, "iom"), {})
    # Headquarters' 21 structures would make one column of the overview: it stays closed.
    assert "headquarters" not in iom.expanded
    assert "regional-offices" in iom.expanded


def test_small_charts_open_every_fetched_level(iom_context: Context) -> None:
    entity = chart_data(iom_context, "department-of-legal-affairs")
    assert chart_state(entity, {}).expanded == {"contract-law-division"}


def test_the_address_says_what_is_open_and_unknown_slugs_are_ignored(
    iom_context: Context,
) -> None:
    entity = chart_data(iom_context, "headquarters")
    state = chart_state(entity, {"open": "department-of-legal-affairs,nope,iom"})
    assert state.explicit and state.expanded == {"department-of-legal-affairs"}
    assert chart_state(entity, {"open": ""}).expanded == frozenset()
    assert state.toggle_href("department-of-legal-affairs", False) == "/chart/headquarters?open="
    assert (
        state.toggle_href("global-data-institute", True)
        == "/chart/headquarters?open=department-of-legal-affairs,global-data-institute"
    )


def test_find_marks_matches_and_opens_the_path_to_them(iom_context: Context) -> None:
    entity = chart_data(iom_context, "iom")
    state = chart_state(entity, {"open": "", "find": "  contract   LAW "})
    assert state.find == "contract LAW"
    assert "contract-law-division" in state.matches
    assert {"headquarters", "department-of-legal-affairs"} <= state.expanded
    assert chart_state(entity, {"find": "san jose"}).matches == ("regional-office-san-jose",)
    assert chart_state(entity, {"find": "zzzz"}).matches == ()


def test_fold_ignores_case_and_accents() -> None:
    assert fold("San José") == "san jose"
