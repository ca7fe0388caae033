"""Templates: one document's text → draft golden items, built from its own sentences, deterministically.

What goes in: the text a document's citations index into (`rag.corpus.Document.text`). What comes out:
`Draft`s, each with a few phrasings of one question (best first), its key facts as exact slices of that
text (every alternative is `text[s:e]` for some s, e inside the draft's span), the span [start, end) of the
sentence or bullet list that states them, and the kind of answer asked for (`rag.question.KINDS`).
The one decision this stage owns: which sentence shapes become which question. Shapes read, by kind:
  list        a run of labelled bullets ("- **Label**: …") → which points does the part on H list?
  entity      "X by ORG", "X (ORG)", "ORG's X", "ORG released X", "X was developed by ORG" → who made X?
  place       "… by ORG in PLACE" → where is the group behind X based?
  date        a timeline bullet ("- **2023**: …") or "X was released in 2024" → in what year …?
  number      "N nouns" in a sentence naming X → how many nouns …?
  yesno       X beside exactly one of open-source / proprietary / closed-source → can anyone adapt X?
  definition  "X is a …", or a bullet "X: A model …" → what is X?
Nothing is checked here beyond construction; `evals.suggest` checks every draft before offering it.
One module per shape (`lists`, `makers`, `dates`, `numbers`, `openness`, `definitions`), on the document
as `lines` reads it and with the names `names` tells apart.
"""

from __future__ import annotations

from collections.abc import Callable

from evals.templates import dates, definitions, lists, makers, numbers, openness
from evals.templates.draft import MAX_FACT_WORDS, Draft
from evals.templates.lines import Line, read_lines, sentences
from evals.templates.names import Names

__all__ = ["MAX_FACT_WORDS", "Draft", "drafts", "read_lines"]

SentenceTemplate = Callable[[str, Line, int, int, Names], list[Draft]]
# The templates that read one sentence at a time, in the order their drafts are listed.
SENTENCE_TEMPLATES: tuple[SentenceTemplate, ...] = (
    makers.find,
    dates.find,
    numbers.find,
    openness.find,
    definitions.find,
)


def drafts(text: str) -> list[Draft]:
    """Every draft the templates find in a document, in document order within each template."""
    lines = read_lines(text)
    names = Names(text)
    found: list[Draft] = []
    found += lists.find(text, lines, names)
    for line in lines:
        for start, end in sentences(line):
            for template in SENTENCE_TEMPLATES:
                found += template(text, line, start, end, names)
    return found
