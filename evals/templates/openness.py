"""Openness: X beside exactly one of open-source / proprietary / closed-source → can anyone adapt X?

The one decision this module owns: a sentence that says both, or "not open-source", asks nothing; the
model is the bullet's label when the openness comes early in its body, else the name the shapes find.
"""

from __future__ import annotations

import re

from evals.templates.draft import (
    GENERIC_LABELS,
    Draft,
    first_in_body,
    label_span,
)
from evals.templates.lines import Line
from evals.templates.names import NAME_PATTERN, Names

_OPEN = r"(?:open[- ]source|openly available|freely available|open-weights?)"
_CLOSED = r"(?:closed[- ]source|proprietary)"
_OPENNESS = re.compile(rf"(?<![\w-])(?:not\s+)?(?:{_OPEN}|{_CLOSED})(?![\w-])", re.I)
_MODELS = r"(?:models?|LLMs?|alternatives?|systems?|options?)"
_OPENNESS_SHAPES = (
    re.compile(rf"(?i:{_OPEN}|{_CLOSED})\s+{_MODELS}\s+(?:like|such as|including)\s+(?P<x>{NAME_PATTERN})"),
    re.compile(
        rf"(?P<x>{NAME_PATTERN})\s+(?:is|was|as|remains)\s+(?:\w+\s+)?(?:an?\s+)?(?:[\w-]+\s+)?"
        rf"(?i:{_OPEN}|{_CLOSED})\s+(?:[\w-]+\s+)?{_MODELS}"
    ),
)


def find(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """A model said to be open-source or proprietary, in a sentence that says only one of the two (and
    no "not") → can anyone adapt X? Either the bullet's label is the model ("- X: An open-source model"),
    or the sentence says "open-source models like X" / "X as an open-source model"."""
    sentence = line.text[start - line.start : end - line.start]
    said = list(_OPENNESS.finditer(sentence))
    if len(said) != 1 or said[0].group(0).lower().startswith("not"):
        return []
    label = label_span(text, line)
    early = len(sentence[: said[0].start()].split()) <= 8
    x = (
        text[label[0] : label[1]].split(" and ")[0]
        if label and early and first_in_body(text, line, start)
        else ""
    )
    span_start = label[0] if label and x else start
    if not names.is_name(x) or x.lower() in GENERIC_LABELS:
        shaped = [m for p in _OPENNESS_SHAPES if (m := p.search(sentence)) and names.is_name(m.group("x"))]
        if not shaped:
            return []
        x, span_start = shaped[0].group("x"), start
    w0, w1 = start + said[0].start(), start + said[0].end()
    return [
        Draft(
            (
                f"Is {x} something anyone can download, inspect and adapt?",
                f"Are the inner workings of {x} available for the public to adapt?",
            ),
            ((text[w0:w1],),),
            span_start,
            end,
            "yesno",
            "openness",
        )
    ]
