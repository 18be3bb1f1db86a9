"""Reading one data file into YAML nodes, and the per-file rules for which nodes are data.

Every way a file can be unreadable (not UTF-8, control characters, broken YAML, nesting deeper
than libyaml's 1000 levels) becomes a DataError, never an exception.

The node API (`yaml.compose`) is used rather than `yaml.load` because nodes keep their line and
column, which every message needs, and because nothing is constructed: a `!!python/object` tag
stays a string on a node and `FileReader.take` refuses it. libyaml's composer is used when
PyYAML ships it (~6x faster than the pure Python one, see MEASURED.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from graph.load.errors import Problems
from graph.load.safefile import read_regular
from graph.load.wording import quote
from graph.model import SourceRef

_RESOLVER = yaml.resolver.Resolver()
_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = (
    yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
)
_YAML = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT = _YAML + "str", _YAML + "null", _YAML + "bool", _YAML + "int"
FLOAT, TIMESTAMP = _YAML + "float", _YAML + "timestamp"
MAP, SEQ, MERGE = _YAML + "map", _YAML + "seq", _YAML + "merge"
_SCALAR_WORDS = {
    STR: "text",
    NULL: "empty",
    BOOL: "true/false",
    INT: "a number",
    FLOAT: "a number",
    TIMESTAMP: "a date",
}
# The tags plain data resolves to; any other (!!python/object, !!binary, !custom) is refused.
_DATA_TAGS = frozenset((*_SCALAR_WORDS, MAP, SEQ))
# The characters YAML allows in a stream (YAML 1.1, section 5.1), as PyYAML's reader checks them.
_NOT_ALLOWED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def read_source(
    path: Path, name: str, problems: Problems, limit: int
) -> tuple[bytes | None, yaml.Node | None]:
    """The file's bytes (for the data version) and its YAML root node (None for an empty file).

    Problems are reported under `name`, the path as the maintainer should see it. Only a
    regular file of at most `limit` bytes is read (graph/safefile.py).
    """
    try:
        data = read_regular(path, limit)
    except OSError as error:
        problems.add(SourceRef(name, 1, 1), f"cannot read the file: {error.strerror or error}")
        return None, None
    text = _decode(data, name, problems)
    if text is None:
        return data, None
    bad = _NOT_ALLOWED.search(text)
    if bad is not None:
        char = bad.group()
        problems.add(
            _offset_ref(text, bad.start(), name),
            f"the file contains the character U+{ord(char):04X}, which YAML does not allow"
            + (" (is this a binary file?)" if char == "\x00" else ""),
        )
        return data, None
    try:
        return data, yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        problems.add(_yaml_error_ref(error, name), _yaml_error_message(error))
    except yaml.YAMLError as error:
        problems.add(SourceRef(name, 1, 1), f"not valid YAML: {error}")
    except RecursionError:
        # Only PyYAML's pure Python composer recurses; libyaml stops at 1000 levels itself.
        problems.add(SourceRef(name, 1, 1), "not valid data: the YAML is nested too deeply")
    return data, None


def _decode(data: bytes, name: str, problems: Problems) -> str | None:
    try:
        # utf-8-sig: a byte order mark some editors write is not part of the text.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        problems.add(
            SourceRef(name, line, column),
            f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded);"
            " save it as UTF-8",
        )
        return None


def _offset_ref(text: str, offset: int, name: str) -> SourceRef:
    line_start = text.rfind("\n", 0, offset) + 1
    return SourceRef(name, text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _yaml_error_ref(error: yaml.MarkedYAMLError, name: str) -> SourceRef:
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return SourceRef(name, 1, 1)
    return SourceRef(name, mark.line + 1, mark.column + 1)


def _yaml_error_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or error.context or "unreadable"
    message = f"not valid YAML: {problem}"
    if error.problem and error.context:
        mark = error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message += f" ({error.context}{where})"
    return message


class FileReader:
    """Per-file state: the display name, the problem collector and the nodes already read.

    A node read twice can only be a YAML alias (`*name`) of an anchored node (`&name`); it is
    refused, and not read again, so an alias "bomb" costs linear time, not exponential.
    """

    __slots__ = ("_alias_reported", "_seen", "name", "problems")

    def __init__(self, name: str, problems: Problems) -> None:
        self.name = name
        self.problems = problems
        self._seen: set[int] = set()
        self._alias_reported: set[int] = set()

    def ref(self, node: Node) -> SourceRef:
        mark = node.start_mark
        return SourceRef(self.name, mark.line + 1, mark.column + 1)

    def error(self, node: Node, message: str) -> None:
        self.problems.add(self.ref(node), message)

    def take(self, node: Node) -> bool:
        """Mark `node` read; False (with one error per anchor) for a node reached via an alias."""
        key = id(node)
        if key in self._seen:
            self._alias(node, key)
            return False
        self._seen.add(key)
        if node.tag in _DATA_TAGS:
            return True
        self.error(node, f"the YAML tag {quote(short_tag(node.tag))} is not allowed in data files")
        return False

    def _alias(self, node: Node, key: int) -> None:
        if key not in self._alias_reported:
            self._alias_reported.add(key)
            self.error(
                node,
                "this value is reused through a YAML alias (*); anchors and aliases are not"
                " allowed in data files, write the value out each time",
            )


def short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


def describe(node: Node) -> str:
    """What a value is, in a maintainer's words: 'text', 'a list', 'true/false', ..."""
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return _SCALAR_WORDS.get(node.tag) or f"a value tagged {quote(short_tag(node.tag))}"


def peek_text(node: MappingNode, key: str) -> str | None:
    """The text under `key` without reading it (for labels such as "entity 'x'")."""
    for key_node, value in node.value:
        if key_node.tag == STR and key_node.value == key:
            return str(value.value) if isinstance(value, ScalarNode) and value.tag == STR else None
    return None


def _implicitly(node: ScalarNode) -> str:
    """The tag YAML guesses for the scalar's text when it stands unquoted and untagged."""
    if node.style:  # quoted or a block scalar: always text
        return STR
    # types-PyYAML leaves Resolver.resolve untyped; it returns the tag string.
    tag = _RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return str(tag)


def wrong_type(field: str, node: Node, wanted: str) -> str:
    got = describe(node)
    if wanted == "text" and isinstance(node, ScalarNode) and _implicitly(node) != STR:
        return (
            f"{field} must be {wanted}, but {quote(str(node.value))} without quotes reads as {got};"
            " put it in quotes"
        )
    return f"{field} must be {wanted}, not {got}"
