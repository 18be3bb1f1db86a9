"""An independent reading of the source document, used to check the dataset against it.

The parser here shares no code with the dataset: if the data drifts from the source, or the source
is read carelessly (headings run into paragraphs, the last line with no newline), a test fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SOURCE = (
    Path(__file__).resolve().parents[2] / "data" / "sources" / "iom-organizational-structure.txt"
)

# The only edits made to the source's text, each an obvious typo (README, "The data").
TYPO_FIXES = (
    ("´", "’"),
    ("end- to-end", "end-to-end"),
    ("multi- stakeholder", "multi-stakeholder"),
)
LINK_LABEL = re.compile(r"\s*Learn more$")

# Two headings the source runs into a neighbouring paragraph, and the glued page title.
GLUED_HEADINGS = {
    "Resettlement and Movement Management Division": "suffix",
    "Contract Law Division": "prefix",
}


def fix_typos(text: str) -> str:
    for wrong, right in TYPO_FIXES:
        text = text.replace(wrong, right)
    return text


def source_lines() -> list[str]:
    """The source's lines, typos fixed and link labels dropped; split so no final line is lost."""
    raw = SOURCE.read_text(encoding="utf-8").splitlines()
    lines = []
    for text in raw:
        text = LINK_LABEL.sub("", fix_typos(text.rstrip()))
        for heading, where in GLUED_HEADINGS.items():
            if where == "suffix" and text.endswith("." + heading):
                text = text.removesuffix(heading)
            if where == "prefix" and text.startswith(heading + "The "):
                text = text.removeprefix(heading)
        lines.append(text.removeprefix("WHO WE ARE"))
    return lines


@dataclass(frozen=True)
class Heading:
    line: int
    text: str
    parent: str | None  # the text of the parent heading, None for top-level sections
    is_position: bool = False


def _is_heading(text: str) -> bool:
    return bool(text) and text != "-" and len(text) < 130 and not text.endswith((".", ":"))


def headings() -> list[Heading]:
    """Every heading of the structure part of the source, with the heading it sits under."""
    raw = SOURCE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, t in enumerate(raw) if t == "Headquarters")
    found: list[Heading] = []
    top: str | None = None  # Headquarters, Regional Offices, ...
    section: str | None = None  # a "- X" bullet followed by "-"
    for i in range(start, len(raw)):
        text = fix_typos(raw[i].strip())
        nxt = raw[i + 1].strip() if i + 1 < len(raw) else ""
        if text.endswith(".Resettlement and Movement Management Division"):
            found.append(Heading(i + 2, "Resettlement and Movement Management Division", section))
            continue
        if text.startswith("Contract Law DivisionThe "):
            found.append(Heading(i + 1, "Contract Law Division", section))
            continue
        if not _is_heading(text):
            continue
        if text.startswith("- ") and nxt == "-":
            name = text[2:]
            is_position = name.isupper() and "DEPUTY DIRECTOR GENERAL" in name
            parent = top
            found.append(Heading(i + 1, name, parent, is_position))
            section = top if is_position else name
            continue
        if text.startswith("- "):
            found.append(Heading(i + 1, text[2:], section))
            continue
        if text in _TOP_LEVEL:
            top, section = text, text
            found.append(Heading(i + 1, text, None))
            continue
        found.append(Heading(i + 1, text, section))
    return found


_TOP_LEVEL = {
    "Headquarters",
    "Administrative Centres",
    "Regional Offices",
    "Special Liaison Offices",
    "Country Offices",
    "Coordinating Committees",
}


# The source's overview sentence names Headquarters ("the Geneva-based Headquarters") before the
# section about it; it is the naming line of Headquarters just as much as its heading.
OVERVIEW = re.compile(
    r"^The organizational structure of .* in addition to the ([\w-]+ )?Headquarters:$"
)


def naming_lines() -> list[tuple[str, Heading]]:
    """(line as the source writes it, heading it names): every non-position heading and list
    item of the structure part, and the overview sentence for Headquarters."""
    found = [(h.text, h) for h in headings() if not h.is_position]
    top = next(h for h in headings() if h.text == "Headquarters")
    found += [(line, top) for line in source_lines() if OVERVIEW.match(line)]
    return found


def sentences() -> list[str]:
    """The sentences of the structure part (from the overview sentence on), typos fixed."""
    lines = source_lines()
    start = next(i for i, line in enumerate(lines) if OVERVIEW.match(line))
    found: list[str] = []
    for line in lines[start:]:
        found += [s for s in re.split(r"(?<=\.) (?=[A-Z])", line) if s]
    return found


# Words that end the name of a body or a post, and the linking words inside names.
_BODY = (
    r"(?:Units?|Divisions?|Departments?|Offices?|Committees?|Boards?|Council|Centres?|Secretariat"
    r"|Institute|Networks?|Teams?|Groups?|Matrix|Association|Assembly|Agency|Forum|Platform"
    r"|Directors?|General|Advis[eo]rs?|Envoys?|Auditors?|Officers?|Staff|Mission)"
)
_LOWER_BODY = r"(?:committees?|units?|offices?|centres?|teams?|boards?|networks?|groups?)"
_CAPITALIZED = re.compile(
    r"[A-Z][\w’-]*(?: (?:(?:of|and|for|on|to|the) )*[A-Z][\w’-]*)*" rf"(?: {_LOWER_BODY}\b)?"
)
_ENDS_AS_BODY = re.compile(rf"^(.*\b(?:{_BODY}|{_LOWER_BODY}))\b")
_LEADING = re.compile(r"^(?:The|These|This|IOM’s|Organization’s) ")
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9.]*[A-Z0-9](?:/[A-Z]+)?\b")


def body_names() -> list[str]:
    """Every capitalized name of two words or more in the structure part that ends like the name
    of a body or a post ("... Unit", "... Committee", "... Directors"), cut after that word."""
    found: dict[str, None] = {}
    for sentence in sentences():
        for match in _CAPITALIZED.finditer(sentence):
            ends = _ENDS_AS_BODY.match(match.group(0))
            if ends:
                name = _LEADING.sub("", ends.group(1))
                if " " in name:
                    found[name] = None
    return list(found)


def acronyms() -> list[str]:
    """Every acronym (two capitals or more) the structure part uses, in order of first use."""
    found: dict[str, None] = {}
    for sentence in sentences():
        if sentence.isupper():
            continue  # a heading in capitals ("- DEPUTY DIRECTOR GENERAL FOR OPERATIONS")
        for match in ACRONYM.finditer(sentence):
            found[match.group(0).rstrip(".")] = None
    return list(found)
