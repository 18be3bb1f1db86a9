"""Open-data exports of an `OrgGraph`: plain functions from a graph to text, no I/O.

Each returns `str`; encode it as UTF-8 to serve or write it. `FORMATS` lists them by name with a
media type and a file name for downloads.
"""

from graph.exports.csv_export import export_csv
from graph.exports.formats import FORMATS, ExportFormat, render
from graph.exports.json_export import export_json
from graph.exports.jsonld import export_jsonld
from graph.exports.popolo import export_popolo

__all__ = [
    "FORMATS",
    "ExportFormat",
    "export_csv",
    "export_json",
    "export_jsonld",
    "export_popolo",
    "render",
]
