"""Org chart layout: boxes, connectors and expand/collapse buttons for an SVG drawn on the server.

The chart shows one entity on top and its children in rows of columns below it (at most
`COLUMNS` to a row, so a wide level wraps instead of running off the page). A child whose slug
is in `expanded` has its own children stacked under it, and so on down to three levels; the
others are drawn collapsed, with a button that expands them in place (`viewer/chart_state.py`
decides which are open and builds the buttons' links). Phones get `narrow_layout`: the same
boxes in one indented column. Text is wrapped from an estimate of glyph widths that errs wide,
so names stay inside their boxes.

Coordinates are SVG user units (pixels at scale 1). Positions live in attributes, not in style,
so the chart needs no inline CSS.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from viewer.labels import kind_label, plural

Record = Mapping[str, Any]
# Builds the link of the button that expands (True) or collapses (False) one box.
ToggleHref = Callable[[str, bool], str]

MARGIN = 24
COLUMNS = 5
COLUMN_WIDTH = 200
ROOT_WIDTH = 340
GAP_X = 24
ROW_GAP = 56
INDENT = 16
STACK_GAP = 10
PAD_X = 12
PAD_Y = 10
KIND_HEIGHT = 16
NOTE_HEIGHT = 16
TOGGLE_HEIGHT = 28
MAX_LINES = 4
NARROW_WIDTH = 360
NARROW_MARGIN = 12
LEVELS = 3
# Average glyph width as a share of the font size, for a bold sans-serif. Measured on DejaVu
# Sans Bold (the widest common fallback, ~0.66), so narrower fonts only wrap a little early.
GLYPH = 0.67
NOTE_GLYPH = 0.6
NOTE_SIZE = 11.0
FONT_SIZES = (16.0, 14.0, 13.0, 12.5)


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float
    text: str
    role: str  # kind, name, note: the CSS class suffix


@dataclass(frozen=True, slots=True)
class Toggle:
    """The button under a box's name that shows or hides the structures under it in place."""

    x: float
    y: float
    width: float
    expanded: bool
    count: int
    href: str
    label: str  # what a screen reader hears: "Show 4 below: 4 structures under X"
    text: str  # what is drawn, after a + or − sign: "Show 4 below"


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    level: int
    slug: str
    name: str
    kind: str
    href: str
    texts: tuple[Text, ...]
    toggle: Toggle | None = None
    match: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    width: float
    height: float
    boxes: tuple[Box, ...]
    connectors: tuple[str, ...]  # SVG path data
    notes: tuple[Text, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Options:
    """What the reader chose: which boxes are open, which match a search, the toggles' links."""

    expanded: Collection[str] = frozenset()
    matches: Collection[str] = frozenset()
    toggle_href: ToggleHref | None = None


def wrap(name: str, width: float, font_size: float, glyph: float = GLYPH) -> list[str]:
    """`name` in lines that fit `width` at `font_size`, at most `MAX_LINES` (the last cut …)."""
    chars = max(8, math.floor((width - 2 * PAD_X) / (font_size * glyph)))
    lines = textwrap.wrap(name, chars, break_long_words=True) or [""]
    if len(lines) > MAX_LINES:
        kept = lines[: MAX_LINES - 1]
        rest = " ".join(lines[MAX_LINES - 1 :])
        lines = [*kept, textwrap.shorten(rest, chars, placeholder=" …")]
    return lines


def loaded(record: Record) -> list[Record]:
    """The children the operation fetched for `record` (none below the third level)."""
    return list(record.get("children", {}).get("nodes", ()))


def make_box(record: Record, x: float, y: float, width: float, level: int, options: Options) -> Box:
    font = FONT_SIZES[level]
    line_height = round(font * 1.3, 1)
    cursor = y + PAD_Y + KIND_HEIGHT
    texts = [Text(x + PAD_X, cursor - 5, kind_label(record["kind"]), "kind")]
    for line in wrap(record["name"], width, font):
        cursor += line_height
        texts.append(Text(x + PAD_X, cursor - line_height * 0.28, line, f"name-{level}"))
    notes = []
    supervisor = record.get("supervisor")
    if supervisor:
        notes.extend(wrap(f"Supervisor: {supervisor['title']}", width, NOTE_SIZE, NOTE_GLYPH))
    children = loaded(record)
    can_toggle = 0 < level < LEVELS and bool(children) and options.toggle_href is not None
    hidden = record["childCount"] - len(children)
    if level > 0 and not can_toggle and record["childCount"]:
        shown = len(children) if level < LEVELS and record["slug"] in options.expanded else 0
        if record["childCount"] - shown > 0:
            notes.append(f"+ {plural(record['childCount'] - shown, 'structure')} below")
    elif can_toggle and hidden > 0:
        notes.append(f"+ {hidden} more in its own chart")
    if notes:
        cursor += 4
    for note in notes:
        cursor += NOTE_HEIGHT
        texts.append(Text(x + PAD_X, cursor - 4, note, "note"))
    toggle = None
    if can_toggle and options.toggle_href is not None:
        expanded = record["slug"] in options.expanded
        count = len(children)
        verb = "Hide" if expanded else "Show"
        toggle = Toggle(
            x + PAD_X,
            cursor + 6,
            min(width - 2 * PAD_X, 36 + len(str(count)) * 8.0 + 80),
            expanded,
            count,
            options.toggle_href(record["slug"], not expanded),
            # The name starts with the drawn words (WCAG 2.5.3, label in name).
            f"{verb} {count} below: {plural(count, 'structure')} under {record['name']}",
            f"{verb} {count} below",
        )
        cursor += TOGGLE_HEIGHT + 6
    if level == 0 or not record["childCount"]:
        href = f"/entity/{record['slug']}"
    else:
        href = f"/chart/{record['slug']}"
    return Box(
        x, y, width, cursor + PAD_Y - y, level, record["slug"], record["name"], record["kind"],
        href, tuple(texts), toggle, record["slug"] in options.matches,
    )  # fmt: skip


class _Stack:
    """Boxes stacked down a column, each level indented, joined by elbow connectors."""

    def __init__(self, x: float, width: float, options: Options) -> None:
        self.x = x
        self.width = width
        self.options = options
        self.boxes: list[Box] = []
        self.connectors: list[str] = []

    def place(self, record: Record, y: float, level: int, depth: int = 0) -> Box:
        indent = INDENT * depth
        box = make_box(record, self.x + indent, y, self.width - indent, level, self.options)
        self.boxes.append(box)
        return box

    def stack_under(self, record: Record, parent: Box, level: int, depth: int) -> float:
        """Place `record`'s children (at `level`) under `parent` when it is open; return where
        the stack ends."""
        children = loaded(record)
        y = parent.y + parent.height
        is_open = level == 1 or record["slug"] in self.options.expanded
        if not children or level > LEVELS or not is_open:
            return y
        spine = self.x + INDENT * depth + INDENT / 2
        last_mid = y
        for child in children:
            y += STACK_GAP
            box = self.place(child, y, level, depth + 1)
            last_mid = y + min(box.height / 2, 24)
            self.connectors.append(f"M{spine:g} {last_mid:g}H{box.x:g}")
            y = self.stack_under(child, box, level + 1, depth + 1)
        self.connectors.append(f"M{spine:g} {parent.y + parent.height:g}V{last_mid:g}")
        return y


def layout(entity: Record, options: Options | None = None) -> Chart:
    """Lay out `entity` (a `ChartPage` result) and the open levels under it, in rows."""
    options = options or Options()
    children = loaded(entity)
    columns = min(len(children), COLUMNS) or 1
    grid_width = columns * COLUMN_WIDTH + (columns - 1) * GAP_X
    content = max(grid_width, ROOT_WIDTH)
    trunk = MARGIN + content / 2
    root = make_box(entity, trunk - ROOT_WIDTH / 2, MARGIN, ROOT_WIDTH, 0, options)
    boxes = [root]
    connectors: list[str] = []
    bottom = root.y + root.height
    top = bottom + ROW_GAP
    grid_left = MARGIN + (content - grid_width) / 2
    # Below the first row the trunk runs down the gap nearest the middle, never through a box.
    gap = grid_left + (columns // 2) * (COLUMN_WIDTH + GAP_X) - GAP_X / 2 if columns > 1 else trunk
    end = bottom
    for start in range(0, len(children), columns):
        row = children[start : start + columns]
        bus = top - ROW_GAP / 2
        centres = []
        row_bottom = top
        for index, record in enumerate(row):
            column = _Stack(grid_left + index * (COLUMN_WIDTH + GAP_X), COLUMN_WIDTH, options)
            head = column.place(record, top, 1)
            row_bottom = max(row_bottom, column.stack_under(record, head, 2, 0))
            boxes.extend(column.boxes)
            connectors.extend(column.connectors)
            centre = head.x + COLUMN_WIDTH / 2
            centres.append(centre)
            connectors.append(f"M{centre:g} {bus:g}V{top:g}")
        x = trunk if start == 0 else gap
        left, right = min([*centres, x]), max([*centres, x])
        connectors.append(f"M{left:g} {bus:g}H{right:g}")
        connectors.append(f"M{x:g} {bottom:g}V{bus:g}")
        bottom = bus
        top = row_bottom + ROW_GAP
        end = row_bottom
    return _finish(entity, content + 2 * MARGIN, end, boxes, connectors, grid_left)


def narrow_layout(entity: Record, options: Options | None = None) -> Chart:
    """The same chart as one indented column, for phones."""
    stack = _Stack(NARROW_MARGIN, NARROW_WIDTH - 2 * NARROW_MARGIN, options or Options())
    root = stack.place(entity, NARROW_MARGIN, 0)
    end = stack.stack_under(entity, root, 1, 0)
    return _finish(entity, NARROW_WIDTH, end, stack.boxes, stack.connectors, NARROW_MARGIN)


def _finish(
    entity: Record,
    width: float,
    end: float,
    boxes: list[Box],
    connectors: list[str],
    left: float,
) -> Chart:
    notes = []
    hidden = entity["children"]["totalCount"] - len(entity["children"]["nodes"])
    if hidden > 0:
        end += 24
        notes.append(Text(left, end, f"+ {hidden} more not shown", "note"))
    return Chart(width, end + MARGIN, tuple(boxes), tuple(connectors), tuple(notes))
