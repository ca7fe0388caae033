"""Definitions: "X is a …" sentences and bullets "X: A model …" → what is X?

The one decision this module owns: the key facts of a definition — the names in it the question does not
hold, else its longest runs of two to four rare words (a noun phrase ends before a trailing verb form).
"""

from __future__ import annotations

import re

from evals.templates.draft import (
    GENERIC_LABELS,
    MAX_FACT_WORDS,
    Draft,
    first_in_body,
    label_span,
    short,
)
from evals.templates.lines import Line
from evals.templates.names import Names
from rag.grounding import STOP_WORDS

_DEFINES = re.compile(
    r"^(?P<x>[A-Z][\w-]*(?: [\w-]+){0,3}?)(?:,[^,]{1,40},)? (?:is|are) (?:a|an|one of the)\s"
)
_ARTICLE = re.compile(r"^(?:A|An|The)\s+\w")
_INDEFINITE = re.compile(r"^(?:A|An)\s+(?!few\b|lot\b|number\b)\w")


def find(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """ "X is a …" sentences and bullets "X: A model …" → what is X? Key facts: the names, numbers or
    rarest words of the definition that the question does not already hold."""
    sentence = line.text[start - line.start : end - line.start]
    label = label_span(text, line)
    x = text[label[0] : label[1]] if label else ""
    if (
        label
        and first_in_body(text, line, start)
        and _ARTICLE.match(sentence)
        and x.lower() not in GENERIC_LABELS
    ):
        if not (names.is_name(x) or _INDEFINITE.match(sentence)):
            return []  # "Transparency: The open nature allows …" explains a point, defines nothing
        body, span_start = start, label[0]
    elif (m := _DEFINES.match(sentence)) and m.group("x").split()[0].lower() not in STOP_WORDS:
        x, body, span_start = m.group("x"), start + m.end(), start
    else:
        return []
    facts = definition_facts(text, line, body, end, x, names)
    if not facts:
        return []
    return [
        Draft(
            (
                f"What does the document mean by {x}?",
                f"In plain terms, how does the writer characterise {x}?",
                f"How would you sum up the idea of {x} in a phrase?",
            ),
            tuple((f,) for f in facts),
            span_start,
            end,
            "definition",
            "defines",
        )
    ]


def definition_facts(text: str, line: Line, start: int, end: int, subject: str, names: Names) -> list[str]:
    """Up to two short exact phrases of text[start:end]: names first, else runs of two or three words
    that are neither stop words nor words of the subject."""
    taken = {w.lower() for w in re.findall(r"[\w-]+", subject)}
    facts = [
        text[s:e]
        for s, e in names.in_span(line.text, start, end, line.start)
        if text[s:e].lower() not in taken and short(text[s:e]) and text[s:e] not in subject
    ]
    if facts:
        return facts[:2]
    runs: list[list[tuple[int, int]]] = [[]]
    last = start
    for m in re.finditer(r"[A-Za-z][A-Za-z-]*", text[start:end]):
        s, e = start + m.start(), start + m.end()
        word = m.group(0).lower()
        if text[last:s].strip() or word in STOP_WORDS or word in taken or len(word) < 3:
            runs.append([])
        if word not in STOP_WORDS and word not in taken and len(word) >= 3:
            runs[-1].append((s, e))
        last = e
    phrases = []
    for run in runs:
        run = run[:MAX_FACT_WORDS]
        while run and re.search(r"(?:ed|ing)$", text[run[-1][0] : run[-1][1]]):
            run = run[:-1]  # "model developed", "intelligence trained": a noun phrase ends before the verb
        if len(run) >= 2:
            phrases.append(text[run[0][0] : run[-1][1]])
    phrases.sort(key=lambda p: -len(p))
    return [p for p in phrases if short(p)][:2]
