"""Disagree: the spans that answer a question → where the documents disagree about it (`Disagreement`s).

The corpus is contested by nature: one document lists LLaMA among open-source projects, another says
Meta grants access under conditions. The direct answer is read as a claim ("LLaMA is open source" for
"Is LLaMA open source?", the lead sentence otherwise) and checked by the verifier against the best
spans of the other passages: a span that contradicts it is the other side; a span that supports it but
limits it ("While LLaMA is technically open source, it is not freely available…", "…can be expensive")
is a qualifying side. Sides come from different passages, so a document never disagrees with itself
in one breath. The one decision this stage owns: when to say "Sources differ" — only on a verdict, never
on a hunch, because a false disagreement on a plain fact misleads as much as a hidden one.
A question that asks for a judgement ("is it safer?", "how good is the help?") is weighed instead
(`weigh`): the spans that speak of the aspect it judges (`rag.lexicon.ASPECTS`) split by which way they
lean on it, read by `rag.valence`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rag import spans, verify
from rag.concepts import clauses as concept_clauses
from rag.concepts import negations, tokens
from rag.lexicon import ASPECTS, WORD_CONCEPTS
from rag.spans import Span
from rag.valence import timed, valence
from rag.words import stem

__all__ = [
    "Disagreement",
    "Side",
    "aspect_names",
    "aspects",
    "claim_of",
    "find",
    "states",
    "valence",
    "weigh",
]

# A clause that limits what the span grants: "while/although … not …", "only under conditions", "but
# hidden costs". Read on spans that already support the claim, so it marks a qualification, not a topic.
_LIMITS = re.compile(
    # ("only as durable as" compares; it bounds nothing)
    r"\b(while|although|though|but|however|yet|whereas)\b[^.]*\b(not|no|only(?!\s+as\b)|restrict\w*|conditions?|limited|"
    r"hidden|expensive|costly|lack\w*|vulnerable|risks?)\b"
    r"|\bnot freely\b|\bunder (specific |certain )?conditions\b|\bhidden costs?\b|\bcan be expensive\b"
    # A grant with its bounds: "commercial use only for organisations below 50,000 users", "as long as a
    # clinician reviews", "unless…", "subject to…", "capped at…".
    r"|\bonly (?:for|to|if|when|under|with|where|within|below|above|up to|after|once)\b|\bunless\b|\bexcept\b"
    r"|(?<!\bfor )\bas long as\b|\bprovided (?:that )?\b|\bsubject to\b|\bcap(?:s|ped)? (?:at|to)\b"
    # A grant hedged: "the other languages are best-effort: Dutch generally works, but test it before
    # relying on it".
    r"|\bbest[- ]effort\b|\bexperimental\b|\bunofficial(?:ly)?\b|\bbefore relying on\b",
    re.I,
)
_AUX = re.compile(
    r"^\s*(?:and\s+)?(is|are|was|were|can|could|will|would|should|has|have|had|may|might|must|does|do|did)\s+",
    re.I,
)
_CHOICE = re.compile(r"\bor\s+(?!not\b|even\b)[a-z]")
MAX_SIDE_SPANS = 2  # the passages a side cites
MAX_STANCE_WORDS = 30  # a side's stance is one line: the first words of its span


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
    rather than leaning on a clause before it ("If its code costs nothing, does that make…") or offering a
    choice ("Does publishing weights make AI safer or more dangerous?": neither "yes" nor "no" answers it;
    "…the way Meta or Mistral are" joins two names, and "…or not" asks yes or no)."""
    return bool(_AUX.match(question)) and not _CHOICE.search(question)


def claim_of(question: str, lead: str) -> str:
    """What the answer asserts: a yes/no question read as a statement, otherwise the lead itself."""
    if states(question):
        claim = _AUX.sub("", question).rstrip(" ?")
        # "Does the Institute want open-weight models banned?": what it wants is what it says should be
        # done ("open-weight models should be banned"); "Do not ban open weights" in its paper denies it.
        return _WANTED.sub(r"\1should be \2", claim)
    return re.sub(r"^(yes|no):\s*", "", lead, flags=re.I)


_WANTED = re.compile(r"^.*?\b(?:want|wants|wanted|would like)\s+((?:[\w-]+\s+){1,5}?)([a-z]+ed|[a-z]+en)$")


def _stance(span: Span, at: int = 0) -> str:
    """The span in at most MAX_STANCE_WORDS words, around character `at` (a figure it gives) when the
    whole does not fit."""
    words = span.text.split()
    if len(words) <= MAX_STANCE_WORDS:
        text = span.text
    else:
        middle = len(span.text[:at].split())
        start = max(0, min(middle - MAX_STANCE_WORDS // 2, len(words) - MAX_STANCE_WORDS))
        end = start + MAX_STANCE_WORDS
        text = ("…" if start else "") + " ".join(words[start:end]) + ("…" if end < len(words) else "")
    # (a cell of a record's empty-headed column reads by its row: "K7 list price: £11,900"; not an answer by
    # the question turn it answers, which is no part of its stance)
    label = span.context.split(" > ")[-1].strip(", ")
    if (cell := spans.cell_of(span)) and spans.measured_by(cell) == cell[1]:
        label = cell[1]  # (under a column that only holds values: "Consultation closes: 31 March 2026")
    return f"{label}: {text}" if label and not label.endswith("?") else text


def find(
    question: str, lead: str, candidates: Sequence[Span], readable: Sequence[str], by_cues: bool = False
) -> list[Disagreement]:
    """The disagreement about the answer among `candidates` (best first, `readable` their text with label);
    `by_cues`: read a yes/no question's spans by their cues (`_by_cues`) rather than by the verifier's
    verdicts, the last resort when neither those nor a judgement's leanings found sides."""
    claim = claim_of(question, lead)
    if not claim.strip():
        return []
    if by_cues:
        # The verifier rarely links a paraphrase ("put it into production without paying a penny" for
        # "use it in a commercial product without paying anything"): the spans sharing what the claim
        # says of its subject are read by their cues instead, a denial or a bound against a plain grant.
        backing, denying, limiting = _by_cues(claim, candidates) if states(question) else ([], [], [])
        # (a denial and a bound are one side against a plain grant, in the order they answer)
        against = [s for s in candidates if s in denying or s in limiting]
        pairs: tuple[tuple[list[Span], list[Span]], ...] = ((backing, against), (limiting, denying))
    else:
        backing, against, limiting = _by_verdicts(question, claim, candidates, readable)
        pairs = ((backing, against), (backing, limiting), (limiting, against))
    # A plain yes against a no, or against a yes with bounds; else a yes with bounds against a no.
    for yes, other in pairs:
        # Two sides from different passages: a document does not disagree with itself here. (A passage
        # may hold both: a chat that reports the denial it then corrects.)
        for first in yes:
            if con := [o for o in other if o.passage != first.passage][:2]:
                pro = [s for s in yes if all(s.passage != o.passage for o in con)][:2]
                return [sides_of(question, tuple(pro), tuple(con))]
    return []


def _by_verdicts(
    question: str, claim: str, candidates: Sequence[Span], readable: Sequence[str]
) -> tuple[list[Span], list[Span], list[Span]]:
    """The spans the verifier finds backing the claim, those it finds denying it, and those backing it
    with limits (`_LIMITS`)."""
    # "Is Llama open source, so I can ship it with no strings attached?": a passage may deny one
    # statement of a question that makes two ("Llama is not open source, full stop").
    parts = concept_clauses(claim) if states(question) else []
    backing: list[Span] = []
    against: list[Span] = []
    limiting: list[Span] = []
    for span, text in zip(candidates, readable, strict=True):
        verdict = verify.judge(claim, text).verdict
        if verdict == "not_stated" and len(parts) > 1:
            # The passage that speaks to one statement of the question decides by it.
            each = {verify.judge(part, text).verdict for part in parts}
            verdict = next((v for v in ("contradicted", "supported") if v in each), verdict)
        if verdict == "contradicted":
            against.append(span)
        elif verdict == "supported":
            (limiting if _LIMITS.search(span.text) else backing).append(span)
    return backing, against, limiting


def bounds(text: str) -> bool:
    """Whether `text` limits or bounds what it grants: "only for…", "must obtain…", "fewer than…"."""
    return bool(_LIMITS.search(text) or _BOUND.search(text))


def _by_cues(claim: str, candidates: Sequence[Span]) -> tuple[list[Span], list[Span], list[Span]]:
    """The spans that grant what the claim says of its subject, those that deny it and those that bound
    it: each holding concepts of the claim's predicate (not only its names, nor the words every passage
    here holds, "model"), a denial being a negation the claim lacks ("does not make production use free"),
    a bound a limit on the grant (`_LIMITS`, "must obtain a separate agreement", "unless you opt out")."""
    # What the claim asks to do without is the bound it asks about, not part of the grant: "a council use
    # Marlpit commercially without any extra agreement" is granted by "commercial use is permitted" and
    # bounded by "must obtain a separate commercial agreement".
    claim = _WITHOUT.sub("", claim)
    named = {c for n in re.findall(r"\b[A-Z][\w-]*", claim) for c in verify.concepts(n)}
    predicate = set(verify.concepts(claim)) - named - verify.GENERIC
    if len(predicate) < CUE_CONCEPTS:
        return [], [], []
    denied = negations(claim)
    claimed = set(verify.concepts(claim))
    grant: list[Span] = []
    deny: list[Span] = []
    bound: list[Span] = []
    for span in candidates:
        # (a heading or a label names a topic; it takes no side)
        if span.kind == "heading" or len(span.text.split()) < CUE_WORDS:
            continue
        # (a third of a long predicate: "is assessing a local facility" holds two of "the council legally
        # requiring an environmental impact assessment for the facility", and grants none of it)
        if len(predicate & set(verify.concepts(span.text))) < max(CUE_CONCEPTS, len(predicate) / CUE_SHARE):
            continue
        # (a negation of a thing the claim does not speak of denies nothing: "free, no strings attached")
        if negations(span.text, claimed) != denied:
            deny.append(span)
        else:
            (bound if bounds(span.text) else grant).append(span)
    return grant, deny, bound


_WITHOUT = re.compile(r"\s+without\b[^,;]*$", re.I)
CUE_WORDS = 6  # words a span needs to grant or deny anything by its cues
CUE_CONCEPTS = 2  # concepts of the claim's predicate a span must hold to grant or deny it by its cues
CUE_SHARE = 3  # …and at least a third of them
# An obligation or threshold that bounds a grant: "must obtain a separate commercial agreement",
# "organisations with revenue above €50 million"; a part held back: "withheld the Commons-Crawl-B portion".
_BOUND = re.compile(
    r"\b(?:must|required to|requires?|need to|needs to)\b|\b(?:above|below|over|under) (?:a |the )?[€$£\d]"
    r"|\b(?:withh[eo]lds?|withholding|kept back|held back)\b"
    # a ceiling: "free commercial use is limited to licensees with fewer than 2,500 monthly active users"
    r"|\b(?:limited|restricted|confined) to\b|\brestrictions? (?:on|to)\b|\b(?:fewer|no more) than\b|\bat most\b",
    re.I,
)


def sides_of(question: str, *sides: tuple[Span, ...], at: Sequence[int] = ()) -> Disagreement:
    """The disagreement about the question between sides, each said by its first span (around its
    character `at[i]`, when given: the figure it gives)."""
    about = question.rstrip("?").strip()
    return Disagreement(
        about,
        tuple(Side(_stance(spans[0], at[i] if i < len(at) else 0), spans) for i, spans in enumerate(sides)),
    )


def _stems(text: str) -> frozenset[str]:
    # (a word whose stem collides with another's is its concept: "customers" is no "customization")
    words = tokens(text)
    return frozenset(WORD_CONCEPTS.get(w, s) for w, s in zip(words, stem(words), strict=True))


@cache
def _aspects() -> tuple[frozenset[str], ...]:
    return tuple(_stems(words) for words in ASPECTS.values())


def aspects(text: str) -> frozenset[str]:
    """The word stems of the judgement `text` asks for or makes, whichever way it goes: "safer" → the
    security aspect's ("risk", "misus", "secur", …); empty when it asks for no judgement. Stems, not
    the lexicon's concepts: those fold "expensive" into "more", which every comparison holds."""
    # (a passive verb tells what was done, not how good it was: "Has Harrowgate been paid for banking
    # work?" judges no cost)
    have = _stems(_DONE_TO.sub(" ", text))
    return frozenset().union(*(group for group in _aspects() if group & have))


_DONE_TO = re.compile(r"\b(?:been|being|was|were|get|gets|got|getting)\s+(?:\w+ly\s+)?paid\b", re.I)


def aspect_names(text: str) -> str:
    """The names of the aspects `text` judges ("safer" → "security", "low-cost" → "cost"), as the
    documents' headings put them: what a search for either side of the judgement asks for."""
    have = _stems(text)
    return " and ".join(name for name, group in zip(ASPECTS, _aspects(), strict=True) if group & have)


def weigh(
    question: str,
    candidates: Sequence[Span],
    readable: Sequence[str],
    sides: Sequence[str | None],
    ref: str | None,
) -> list[Disagreement]:
    """The two sides among `candidates` (the spans most about the question, best first, `readable` their
    text with label, `sides` the side each is about) when some lean the way the question does on the
    aspect it judges and others the other way: "Are open LLMs the low-cost option?" — "lower costs
    compared to proprietary ones" against "deploying a model can be expensive". A span on the other
    side than `ref` (the side the question is about) leans the other way: "closed models cost more" is
    a point for open models. A question that leans neither way splits the spans into good and bad.
    Each side's spans come from passages of their own; both sides must be there."""
    claim = claim_of(question, question)
    about = aspects(claim)
    if not about:
        return []
    lean = valence(claim) or 1
    agree: list[tuple[tuple[bool, int], Span]] = []
    differ: list[tuple[tuple[bool, int], Span]] = []
    for span, text, side in zip(candidates, readable, sides, strict=True):
        on_aspect = about & _stems(text) or ("support" in about and timed(text))
        if span.text.rstrip().endswith((":", "?")) or "|" in span.text or not on_aspect:
            # A label or a question takes no side, nor a table row (it sets both sides side by side),
            # nor a span on another aspect (how fast a vendor delivered is its support's).
            continue
        # A label that names a problem is the author's verdict on what follows ("Limited Support: users
        # … rely on community forums for help"); a one-word label or a good one names a topic
        # ("Cost: … lower costs", "Security: …"), so the statement says which way it goes.
        named = spans.label_of(span.text) or ""
        label = valence(named)
        verdict = label < 0 and len(named.split()) > 1
        v = label if verdict else valence(spans.without_label(span.text)) or label
        if side and ref and side != ref:
            v = -v
        if v:
            # A side is best shown by what the documents say of the side asked about ("deploying a
            # model can be expensive"), then by what they say of the other ("closed models cost less to
            # run"); of those, first the spans whose own words say most of the aspect ("bad actors
            # could find ways to exploit…"), a span whose heading alone names it last.
            own = about & _stems(span.text)
            rank = (ref is not None and side not in (None, ref), -len(own))
            (agree if (v > 0) == (lean > 0) else differ).append((rank, span))
    pro = [span for _, span in sorted(agree, key=lambda x: x[0])]
    con = [span for _, span in sorted(differ, key=lambda x: x[0])]
    # The sides choose a passage each in turn, the side with fewer passages first: a passage both
    # could cite goes where it is needed, and neither side takes two before the other has one.
    scarce = len({s.passage for s in con}) < len({s.passage for s in pro})
    chosen: tuple[list[Span], list[Span]] = ([], [])
    for _ in range(MAX_SIDE_SPANS):
        for mine, options in ((1, con), (0, pro)) if scarce else ((0, pro), (1, con)):
            taken = {s.passage for s in chosen[0] + chosen[1]}
            if pick := next((s for s in options if s.passage not in taken), None):
                chosen[mine].append(pick)
    first, second = tuple(chosen[0]), tuple(chosen[1])
    if not first or not second:
        return []
    return [sides_of(question, first, second)]
