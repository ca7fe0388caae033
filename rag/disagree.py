"""Disagree: the spans that answer a question → where the documents disagree about it (`Disagreement`s).

The corpus is contested by nature: one document lists LLaMA among open-source projects, another says
Meta grants access under conditions. The direct answer is read as a claim ("LLaMA is open source" for
"Is LLaMA open source?", the lead sentence otherwise) and checked by the verifier against the best
spans of the other passages: a span that contradicts it is the other side; a span that supports it but
limits it ("While LLaMA is technically open source, it is not freely available…", "…can be expensive")
is a qualifying side. Sides come from different passages, so a document never disagrees with itself
in one breath. The one decision this stage owns: when to say "Sources differ" — only on a verdict, never
on a hunch, because a false disagreement on a plain fact misleads as much as a hidden one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag import verify
from rag.spans import Span

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
MAX_STANCE_WORDS = 30


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
