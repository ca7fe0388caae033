"""Checks: a draft question + its document → whether it may be offered as a candidate, and in which words.

The one decision this module owns: what is checked before a candidate is offered — every key-fact
alternative is in `text[start:end]`; no more than half of the question's content words come from that
span (the copy rule); it repeats no `COPY_RUN` consecutive words of its document; the question does not
already state a key fact. Novelty (new to the golden set and to the batch) is `evals.suggest`'s check.
"""

from __future__ import annotations

import re

from evals.templates import Draft

COPY_SHARE = 0.5  # at most this share of a question's content words may come from its source span
COPY_RUN = 8  # nor may it repeat this many consecutive words of its document (the golden set's own test)


def copied_share(question: str, source: str) -> float:
    """Share of the question's content words (stemmed, stop words out) that its source span holds."""
    from rag.grounding import content_words

    words = content_words(question)
    return len(words & content_words(source)) / len(words) if words else 1.0


def facts_in_span(key_facts: list[list[str]], text: str, start: int, end: int) -> bool:
    span = text[start:end]
    return bool(key_facts) and all(fact and all(alt and alt in span for alt in fact) for fact in key_facts)


def states_a_fact(question: str, key_facts: list[list[str]]) -> bool:
    """Whether the question already holds a key fact (then any answer "states" it)."""
    q = question.lower()
    return any(re.search(rf"(?<!\w){re.escape(alt.lower())}(?!\w)", q) for fact in key_facts for alt in fact)


def repeats_a_run(question: str, text: str, n: int = COPY_RUN) -> bool:
    """Whether the question repeats n consecutive words of the text (a quoted heading can)."""
    words = re.findall(r"[a-z0-9]+", question.lower())
    runs = {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
    joined = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    return any(f" {run} " in joined for run in runs)


def normalise(question: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", question.lower()))


def checked(draft: Draft, text: str) -> tuple[str, list[list[str]]] | None:
    """The first phrasing that passes the checks, with its key facts; None when none does."""
    facts = [list(f) for f in draft.key_facts]
    if not facts_in_span(facts, text, draft.start, draft.end):
        return None
    source = text[draft.start : draft.end]
    for question in draft.questions:
        if (
            copied_share(question, source) <= COPY_SHARE
            and not states_a_fact(question, facts)
            and not repeats_a_run(question, text)
        ):
            return question, facts
    return None
