"""One row per entity, for analysts who open the structure in a spreadsheet.

RFC 4180: a header row, every field quoted, CRLF line ends. The text starts with a UTF-8 byte
order mark by default: without it Excel reads UTF-8 as the local code page and turns "San José"
or a typographic apostrophe into mojibake, while LibreOffice, Google Sheets and
`csv`/`pandas` with `encoding="utf-8-sig"` all skip it. Pass `bom=False` for other tools.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from graph.exports._shared import path_names
from graph.global_ids import entity_global_id
from graph.indexes import OrgGraph
from graph.model import Entity

COLUMNS = (
    "id",
    "slug",
    "name",
    "kind",
    "parent",
    "supervisor",
    "city",
    "country",
    "depth",
    "path",
)
PATH_SEPARATOR = " > "
BOM = "\ufeff"
# A spreadsheet evaluates a cell starting with one of these as a formula (OWASP "CSV injection");
# tab and carriage return are on the list because some programs strip them before evaluating.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def relay_node_id(entity: Entity) -> str:
    """The Relay global ID the API gives `entity` (graph/global_ids.py: base64 of `Entity:slug`,
    the same whatever its family)."""
    return entity_global_id(entity.id)


def export_csv(
    graph: OrgGraph,
    *,
    bom: bool = True,
    node_id: Callable[[Entity], str] = relay_node_id,
) -> str:
    """Entities in source order as CSV text; `node_id` fills the `id` column (the API's ID)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entity in graph.iter_entities():
        writer.writerow([defuse(cell) for cell in _row(graph, entity, node_id)])
    return (BOM if bom else "") + buffer.getvalue()


def defuse(cell: str) -> str:
    """`cell` made inert for spreadsheets: a leading apostrophe before a formula character.

    The apostrophe is what Excel and LibreOffice themselves use to mark "text, not a formula";
    it is visible in other tools, which is the accepted price (no name in the IOM data needs it).
    """
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _row(graph: OrgGraph, entity: Entity, node_id: Callable[[Entity], str]) -> list[str]:
    location = entity.location
    return [
        node_id(entity),
        entity.id,
        entity.name,
        entity.kind.value,
        entity.parent_id or "",
        entity.supervision.position_id if entity.supervision else "",
        (location.city if location else None) or "",
        (location.country if location else None) or "",
        str(graph.depth(entity.id)),
        PATH_SEPARATOR.join(path_names(graph, entity)),
    ]
