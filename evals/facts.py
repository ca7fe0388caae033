"""Key facts: an answer's text + the item's key facts → which facts it states, and where.

A key fact is stated when any of its alternatives appears in the answer, case-insensitively. The one
decision this module owns: an alternative of at most 4 characters must stand as a whole word ("MIT" does
not match "limit"); a refusal states nothing (the caller's rule, in `evals.scoring`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag import grounding

SHORT_ALTERNATIVE = 4  # alternatives this short must match as whole words
WORDS = re.compile(r"[a-z0-9]+")


def mentions(text: str, alternative: str) -> bool:
    """Case-insensitive containment; short alternatives (<= 4 characters) only as whole words."""
    if len(alternative) <= SHORT_ALTERNATIVE:
        pattern = rf"(?<![A-Za-z0-9]){re.escape(alternative)}(?![A-Za-z0-9])"
        return re.search(pattern, text, re.I) is not None
    return alternative.lower() in text.lower()


def missing_facts(key_facts: Sequence[Sequence[str]], text: str) -> list[list[str]]:
    return [list(fact) for fact in key_facts if not any(mentions(text, alt) for alt in fact)]


def key_fact_recall(key_facts: Sequence[Sequence[str]], text: str) -> float | None:
    """Share of the key facts the text states; None for an item without key facts."""
    if not key_facts:
        return None
    return 1.0 - len(missing_facts(key_facts, text)) / len(key_facts)


def lead(text: str) -> str:
    """The direct answer: the answer's first paragraph (one sentence, or one per part of a multi-part
    question), before the supporting quotes."""
    return text.strip().split("\n\n", 1)[0]


def answer_words(text: str) -> int:
    """Words a reader reads: citation markers left out."""
    return len(WORDS.findall(grounding.MARKER.sub(" ", text.lower())))
