"""The example queries of docs/api.md, with their variables and the answers pasted under them.

    python scripts/docs_examples.py --write URL    re-run every example against the server at
                                                  URL (e.g. http://127.0.0.1:8000/graphql) and
                                                  paste its real answers into docs/api.md

In docs/api.md an example is a ```graphql block, optionally followed by a ```json variables
block, optionally followed by a ```json block: the answer. tests/schema/test_docs_examples.py
runs every example and checks each pasted answer is still what the API returns.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DOC = Path(__file__).resolve().parent.parent / "docs" / "api.md"
_EXAMPLE = re.compile(
    r"```graphql\n(?P<query>.*?)```\n"
    r"(?:\n```json variables\n(?P<variables>.*?)```\n)?"
    r"(?:\n(?P<answer>@@OUTPUT@@|```json\n.*?```)\n)?",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Example:
    query: str
    variables: dict[str, Any]
    answer: Any | None  # the pasted response body, None when the guide shows none
    span: tuple[int, int]  # where the answer block is in the text


def examples(text: str) -> list[Example]:
    found = []
    for match in _EXAMPLE.finditer(text):
        answer_text = match.group("answer")
        answer = None
        if answer_text and answer_text != "@@OUTPUT@@":
            answer = json.loads(answer_text.removeprefix("```json\n").removesuffix("```"))
        variables = json.loads(match.group("variables") or "{}")
        found.append(Example(match.group("query"), variables, answer, match.span("answer")))
    return found


def render(body: Any) -> str:
    return "```json\n" + json.dumps(body, indent=2, ensure_ascii=False) + "\n```"


def _post(url: str, example: Example) -> Any:
    payload = json.dumps({"query": example.query, "variables": example.variables}).encode()
    request = urllib.request.Request(
        url, payload, {"Content-Type": "application/json", "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def write(url: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    for example in reversed(examples(text)):
        start, end = example.span
        if start < 0:
            continue  # no answer block: the guide describes the answer in words
        text = text[:start] + render(_post(url, example)) + text[end:]
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "--write":
        sys.exit(__doc__)
    write(sys.argv[2])
