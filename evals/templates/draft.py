"""Draft: what a template finds in a sentence → a `Draft`, with the helpers the templates share to build one.

A `Draft` is one question in a few phrasings (best first), its key facts as exact slices of the document,
the span [start, end) that states them, its answer kind and the template that built it. The one decision
this module owns: what a key fact may look like (`short`: one to `MAX_FACT_WORDS` words, one line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.templates.lines import Line
from evals.templates.names import Names

MAX_FACT_WORDS = 4  # the golden set's limit on a key-fact alternative

Facts = tuple[tuple[str, ...], ...]
# Bullet labels that name no point of their own ("Example:", "Note:").
GENERIC_LABELS = {
    "example",
    "examples",
    "observation",
    "observations",
    "key observation",
    "note",
    "for example",
}
# A sentence opening with one of these speaks of the document's topic.
PRONOUN = re.compile(r"^(?:It|This model|The model|This system|They)\b")


@dataclass(frozen=True)
class Draft:
    questions: tuple[str, ...]  # phrasings of one question, best first
    key_facts: Facts
    start: int
    end: int
    kind: str
    shape: str  # which template built it ("entity-by", "timeline", …)


def first_in_body(text: str, line: Line, start: int) -> bool:
    """Whether a sentence is the first of a bullet's body (right after its label)."""
    return line.label is not None and not text[line.body : start].strip()


def short(fact: str) -> bool:
    return 1 <= len(fact.split()) <= MAX_FACT_WORDS and fact == fact.strip() and "\n" not in fact


def label_span(text: str, line: Line) -> tuple[int, int] | None:
    """A bullet's label without a trailing parenthesis ("LLaMA 3 (Meta AI)" → "LLaMA 3")."""
    if line.label is None:
        return None
    s, e = line.label
    label = text[s:e]
    if "(" in label:
        e = s + len(label[: label.index("(")].rstrip())
    return (s, e) if e > s else None


def subject(
    text: str, line: Line, start: int, end: int, names: Names, avoid: tuple[int, int], before: bool = False
) -> str | None:
    """The topic when the sentence opens with "It" or "The model", else its first name outside `avoid`
    (before `avoid` only, when `before`), else the bullet's label when it is a name, else the topic."""
    if PRONOUN.match(line.text[start - line.start : end - line.start]):
        return names.topic
    for s, e in names.in_span(line.text, start, end, line.start):
        if e <= avoid[0] or (s >= avoid[1] and not before):
            return text[s:e]
    label = label_span(text, line)
    if label and names.is_name(text[label[0] : label[1]]):
        return text[label[0] : label[1]]
    return names.topic
