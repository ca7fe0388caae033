"""Document references: a question + the passages' places → the documents and passages it names ("the
debate article", "the course's quiz"); the one decision this module owns: which document a question
points at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from rag import verify
from rag.question import Ask, names
from rag.question_kinds import DOC_REFERENCE

# Words of a document reference that name no document in particular.
_PLACE_WORDS = frozenset(
    verify.concepts("according article document text piece post section discussion does")
)
TABLE_ASKED = re.compile(r"\b(table|matrix|grid|chart)\b", re.I)  # "…the debate article's table"


# Words of the asking, not of what is asked: "what kind of model is T5" asks what T5 is.
_FILLER = re.compile(
    r"\b(what|which)\s+(kind|sort|type)s?\s+of\b|\bin (simple|plain) (terms|words)\b|\b(roughly|exactly|"
    r"typically|actually|really|basically|briefly|put simply|simply|approximately|about)\b"
    r"|\b(list|lists|mention|mentions|name|names|cite|cites|highlight|highlights|give|gives)\s*\??\s*$"
    # "how does the article define X?", "what does it mean by X?": the asking, not what is asked
    r"|\b(define[sd]?|mean by)\b",
    re.I,
)


def asked_concepts(text: str) -> dict[str, set[int]]:
    """What a question (part) asks about, as concepts: without its document reference and filler words."""
    return verify.concepts(_FILLER.sub(" ", DOC_REFERENCE.sub(" ", text)))


def doc_words(doc_id: str) -> str:
    """A document's file name as words ("open-vs-closed-source-debate.md" → "open vs closed source
    debate"): what a question calls it by."""
    return Path(doc_id).stem.replace("-", " ").replace("_", " ")


def reference_concepts(question: str) -> set[str]:
    """The concepts of the document or section a question names ("in the technology matrix",
    "according to the course's quiz"), without the words every reference has ("article", "section")."""
    return set(verify.concepts(" ".join(m.group(0) for m in DOC_REFERENCE.finditer(question)))) - _PLACE_WORDS


def placed_passages(question: str, where: Sequence[str]) -> set[int]:
    """The passages from the document the question names (`where` gives each passage's file name, then
    its sections): those whose file holds most of the reference's words; none when it names none. A
    section named too ("the course's quiz") only weighs its spans (`score`): the answer may sit
    elsewhere in the document."""
    said = reference_concepts(question)
    if not said or not where:
        return set()
    overlap = [len(said & set(verify.concepts(w.split(" > ")[0]))) for w in where]
    best = max(overlap)
    return {i for i, n in enumerate(overlap) if n == best} if best else set()


def named_documents(question: str, titles: dict[str, str]) -> set[str]:
    """The documents a question names ("the debate article", "the course's quiz") among `titles` (doc id →
    title): those whose file name or title holds the most words of the reference that set them apart
    (a word every document's name holds, such as "open source", sets none apart)."""
    said = reference_concepts(question)
    if not said or len(titles) < 2:
        return set()
    words = {d: set(verify.concepts(f"{doc_words(d)} {t}")) for d, t in titles.items()}
    common = set.intersection(*words.values())
    scores = {d: len((w - common) & said) for d, w in words.items()}
    best = max(scores.values())
    return (
        {d for d, n in scores.items() if n == best}
        if best and list(scores.values()).count(best) < len(titles)
        else set()
    )


def without_places(ask: Ask, passages: Sequence[tuple[str, str]], where: Sequence[str]) -> Ask:
    """The question's subjects without those that name a document rather than a thing in it ("the
    README", "the FAQ"): found in a file's name or title, never in the passages' text."""
    text = " ".join(t for t, _ in passages).lower()
    places = " ".join(where).lower()
    kept = tuple(n for n in ask.subjects if n.base not in places or n.base in text)
    return ask if len(kept) == len(ask.subjects) else replace(ask, subjects=kept)


# A name joining two parties' names by a hyphen: "the Halcyon-Castellan contract".
_PAIRED = re.compile(r"([A-Z][a-z]{2,})[-–]([A-Z][a-z]{2,})")


def parties_apart(ask: Ask, passages: Sequence[tuple[str, str]]) -> Ask:
    """The question's subjects with a pair of names no passage writes joined ("the Halcyon-Castellan
    contract") read as the two names, where the passages name both: an agreement between Halcyon Systems
    and Castellan Freight is about each."""
    if not any(_PAIRED.fullmatch(n.text) for n in ask.subjects):
        return ask  # (most questions name no pair: the passages need not be read)
    text = " ".join(t for t, _ in passages)
    out = []
    for n in ask.subjects:
        pair = _PAIRED.fullmatch(n.text)
        if pair and n.text not in text and all(re.search(rf"\b{p}\b", text, re.I) for p in pair.groups()):
            out += names(f"{pair[1]} and {pair[2]}", lenient=True)
        else:
            out.append(n)
    return ask if len(out) == len(ask.subjects) else replace(ask, subjects=tuple(out))
