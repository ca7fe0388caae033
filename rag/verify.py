"""Verify: a claim + a passage → `Judgement`: supported, contradicted or not stated, with the deciding span.

Meaning, not shared words. Words are compared as concepts (stems, with this domain's synonyms folded
together: built = developed = created), and each concept carries a sign, so that opposites cancel or
clash (open ↔ closed/proprietary, public ↔ private, lower ↔ higher, permits ↔ prohibits, free ↔ paid).
The claim is aligned with the passage span (with its list label and the sentence before it, which
pronouns point back to) that holds most of its concepts; then, clause by clause, the polarity of the
claim — negations (not, no, never, without, n't, neither/nor, fails to, lacks…) times the signs of its
aligned concepts — must equal the span's. Names, numbers, dates, sizes and versions must match ("Llama
2" is not "Llama 3"; a different developer is a contradiction), and so must who did what to whom
("X developed Y" against "Y, developed by X").
Concepts come from `rag.concepts` (its word tables in `rag.lexicon`), who did what from `rag.roles`, the
polarity, name and clause checks from `rag.clashes`; this module aligns the claim with the passage's spans
and decides between what they say.
The one decision this stage owns: a claim is *supported* only when the passage states it — anything it
does not state is *not stated*, anything it states otherwise is *contradicted*.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rag import spans
from rag.clashes import (
    GENERIC,
    HELD,
    SIDES,
    clauses_held,
    coverage,
    coverage_besides,
    polarity_clash,
    prefix_flipped,
    salient_clash,
    sides_agree,
)
from rag.concepts import LEADING_SUBORDINATE, clauses, concepts, negations
from rag.grounding import Similarity
from rag.question_kinds import facet
from rag.roles import makers, role_clash, roles
from rag.sentences import MARKER

__all__ = [
    "ALIGN_COVERAGE",
    "ALIGN_SIMILARITY",
    "CONSIDER_COVERAGE",
    "GENERIC",
    "HELD",
    "LEADING_SUBORDINATE",
    "LEANS_BACK",
    "NEAR_SLACK",
    "OUTWEIGH",
    "SAME_MEANING",
    "SIDES",
    "SUPPORT_COVERAGE",
    "Judgement",
    "Verdict",
    "Window",
    "clauses",
    "concepts",
    "decide",
    "judge",
    "judge_all",
    "negations",
    "roles",
]

Verdict = Literal["supported", "contradicted", "not_stated"]
SUPPORT_COVERAGE = 0.75  # share of the claim's concepts the span must hold to support it
CONSIDER_COVERAGE = 0.5  # below this the span is not about the claim at all


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    start: int  # the deciding span's offsets in the passage (0, 0 when nothing decided)
    end: int
    coverage: float
    reason: str
    similarity: float = 0.0  # the embedding cosine of claim and span (0 without the model)

    @property
    def strength(self) -> float:
        """How squarely the span is about the claim: its concepts held plus its cosine."""
        return self.coverage + self.similarity


# Words that make a claim absolute ("fully", "only"): the passage must say them too.
_ABSOLUTE = re.compile(
    r"\b(fully|completely|entirely|totally|always|every|all|only|solely|exclusively|never|none|wholly|purely|"
    r"guarantees?|certainly|must)\b"
)
# A verb that makes a lead-in ending in ":" a statement of its own, not a label.
_A_CLAUSE = re.compile(r"\b(is|are|was|were|has|have|had|can|cannot|may|might|will|must|do|does|did)\b", re.I)
# A span opening with a pronoun points back to the sentence before it, which comes along to be judged.
LEANS_BACK = re.compile(r"^\W*(it|its|they|their|them|this|these|those|such|he|she|his|her)\b", re.I)


Window = tuple[int, int, str, str, str]  # (start, end, text to judge, the span's own text, its label)


@lru_cache(maxsize=1024)
def _windows(passage: str, header_row: str = "") -> tuple[Window, ...]:
    """(start, end, text to judge, the span's own text, its label) for each span: its list label comes
    along, and the sentence before it when it opens with a pronoun that points back there ("It is not
    freely available…"); `header_row`: the header of the table the passage starts inside."""
    units = [s for s in spans.split(passage, 0, header_row) if s.kind != "heading"]
    out = []
    for i, s in enumerate(units):
        context = f"{s.context}: " if s.context else ""
        text = f"{context}{s.text}"
        if (i and LEANS_BACK.search(s.text)) or re.search(r",\s+(it|they)\s", s.text):
            text = f"{units[i - 1].text} {text}" if i else text
        if s.kind == "row":
            # A table cell says one thing of its column's side: "Open-source LLMs, Customization: High".
            out.append((s.start, s.end, text, f"{s.context}: {s.text}", ""))
        else:
            out.append((s.start, s.end, text, s.text, s.context.split(" > ")[-1]))
    return tuple(out)


ALIGN_SIMILARITY = (
    0.72  # cosine at which a span says the same thing in other words (with some shared concepts)
)
ALIGN_COVERAGE = 0.4  # the share of concepts such a span must still hold
NEAR_SLACK = 0.07  # how far below ALIGN_SIMILARITY a span is still close enough to check for a clash
SAME_MEANING = 0.8  # cosine at which the span's words need not match clause by clause (its side must)


_DENIES = re.compile(r"\b(not|never|no|neither|nor|without)\b|n['’]t\b", re.I)


def cell_verdict(claim: str, cell: spans.Span, passage: Sequence[spans.Span]) -> Verdict | None:
    """A claim about a table cell's row read against its column (`passage`: the cell's passage's
    spans): supported when it gives the cell's own value, contradicted when it gives another row's value
    in that column instead ("Falcon 180B is released under Apache 2.0" against "Licence, Falcon 180B:
    Falcon-180B TII Licence", Apache 2.0 being another row's licence); None when it gives neither, or
    does not name the cell's row."""
    names = spans.cell_of(cell)
    if names is None or _DENIES.search(claim):
        return None  # (a denial, "…is not released under Apache 2.0", is read by the clause rules)
    column, row = names
    if facet(column):
        return None  # columns that are the sides, rows that are aspects: a claim may give several

    def word(value: str) -> re.Pattern[str]:  # as words of their own ("MIT" is not the "mit" of "limited")
        return re.compile(rf"(?<!\w){re.escape(value.casefold())}(?!\w)")

    # The row named as written ("Phi-2"; a one-letter row, "A", is too easily an article to say which).
    named = re.compile(rf"(?<!\w){re.escape(row)}(?!\w)")
    if len(row) < 2 or not named.search(claim):
        return None
    said = named.sub(" ", claim).casefold()

    def gives(value: str) -> bool:
        return len(value) >= 3 and word(value).search(said) is not None

    own = cell.text.casefold()
    if gives(own):
        return "supported"
    others = {
        c.text.casefold() for c in passage if (of := spans.cell_of(c)) and of[0] == column and of[1] != row
    }
    return "contradicted" if any(v != own and gives(v) for v in others) else None


@lru_cache(maxsize=1024)
def _table_cells(passage: str, header_row: str) -> tuple[spans.Span, ...]:
    """The table cells of a passage, read once per passage: every claim of a draft is judged against it."""
    return tuple(s for s in spans.split(passage, 0, header_row) if spans.cell_of(s))


def judge(
    claim: str,
    passage: str,
    similarity: Similarity | None = None,
    vocabulary: frozenset[str] = frozenset(),
    header_row: str = "",
) -> Judgement:
    """Whether `passage` supports, contradicts or does not state `claim` (one sentence); `header_row`:
    the header of the table the passage starts inside (`Chunk.table_header`), which names its columns.

    With `similarity` (the embedding model), a span that says the same thing in other words counts as
    stating it; without, only one that holds most of the claim's concepts does.
    """
    claim = MARKER.sub("", claim).strip()
    if passage.count("|") >= 2:  # a table: the claim's row decides by the values it gives for its columns
        cells = _table_cells(passage, header_row)
        told = [(v, c) for c in cells if (v := cell_verdict(claim, c, cells))]
        if told:  # one wrong value is enough to deny it
            verdict, cell = min(told, key=lambda x: x[0] != "contradicted")
            value = "gives" if verdict == "supported" else "gives another value:"
            why = f"the table {value} “{cell.context}: {cell.text}”"
            return Judgement(verdict, cell.start, cell.end, 1.0, why, 1.0)
    mine = concepts(claim)
    windows = _windows(passage, header_row)
    if not mine or not windows:
        return Judgement("not_stated", 0, 0, 0.0, "nothing checkable")
    sims = similarity(claim, [w[2] for w in windows]) if similarity else [0.0] * len(windows)
    scored = sorted(
        ((coverage(mine, concepts(w[2])), sim, w) for sim, w in zip(sims, windows, strict=True)),
        key=lambda x: -(x[0] + x[1]),
    )
    found: list[Judgement] = []
    for cov, sim, (start, end, text, _own, _label) in scored:
        # Who did what is decided by any span that names the thing with its maker, however loosely
        # the rest of it matches ("Claude (Anthropic): …" against "Claude was built by OpenAI").
        if role := role_clash(claim, text):
            found.append(Judgement("contradicted", start, end, cov, role, sim))
    for cov, sim, window in scored[:4]:
        if any(j.start == window[0] for j in found):
            continue
        if (judged := _judge_window(claim, mine, cov, sim, window, vocabulary)) is not None:
            found.append(judged)
    if found:
        return decide(found)
    cov, _, (start, end, *_) = scored[0]
    return Judgement("not_stated", start, end, cov, "no sentence of the passage states it")


def _judge_window(
    claim: str, mine: dict[str, set[int]], cov: float, sim: float, window: Window, vocabulary: frozenset[str]
) -> Judgement | None:
    """What one of the best-aligned spans says of the claim, or None when it decides nothing."""
    start, end, text, own, label = window
    if own.rstrip().endswith("?") or (own.rstrip().endswith(":") and not _A_CLAUSE.search(own)):
        return None  # a label ("Examples:") or a question states nothing; "they are not without challenges:" does
    about = cov >= SUPPORT_COVERAGE or (sim >= ALIGN_SIMILARITY and cov >= ALIGN_COVERAGE)
    near = about or cov >= CONSIDER_COVERAGE or sim >= ALIGN_SIMILARITY - NEAR_SLACK
    if not near:
        return None
    why, substituted = salient_clash(claim, text, vocabulary, own)
    if why:
        # Another figure or version in place of the claim's decides when the span says all the rest.
        besides = coverage_besides(mine, concepts(text), makers(claim).keys())
        held = besides >= SUPPORT_COVERAGE or (about and besides >= CONSIDER_COVERAGE)
        return Judgement("contradicted", start, end, cov, why, sim) if substituted and held else None
    flip = polarity_clash(claim, own, label)  # what the span and its label say, not its neighbour
    if flip:
        return Judgement("contradicted", start, end, cov, flip, sim)
    if (
        about
        and (extra := _ABSOLUTE.findall(claim.lower()))
        and not set(extra) & set(_ABSOLUTE.findall(text.lower()))
    ):
        return None  # "fully open", "only through the API": a claim stronger than its passage is not stated
    theirs = concepts(text)
    predicate = concepts(claim[m.end() :]) if (m := _PREDICATE.search(claim)) else {}
    if predicate and not predicate.keys() & theirs.keys():
        return None  # "open-weight models should be banned" is not stated by a span on open-weight models
    if (
        about
        and not prefix_flipped(mine, theirs)
        and (clauses_held(claim, text, label) if sim < SAME_MEANING else sides_agree(mine, theirs))
        # when the span's neighbour sentence is what holds the claim's words, it must not deny it either
        and (text == own or clauses_held(claim, own, label) or not polarity_clash(claim, text, label))
    ):
        return Judgement(
            "supported",
            start,
            end,
            cov,
            f"the passage states it ({cov:.0%} of its concepts, cosine {sim:.2f})",
            sim,
        )
    return None


# Where a claim's predicate starts: what it says of its subject ("… should be | banned"), of which a span
# stating it must hold something, however many of the subject's words it shares.
_PREDICATE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|should|must|can|cannot|could|will|would|may|might|has|have|had)\s+"
    r"(?:(?:not|be|been|being|also|only|now)\s+)*"
)


OUTWEIGH = 0.25  # how much more squarely a support must be about the claim to outrank a contradiction


def decide(found: Sequence[Judgement]) -> Judgement:
    """The deciding judgement: a contradiction outranks support (a claim one span denies is not safe to
    state) unless the support is far more squarely about the claim — a near-verbatim statement is not
    undone by a loosely related sentence with a "not" in it."""
    against = max((j for j in found if j.verdict == "contradicted"), key=lambda j: j.strength, default=None)
    support = max((j for j in found if j.verdict == "supported"), key=lambda j: j.strength, default=None)
    if against is None or (support is not None and support.strength > against.strength + OUTWEIGH):
        assert support is not None
        return support
    return against


def judge_all(
    claim: str,
    passages: Sequence[str],
    similarity: Similarity | None = None,
    vocabulary: frozenset[str] = frozenset(),
    headers: Sequence[str] = (),
) -> tuple[Judgement, int]:
    """The deciding judgement over several passages and its passage index: a contradiction outranks
    support (a claim one passage denies is not safe to state), then the best covered support.
    `headers`: each passage's table header, as `judge` takes it."""
    heads = [headers[i] if i < len(headers) else "" for i in range(len(passages))]
    # One embedding call for every window of every passage (the encoder is the cost here), then the
    # verifier on each passage with its share of the cosines.
    cosines: dict[str, float] = {}
    if similarity is not None:
        texts = list(
            dict.fromkeys(w[2] for p, h in zip(passages, heads, strict=True) for w in _windows(p, h))
        )
        cosines = dict(zip(texts, similarity(claim, texts), strict=True)) if texts else {}

    def known(_claim: str, texts: list[str]) -> list[float]:
        return [cosines.get(t, 0.0) for t in texts]

    lookup = known if similarity is not None else None
    results = [(judge(claim, p, lookup, vocabulary, heads[i]), i) for i, p in enumerate(passages)]
    if decided := [j for j, _ in results if j.verdict != "not_stated"]:
        best = decide(decided)
        return best, next(i for j, i in results if j is best)
    return (
        max(results, key=lambda x: (x[0].coverage, -x[1]))
        if results
        else (Judgement("not_stated", 0, 0, 0.0, "no passage"), -1)
    )
