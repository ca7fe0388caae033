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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rag import spans, verify
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


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What a statement says for or against its subject, in the words this corpus argues with: a side that
# finds the subject cheaper, safer or more reliable, against one that finds it costly, risky or opaque.
_GOOD = _words(
    "benefit benefits advantage advantages reliable reliability consistent robust trustworthy trusted safe safer "
    "secure safeguard safeguards protect protects protection enhanced improve improves improved improvement "
    "better best effective efficient affordable cheap cheaper accessible accessibility flexible flexibility "
    "transparent transparency innovation innovative empower empowers democratize democratizes enable enables "
    "easy easier excel excels excellent competitive powerful strong thrive thrives faster privacy customization "
    "customize customizable viable remarkable superior outperform polished seamless support immune freedom"
)
_BAD = _words(
    "risk risks risky vulnerable vulnerability vulnerabilities misuse abuse expensive costly cost costs fee fees "
    "hidden lack lacks lacking limited limitation limitations difficult hard challenge challenges challenging "
    "problem problems issue issues concern concerns bias biases biased error errors harm harmful danger "
    "dangerous threat threats inaccessible restrict restricted restriction restrictions barrier barriers "
    "obstacle obstacles opaque unreliable inconsistent weak poor slow insecure exploit exploited malicious "
    "stifle stifles monopoly expense burden burdens inferior dependency lock skepticism distrust doubt doubts"
)
# Words that turn what follows them around: "not immune", "reducing risks", "audit … for
# vulnerabilities", "hard to identify biases" (a negation of a turn: still bad).
_TURNS = _words(
    "not no never without cannot unable fail fails reduce reduces reducing reduced lower lowers lowering low "
    "minimal minimize minimizes mitigate mitigates mitigating prevent prevents avoid avoids combat fix fixes "
    "correct correction address addresses detect detects detection identify identifies audit audits scrutiny "
    "scrutinize overcome overcomes remove removes removed eliminate eliminates shatter shatters solve solves "
    "tackle tackles protect protects against immune"
)
_NEGATIONS = frozenset({"not", "no", "never", "without", "cannot", "unable", "fail", "fails"})
_HARD = re.compile(r"\b(hard|difficult|harder|impossible) to\b")
# Concepts of degree say how much, not what about: "low-cost" is about cost, not about "more".
_DEGREES = frozenset({"more", "increase", "many", "always", "first", "same", "good"})
# A bad thing said to be small after it is named: "costs stay low", "risks are minimal".
_LOWERED = frozenset(
    {
        "low",
        "lower",
        "reduced",
        "minimal",
        "minimized",
        "down",
        "fall",
        "falls",
        "drop",
        "drops",
        "nothing",
        "little",
        "less",
    }
)
AFTER_REACH = 3  # words after a bad word that may lower it
# Where a turning word's reach ends: a clause, or a participle or relative clause after a comma
# ("lower costs …, making them accessible": "accessible" is not lowered).
_CLAUSE_ENDS = re.compile(
    r"[.;!?]|\b(?:but|however|whereas|yet|although|though)\b|,\s+(?=\w+ing\b|which\b|who\b)"
)
TURN_REACH = (
    8  # words a turning word governs: "audit the models for ethical concerns, security vulnerabilities"
)


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


def valence(text: str) -> int:
    """How a statement leans on its subject: good words count +1, bad ones -1, each turned by the
    nearest turning word before it in its clause ("lower costs" is good, "not immune" bad, "audit …
    for vulnerabilities" good) or a lowering word right after it ("costs stay low"), and turned back
    when a negation governs the turning word ("hard to identify biases" is bad). A leading "While …,"
    clause is the concession, not the statement."""
    text = verify.LEADING_SUBORDINATE.sub("", _HARD.sub("not", text.lower()))
    total = 0
    for clause in _CLAUSE_ENDS.split(text):
        words = re.findall(r"[a-z]+(?:n't)?", clause)
        total += sum(_lean(words, i) for i in range(len(words)))
    return total


def _lean(words: list[str], i: int) -> int:
    """+1, -1 or 0: how word `i` of a clause leans, once turned."""
    sign = 1 if words[i] in _GOOD else -1 if words[i] in _BAD else 0
    if not sign:
        return 0
    turn = next((j for j in range(i - 1, max(-1, i - TURN_REACH - 1), -1) if _turns(words[j])), None)
    if turn is not None:
        sign = -sign
        if words[turn] not in _NEGATIONS and any(_negates(x) for x in words[max(0, turn - 2) : turn]):
            sign = -sign
    elif sign < 0 and _LOWERED & set(words[i + 1 : i + 1 + AFTER_REACH]):
        sign = -sign
    return sign


def _negates(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")


def _turns(word: str) -> bool:
    return word in _TURNS or word.endswith("n't")


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
        v = valence(span.text.split(":", 1)[1] if spans.label_of(span.text) else span.text)
        if v:
            (agree if (v > 0) == (lean > 0) else differ).append(span)
    if not agree or not differ:
        return []
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
