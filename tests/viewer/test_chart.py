"""Org chart layout: boxes never overlap, text fits, connectors join every box to its parent."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from schema.context import Context
from viewer.chart import COLUMNS, GLYPH, PAD_X, Box, Chart, Options, layout, narrow_layout, wrap
from viewer.chart_state import walk
from viewer.queries import OPERATIONS, run


def chart_data(context: Context, slug: str) -> Any:
    return run(OPERATIONS["ChartPage"], {"slug": slug}, context)["entity"]


def overlaps(a: Box, b: Box) -> bool:
    return not (
        a.x + a.width <= b.x
        or b.x + b.width <= a.x
        or a.y + a.height <= b.y
        or b.y + b.height <= a.y
    )


def assert_sound(chart: Chart) -> None:
    for a, b in itertools.combinations(chart.boxes, 2):
        assert not overlaps(a, b), (a.slug, b.slug)
    for box in chart.boxes:
        assert 0 <= box.x and box.x + box.width <= chart.width
        assert 0 <= box.y and box.y + box.height <= chart.height


def every_box_open(entity: Any) -> Options:
    opened = frozenset(record["slug"] for record, _, _ in walk(entity))
    return Options(opened, toggle_href=lambda slug, expand: f"/x?{slug}")


@pytest.mark.parametrize("draw", [layout, narrow_layout], ids=["wide", "narrow"])
@pytest.mark.parametrize("slug", ["iom", "headquarters", "department-of-legal-affairs"])
@pytest.mark.parametrize("opened", ["none", "all"])
def test_real_charts_have_no_overlapping_boxes(
    iom_context: Context, draw: Any, slug: str, opened: str
) -> None:
    entity = chart_data(iom_context, slug)
    options = every_box_open(entity) if opened == "all" else Options()
    assert_sound(draw(entity, options))


def test_wide_chart_puts_at_most_five_children_in_a_row(iom_context: Context) -> None:
    chart = layout(chart_data(iom_context, "headquarters"))
    heads = [box for box in chart.boxes if box.level == 1]
    assert len(heads) == 21
    assert max(sum(1 for b in heads if b.y == head.y) for head in heads) == COLUMNS
    # 74rem less the page's padding: drawn at 1:1 in a 1280 px window.
    assert chart.width <= 1144


def test_collapsed_boxes_hide_their_children_and_open_ones_show_them(
    iom_context: Context,
) -> None:
    entity = chart_data(iom_context, "headquarters")
    closed = layout(entity, Options(toggle_href=lambda slug, expand: f"/x?{slug}={expand}"))
    assert {box.level for box in closed.boxes} == {0, 1}
    toggles = {box.slug: box.toggle for box in closed.boxes if box.toggle}
    legal = toggles["department-of-legal-affairs"]
    assert legal is not None and not legal.expanded and legal.count == 3
    assert legal.href == "/x?department-of-legal-affairs=True"
    assert legal.label == "Show 3 below: 3 structures under Department of Legal Affairs"
    assert legal.label.startswith(legal.text)
    opened = layout(entity, Options({"department-of-legal-affairs"}, toggle_href=closed_href))
    levels = {box.slug: box.level for box in opened.boxes}
    assert levels["contract-law-division"] == 2
    assert "contract-law-division-unit-manila" not in levels
    assert opened.height > closed.height


def closed_href(slug: str, expand: bool) -> str:
    return f"/x?{slug}={expand}"


def test_trunk_never_runs_through_a_box(iom_context: Context) -> None:
    chart = layout(chart_data(iom_context, "iom"), every_box_open(chart_data(iom_context, "iom")))
    for d in chart.connectors:
        if "V" not in d or "H" in d:
            continue
        x, y0 = (float(v) for v in d[1:].split("V")[0].split())
        y1 = float(d.split("V")[1])
        for box in chart.boxes:
            inside_x = box.x < x < box.x + box.width
            inside_y = min(y0, y1) < box.y + box.height / 2 < max(y0, y1)
            assert not (inside_x and inside_y and box.level == 1), (d, box.slug)


def test_narrow_chart_fits_a_phone(iom_context: Context) -> None:
    chart = narrow_layout(chart_data(iom_context, "headquarters"))
    assert chart.width <= 360


def test_boxes_link_down_to_charts_and_leaves_to_pages(sample_context: Context) -> None:
    entity = chart_data(sample_context, "hq")
    chart = layout(entity, every_box_open(entity))
    hrefs = {box.slug: box.href for box in chart.boxes}
    assert hrefs["hq"] == "/entity/hq"  # the root: its page
    assert hrefs["exec"] == "/chart/exec"
    assert hrefs["media"] == "/entity/media"


def test_every_box_below_the_root_has_a_connector(sample_context: Context) -> None:
    entity = chart_data(sample_context, "org")
    chart = layout(entity, every_box_open(entity))
    # One stub per column head plus one tick per stacked box, at least.
    assert len(chart.connectors) >= len(chart.boxes) - 1


def test_wrap_keeps_lines_inside_the_box() -> None:
    name = "Prevention of and Response to Sexual Exploitation and Abuse and Sexual Harassment Unit"
    lines = wrap(name, 248, 14.0)
    assert len(lines) <= 4
    assert all(len(line) * 14.0 * GLYPH <= 248 - 2 * PAD_X for line in lines)


def test_wrap_cuts_what_does_not_fit_in_four_lines() -> None:
    lines = wrap("word " * 80, 200, 14.0)
    assert len(lines) == 4
    assert lines[-1].endswith("…")


def test_chart_counts_what_it_leaves_out(iom_context: Context) -> None:
    chart = layout(chart_data(iom_context, "iom"))
    notes = [text.text for box in chart.boxes for text in box.texts if text.role == "note"]
    assert any(note.endswith("below") for note in notes)
