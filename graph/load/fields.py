"""Typed reading of YAML nodes: each read checks the value's type and reports problems at the
value's own line and column, in words a data maintainer understands.

Values are read from nodes, never from `yaml.load` output, so the resolver's guesses stay visible:
`country: NO` is a boolean to YAML, and the message says to quote it instead of silently storing
`False`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from graph.load.wording import did_you_mean, one_of, quote
from graph.load.yamlfile import BOOL, INT, MERGE, NULL, STR, FileReader, wrong_type
from graph.model import SourceRef
from graph.names import is_slug

E = TypeVar("E", bound=StrEnum)

_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# YAML 1.1 spellings of booleans, as PyYAML resolves them.
_TRUE = frozenset({"yes", "true", "on"})
_FALSE = frozenset({"no", "false", "off"})


def slug_problem(value: str) -> str:
    suggestion = "-".join(re.findall(r"[a-z0-9]+", value.lower()))
    hint = f", e.g. {quote(suggestion)}" if suggestion else ""
    return (
        f"{quote(value)} is not a valid id: use lower-case letters, digits and single hyphens"
        + hint
    )


class Fields:
    """The keys of one record (a YAML mapping), read with type checks.

    Unknown, duplicate and missing keys are reported on construction. Each reader returns None
    (or a default) after reporting a problem; `ok` tells whether any problem concerned this record.
    """

    __slots__ = ("_file", "_mapping", "_parent", "_values", "label", "ok", "prefix")

    def __init__(
        self,
        file: FileReader,
        node: MappingNode,
        label: str,
        allowed: Collection[str],
        required: Collection[str] = (),
        prefix: str = "",
        parent: Fields | None = None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        self._file = file
        self._mapping = node
        self._parent = parent
        self.label = label
        self.prefix = prefix
        self.ok = True
        self._values: dict[str, tuple[Node, Node]] = {}
        values = self._values
        for key_node, value in node.value:
            # Keys are checked here rather than by FileReader.take: a key is only ever compared
            # as text, so an aliased key cannot make the walk any longer.
            if key_node.tag != STR or not isinstance(key_node, ScalarNode):
                self._bad_key(key_node)
                continue
            key = key_node.value
            if key in values:
                first = self._file.ref(values[key][0])
                self.error(key_node, f"{self.name(key)} appears twice (first at line {first.line})")
            elif key not in allowed:
                hint = did_you_mean(key, allowed) or (hints or {}).get(key, "")
                self.error(key_node, f"unknown key {quote(prefix + key)}{hint}")
            else:
                values[key] = (key_node, value)
        for key in required:
            if key not in values:
                self.error(node, f"missing required key {quote(prefix + key)}")

    def _bad_key(self, key_node: Node) -> None:
        if key_node.tag == MERGE:
            self.error(key_node, "YAML merge keys ('<<') are not allowed in data files")
        else:
            self.error(key_node, wrong_type("a key", key_node, "text"))

    # --- reporting ------------------------------------------------------------------------

    def name(self, key: str, item: int = 0) -> str:
        """How messages name a field: 'location.country', or "item 2 of 'notes'"."""
        name = quote(self.prefix + key)
        return f"item {item} of {name}" if item else name

    def error(self, at: Node | SourceRef | None, message: str) -> None:
        """Report `message` about this record at `at` (the whole mapping when None)."""
        self._fail()
        where = at if isinstance(at, SourceRef) else self._file.ref(at or self._mapping)
        self._file.problems.add(where, f"{self.label}: {message}")

    def error_at(self, key: str, message: str) -> None:
        self.error(self._values[key][1], message)

    def _fail(self) -> None:
        """Mark this record (and the record holding it, for a nested mapping) as unusable."""
        fields: Fields | None = self
        while fields is not None:
            fields.ok = False
            fields = fields._parent

    def has(self, key: str) -> bool:
        return key in self._values

    def is_null(self, key: str) -> bool:
        return key in self._values and self._values[key][1].tag == NULL

    def where(self, key: str) -> SourceRef:
        return self._file.ref(self._values[key][1])

    def _node(self, key: str) -> Node | None:
        """The value node under `key`, or None when absent or unusable (already reported)."""
        entry = self._values.get(key)
        if entry is None:
            return None
        if not self._file.take(entry[1]):
            self._fail()
            return None
        return entry[1]

    # --- typed readers --------------------------------------------------------------------

    def text(self, key: str, *, null_ok: bool = False) -> str | None:
        """Stripped, non-empty text; `null_ok` lets an explicit empty value mean "absent"."""
        node = self._node(key)
        if node is None or (null_ok and node.tag == NULL):
            return None
        return self._text(node, key)

    def _text(self, node: Node, key: str, item: int = 0) -> str | None:
        if node.tag == STR and isinstance(node, ScalarNode):
            value = str(node.value).strip()
            if value:
                return value
        if isinstance(node, ScalarNode) and node.tag in (STR, NULL):
            self.error(node, f"{self.name(key, item)} is empty")
        else:
            self.error(node, wrong_type(self.name(key, item), node, "text"))
        return None

    def description(self, key: str) -> str | None:
        """Text without trailing spaces; a run of blank lines becomes one paragraph break."""
        value = self.text(key)
        if value is None:
            return None
        if "\n" in value:
            value = "\n".join(line.rstrip() for line in value.split("\n"))
            value = _MANY_BLANK_LINES.sub("\n\n", value)
        return value

    def slug(self, key: str) -> str | None:
        node = self._node(key)
        if node is None:
            return None
        value = self._text(node, key)
        if value is not None and not is_slug(value):
            self.error(node, slug_problem(value))
            return None
        return value

    def choice(self, key: str, enum: type[E], noun: str = "") -> E | None:
        node = self._node(key)
        if node is None:
            return None
        value = self._text(node, key)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            choices = [member.value for member in enum]
            hint = did_you_mean(value, choices) or f"; expected one of: {one_of(choices)}"
            self.error(node, f"unknown {noun or key} {quote(value)}{hint}")
            return None

    def flag(self, key: str) -> bool:
        node = self._node(key)
        if node is None:
            return False
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            word = str(node.value).lower()
            if word in _TRUE or word in _FALSE:
                return word in _TRUE
        self.error(node, wrong_type(self.name(key), node, "true or false"))
        return False

    def count(self, key: str) -> int | None:
        node = self._node(key)
        if node is None:
            return None
        if isinstance(node, ScalarNode) and node.tag == INT:
            digits = str(node.value).replace("_", "")
            if re.fullmatch(r"[-+]?[0-9]{1,15}", digits):
                value = int(digits)
                if value >= 0:
                    return value
                self.error(node, f"{self.name(key)} must not be negative (got {value})")
                return None
            # 0x1F, 0o17, 1:30 and 40-digit numbers are integers to YAML 1.1, not counts to us.
            self.error(node, f"{self.name(key)} must be a plain whole number such as 4")
            return None
        self.error(node, wrong_type(self.name(key), node, "a whole number such as 4"))
        return None

    def mapping(
        self, key: str, allowed: Collection[str], required: Collection[str]
    ) -> Fields | None:
        node = self._node(key)
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.error(node, wrong_type(self.name(key), node, "a mapping (key: value lines)"))
            return None
        return Fields(self._file, node, self.label, allowed, required, f"{self.prefix}{key}.", self)

    def sequence(self, key: str) -> list[Node] | None:
        """The items of a list (those reached through an alias are reported and left out)."""
        node = self._node(key)
        if node is None:
            return None
        if not isinstance(node, SequenceNode):
            self.error(node, wrong_type(self.name(key), node, "a list"))
            return None
        items = [item for item in node.value if self._file.take(item)]
        if len(items) < len(node.value):
            self._fail()
        return items

    def texts(self, key: str) -> list[tuple[str, SourceRef]] | None:
        """A list of non-empty texts, each with its location (for reference checks)."""
        nodes = self.sequence(key)
        if nodes is None:
            return None
        items: list[tuple[str, SourceRef]] = []
        for number, item in enumerate(nodes, start=1):
            value = self._text(item, key, number)
            if value is not None:
                items.append((value, self._file.ref(item)))
        return items
