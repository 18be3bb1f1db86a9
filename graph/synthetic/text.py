"""Sentences and descriptions for synthetic organizations, from one seeded random generator.

Descriptions are 300 to 1,500 characters (median near 700, like the embedded data's 770), one to
three paragraphs separated by a blank line, and reuse the structure's own name and topics, so a
search for a topic finds both names and descriptions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import pairwise
from typing import TypeVar

from graph.synthetic.words import ADVERBIALS, AUDIENCES, OBJECTS, PURPOSES, TOPICS, VERBS

T = TypeVar("T")
MIN_DESCRIPTION, MAX_DESCRIPTION = 300, 1500


def acronym(name: str) -> str:
    """Initials of the capitalised words: "Migration Health Division" -> "MHD"."""
    return "".join(word[0] for word in name.replace("-", " ").split() if word[0].isupper())


class TextMaker:
    """Builds sentences; every choice comes from the generator's `random.Random`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: Sequence[T]) -> T:
        return words[self.rng.randrange(len(words))]

    def topics(self, count: int) -> list[str]:
        return self.rng.sample(TOPICS, count)

    def description(self, name: str, parent: str, topics: list[str], place: str | None) -> str:
        """One to three paragraphs about `name`, of a length drawn to look like real text."""
        target = int(self.rng.lognormvariate(6.55, 0.45))
        target = max(MIN_DESCRIPTION, min(MAX_DESCRIPTION - 200, target))
        sentences = [self._opening(name, parent, topics)]
        length = len(sentences[0])
        while length < target:
            sentence = self._sentence(name, topics, place)
            sentences.append(sentence)
            length += len(sentence) + 1
        paragraphs = 1 if len(sentences) < 4 else min(3, 1 + len(sentences) // 4)
        cut = [round(i * len(sentences) / paragraphs) for i in range(paragraphs + 1)]
        return "\n\n".join(" ".join(sentences[a:b]) for a, b in pairwise(cut))

    def mention(self, name: str, parent: str) -> str:
        return (
            f"The {parent} comprises several structures, among them the {name}, which"
            f" {self.pick(VERBS)} {self.pick(OBJECTS)} {self.pick(ADVERBIALS)}."
        )

    def _opening(self, name: str, parent: str, topics: list[str]) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return (
                f"The {name} is responsible for {_lower(topics[0])} and"
                f" {_lower(topics[-1])} within the {parent}."
            )
        return (
            f"Within the {parent}, the {name} {self.pick(VERBS)} {self.pick(OBJECTS)} on"
            f" {_lower(topics[0])} for {self.pick(AUDIENCES)} {self.pick(ADVERBIALS)}."
        )

    def _sentence(self, name: str, topics: list[str], place: str | None) -> str:
        rng = self.rng
        short = _short(name)
        choice = rng.randrange(7 if place else 6)
        if choice == 0:
            return (
                f"It {self.pick(VERBS)} {self.pick(OBJECTS)} and {self.pick(OBJECTS)}"
                f" {self.pick(PURPOSES)}."
            )
        if choice == 1:
            return (
                f"The {short}’s work covers {_lower(self.pick(TOPICS))},"
                f" {_lower(topics[0])} and {_lower(self.pick(TOPICS))}."
            )
        if choice == 2:
            return (
                f"The {short} also {self.pick(VERBS)} {self.pick(OBJECTS)} for"
                f" {self.pick(AUDIENCES)}, including {_lower(self.pick(topics))}"
                f" {self.pick(OBJECTS)}."
            )
        if choice == 3:
            return (
                f"In cooperation with {self.pick(AUDIENCES)}, it {self.pick(VERBS)}"
                f" {self.pick(OBJECTS)} {self.pick(ADVERBIALS)} {self.pick(PURPOSES)}."
            )
        if choice == 4:
            return (
                f"Specifically, the {short}’s functions include {_gerund(self.pick(VERBS))}"
                f" {self.pick(OBJECTS)} on {_lower(self.pick(topics))};"
                f" {_gerund(self.pick(VERBS))} {self.pick(OBJECTS)} {self.pick(PURPOSES)};"
                f" and {_gerund(self.pick(VERBS))} {self.pick(OBJECTS)} {self.pick(ADVERBIALS)}."
            )
        if choice == 5:
            return (
                f"It serves as the focal point for {_lower(self.pick(topics))} and"
                f" {self.pick(VERBS)} the Organization’s {self.pick(OBJECTS)}"
                f" {self.pick(ADVERBIALS)}."
            )
        return (
            f"In {place}, the {short} {self.pick(VERBS)} {self.pick(OBJECTS)} with"
            f" {self.pick(AUDIENCES)} {self.pick(PURPOSES)}."
        )


def _short(name: str) -> str:
    """How a text refers back to a structure: "Department of X" -> "Department"."""
    name = name.split(" (")[0]
    for joint in (" of ", " for ", " in ", " on "):
        if joint in name:
            return name.split(joint)[0]
    return name.split()[-1]


def _lower(topic: str) -> str:
    """Topics read in lower case inside a sentence, except words that are names."""
    keep = {"Global", "Compact", "Strategic", "Plan"}
    return " ".join(w if w in keep or w.isupper() else w.lower() for w in topic.split())


def _gerund(verb: str) -> str:
    """The -ing form: "provides" -> "providing", "manages" -> "managing"."""
    stem = verb[:-1]
    return (stem[:-1] if stem.endswith("e") and not stem.endswith("ee") else stem) + "ing"
