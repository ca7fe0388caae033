"""Disagree: the spans that answer a question → where the documents disagree about it (`Disagreement`s).

The corpus is contested by nature: one document lists LLaMA among open-source projects, another says
Meta grants access under conditions. The direct answer is read as a claim ("LLaMA is open source" for
"Is LLaMA open source?", the lead sentence otherwise) and checked by the verifier against the best
spans of the other passages: a span that contradicts it is the other side; a span that supports it but
limits it ("While LLaMA is technically open source, it is not freely available…", "…can be expensive")
is a qualifying side. Sides come from different passages, so a document never disagrees with itself
in one breath. The one decision this stage owns: when to say "Sources differ" — only on a verdict, never
on a hunch, because a false disagreement on a plain fact misleads as much as a hidden one.
Which way a span leans on a question's subject (for `weigh`) is read by `rag.valence`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag import spans, verify
from rag.spans import Span
from rag.valence import valence

__all__ = ["Disagreement", "Side", "claim_of", "find", "states", "valence", "weigh"]

# A clause that limits what the span grants: "while/although … not …", "only under conditions", "but
# hidden costs". Read on spans that already support the claim, so it marks a qualification, not a topic.
_LIMITS = re.compile(
    r"\b(while|although|though|but|however|yet|whereas)\b[^.]*\b(not|no|only|restrict\w*|conditions?|limited|"
    r"hidden|expensive|costly|lack\w*|vulnerable|risks?)\b"
    r"|\bnot freely\b|\bunder (specific |certain )?conditions\b|\bhidden costs?\b|\bcan be expensive\b",
    re.I,
)
_AUX = re.compile(
    r"^\s*(?:and\s+)?(is|are|was|were|can|could|will|would|should|has|have|had|may|might|must|does|do|did)\s+",
    re.I,
)
MAX_STANCE_WORDS = 30  # a side's stance is one line: the first words of its span
# Concepts of degree say how much, not what about: "low-cost" is about cost, not about "more".
_DEGREES = frozenset({"more", "increase", "many", "always", "first", "same", "good"})


@dataclass(frozen=True)
class Side:
    stance: str  # one line, in the documents' words
    spans: tuple[Span, ...]  # what it cites


@dataclass(frozen=True)
class Disagreement:
    about: str
    sides: tuple[Side, ...]


def states(question: str) -> bool:
    """Whether a yes/no question reads as a statement once its auxiliary goes ("Is LLaMA open source?"),
    rather than leaning on a clause before it ("If its code costs nothing, does that make…")."""
    return bool(_AUX.match(question))


def claim_of(question: str, lead: str) -> str:
    """What the answer asserts: a yes/no question read as a statement, otherwise the lead itself."""
    if states(question):
        return _AUX.sub("", question).rstrip(" ?")
    return re.sub(r"^(yes|no):\s*", "", lead, flags=re.I)


def _stance(span: Span) -> str:
    words = span.text.split()
    text = " ".join(words[:MAX_STANCE_WORDS]) + ("…" if len(words) > MAX_STANCE_WORDS else "")
    return f"{span.context.split(' > ')[-1]}: {text}" if span.context else text


def find(question: str, lead: str, candidates: Sequence[Span], readable: Sequence[str]) -> list[Disagreement]:
    """The disagreement about the answer among `candidates` (best first, `readable` their text with label)."""
    claim = claim_of(question, lead)
    if not claim.strip():
        return []
    backing: list[Span] = []
    against: list[Span] = []
    limiting: list[Span] = []
    for span, text in zip(candidates, readable, strict=True):
        judged = verify.judge(claim, text)
        if judged.verdict == "contradicted":
            against.append(span)
        elif judged.verdict == "supported":
            (limiting if _LIMITS.search(span.text) else backing).append(span)
    about = question.rstrip("?").strip()
    for other in (against, limiting):
        # Two sides from different passages: a document does not disagree with itself here.
        sides = [s for s in backing if all(s.passage != o.passage for o in other)][:2]
        if sides and other:
            first = Side(_stance(sides[0]), tuple(sides))
            return [Disagreement(about, (first, Side(_stance(other[0]), tuple(other[:2]))))]
    return []


def weigh(question: str, candidates: Sequence[Span], readable: Sequence[str]) -> list[Disagreement]:
    """The two sides among `candidates` (the spans most about the question, best first, `readable` their
    text with label) when some lean the way the question does and others the other way: "Are open LLMs
    the low-cost option?" — "lower costs compared to proprietary ones" against "deploying a model can be
    expensive". A question that leans neither way splits the spans into good and bad. Each side's
    spans come from passages of their own; both sides must be there."""
    claim = claim_of(question, question)
    lean = valence(claim) or 1
    # What the question asks about, beyond the things it names and the side: a span takes a side on it
    # only when it speaks of it ("safer" — "security risks"; "low-cost" — "expensive").
    aspects = set(verify.concepts(claim)) - verify.GENERIC - verify.SIDES - _DEGREES
    agree: list[Span] = []
    differ: list[Span] = []
    for span, text in zip(candidates, readable, strict=True):
        if (
            span.text.rstrip().endswith((":", "?"))
            or "|" in span.text
            or not aspects & set(verify.concepts(text))
        ):
            # A label or a question takes no side, nor a table row (it sets both sides side by side),
            # nor a span on another aspect.
            continue
        # The statement, not its label ("Cost: … lower costs"): a label names the aspect, not a side.
        v = valence(spans.without_label(span.text))
        if v:
            (agree if (v > 0) == (lean > 0) else differ).append(span)
    first = _distinct(agree, ())
    second = _distinct(differ, {s.passage for s in first})
    if not first or not second:
        return []
    about = question.rstrip("?").strip()
    return [Disagreement(about, (Side(_stance(first[0]), first), Side(_stance(second[0]), second)))]


def _distinct(spans: Sequence[Span], taken: Iterable[int]) -> tuple[Span, ...]:
    """At most two spans from passages not `taken`, one per passage."""
    seen = set(taken)
    out: list[Span] = []
    for s in spans:
        if s.passage not in seen and len(out) < 2:
            out.append(s)
            seen.add(s.passage)
    return tuple(out)
