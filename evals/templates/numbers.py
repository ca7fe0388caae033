"""Numbers: "N nouns" in a sentence naming X → how many nouns …?

The one decision this module owns: a quantity counts when it is not a year and not part of a name
("Llama 3 models"), and its noun is the first plural before any stop word.
"""

from __future__ import annotations

import re

from evals.templates.draft import (
    Draft,
    short,
    subject,
)
from evals.templates.lines import Line
from evals.templates.names import YEAR, Names
from rag.grounding import STOP_WORDS

# Numbers in digits, and the number words the golden set's own check of number items knows.
_QUANTITY = re.compile(
    r"(?<![\w.,-])(?P<n>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|dozens|hundreds|thousands|millions|billions|"
    r"(?:two|three|four|five|six|seven|eight|nine|ten)(?![\w-]))"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion))?\s+(?:of\s+)?"
    r"(?P<noun>[A-Za-z][A-Za-z-]+(?:\s+[A-Za-z][A-Za-z-]+){0,3})"
)


def find(text: str, line: Line, start: int, end: int, names: Names) -> list[Draft]:
    """ "N nouns" in a sentence that names something → how many nouns …?"""
    out = []
    sentence = line.text[start - line.start : end - line.start]
    for m in _QUANTITY.finditer(sentence):
        if YEAR.fullmatch(m.group("n")):
            continue
        before = sentence[: m.start()].rstrip()
        if before and re.search(r"[A-Z][\w-]*$", before) and before[-1].isalnum():
            continue  # part of a name: "Llama 3 models", "Mistral 7 …"
        words = m.group("noun").split()
        kept = []
        for w in words:
            if w.lower() in STOP_WORDS:
                break
            kept.append(w)
        plural = [w for w in kept if w.endswith("s") and not w.isupper()]
        if not plural:
            continue
        noun = plural[0].lower()
        n0 = start + m.start("n")
        n1 = start + (m.end("scale") if m.group("scale") else m.end("n"))
        x = subject(text, line, start, end, names, (n0, start + m.end()))
        if x is None or not short(text[n0:n1]):
            continue
        out.append(
            Draft(
                (
                    f"How many {noun} does the document give for {x}?",
                    f"Roughly how many {noun} does the document tie to {x}?",
                    f"What number of {noun} is given for {x}?",
                    f"How large is the count of {noun} reported for {x}?",
                ),
                ((text[n0:n1],),),
                start,
                end,
                "number",
                "quantity",
            )
        )
    return out
