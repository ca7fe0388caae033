"""Dates: timeline bullets ("- **2023**: …") and "X was released in (Month) 2024" → in what year …?

The one decision this module owns: a year is a release date only in a sentence with a release verb
(`RELEASE`), and a month before it is offered as an alternative, never required.
"""

from __future__ import annotations

import re

from evals.templates.draft import (
    Draft,
    first_in_body,
    subject,
)
from evals.templates.lines import Line
from evals.templates.names import YEAR, Names

_RELEASE = re.compile(
    r"\b(?:released|launched|introduced|published|announced|unveiled|debuted|founded|open-sourced|came out)\b"
)
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def find(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """Timeline bullets ("- **2023**: Meta releases LLaMA 2") and "X was released in (Month) 2024"."""
    label = line.label
    if label and YEAR.fullmatch(text[label[0] : label[1]]) and first_in_body(text, line, start):
        found = [text[s:e] for s, e in names.in_span(line.text, start, end, line.start)]
        if not found:
            return []
        about = " and ".join(found[:2])
        return [
            Draft(
                (
                    f"According to the timeline, in what year did the {about} milestone happen?",
                    f"Which year does the timeline give for the entry about {about}?",
                ),
                ((text[label[0] : label[1]],),),
                label[0],
                end,
                "date",
                "timeline",
            )
        ]
    sentence = line.text[start - line.start : end - line.start]
    year = YEAR.search(sentence)
    if not year or not _RELEASE.search(sentence):
        return []
    y0, y1 = start + year.start(), start + year.end()
    month = re.search(rf"{_MONTH}\s+$", sentence[: year.start()])
    verb = _RELEASE.search(sentence)
    assert verb is not None
    x = subject(text, line, start, end, names, (start + verb.start(), y1), before=True)
    if x is None or x in _MONTH:
        return []
    alternatives = (text[y0 - len(month.group(0)) : y1], text[y0:y1]) if month else (text[y0:y1],)
    return [
        Draft(
            (
                f"When did {x} first come out?",
                f"In what year did {x} become available?",
                f"What year marks the arrival of {x}?",
            ),
            (alternatives,),
            start,
            end,
            "date",
            "release-year",
        )
    ]
