"""Quotes: the leads + the candidate spans → the spans shown under the answer; the one decision this
module owns: which evidence is quoted, and when the answer is long enough.
"""

from __future__ import annotations

from rag import grounding
from rag.compose_records import Lead, Scored
from rag.compose_wording import count_words
from rag.spans import Span

ANSWER_MAX_WORDS = 90  # the leads and their quotes together: beyond this a quote no longer fits


def choose_quotes(leads: list[Lead], used: list[Span], pool: list[Scored], limit: int) -> list[Span]:
    """The spans to show under the answer: those the lead was cut from, then the next best, while the
    answer stays short; never one that repeats what is already said."""
    said = " ".join(lead.text for lead in leads)
    out: list[Span] = []
    for s in used:
        if (
            grounding.normalise(s.text) != grounding.normalise(said)
            and s not in out
            and not _inside(s.text, said)
        ):
            out.append(s)
    budget = ANSWER_MAX_WORDS - count_words(said) - sum(count_words(s.text) for s in out)
    for x in pool:
        if len(out) >= limit:
            break
        s = x.span
        if s in out or s in used or restates(s.text, said + " " + " ".join(o.text for o in out)):
            continue
        if count_words(s.text) > budget:
            continue
        budget -= count_words(s.text)
        out.append(s)
    return out[: max(limit, len(used))]


def _inside(text: str, said: str) -> bool:
    return grounding.normalise(text) in grounding.normalise(said)


def restates(text: str, said: str) -> bool:
    words = grounding.content_words(text)
    return not words or len(words & grounding.content_words(said)) / len(words) >= 0.7
