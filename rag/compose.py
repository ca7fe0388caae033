"""Compose: a question + retrieved passages → a `Composition`: the direct answer first, then its evidence.

Attribute first, then answer: every span of the passages (sentence, list item, table row) is scored on
whether it gives the asked kind of answer (`question.Ask`) about the asked subject — a name for "who",
a place for "where", a date for "when", a number for "how many", named items for a list — not only on
the words it shares with the question. Each part of the question gets its own best span; the answer
opens with one short statement per part, built from that span's own words (the clause that carries the
answer, led by its subject when the clause lacks it), and the spans follow as quotes. When no span
gives the asked kind about the asked subject the part is refused, and when the documents give it only
for a neighbouring version ("Llama 3" for "Llama 2") the refusal says so.
The one decision this stage owns: which spans answer, and what the answer's first sentence says.
Its steps, one module each: evidence units (`compose_units`), answer kinds (`compose_kinds`), scoring and
acceptance (`compose_scoring`), lists (`compose_lists`), definitions (`compose_definitions`), document
references (`compose_places`), a part's lead (`compose_lead`) and its wording (`compose_wording`), the quotes
(`compose_quotes`); the records they hand each other are in `compose_records`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace

from rag import disagree, spans, verify
from rag.compose_definitions import defined_term, gloss
from rag.compose_extremes import at_rank, extreme, row_mate
from rag.compose_kinds import (
    HOW_LONG,
    NAMED_KINDS,
    SCALE,
    TAKES_EFFECT,
    WENT_LIVE,
    asks_sum,
    dates,
    first_figure,
    gives,
    match_subject,
    measures,
    proper,
    same_date,
    says_unit,
    strict,
    sum_unit,
    words_of,
)
from rag.compose_lead import answer_part, rows_of
from rag.compose_lists import EVERY_LIST, Block, blocks, items, modelish, name_sides
from rag.compose_places import (
    TABLE_ASKED,
    asked_concepts,
    doc_words,
    named_documents,
    parties_apart,
    placed_passages,
    without_places,
)
from rag.compose_quotes import ANSWER_MAX_WORDS, choose_quotes, restates
from rag.compose_records import Composition, Lead, Scored
from rag.compose_scoring import HAPPENS_ASKED, accepted, score
from rag.compose_units import (
    evidence_units,
    goes_on,
    leans_back,
    lower_words,
    naming_words,
    own_heading,
    readable,
    row_name,
)
from rag.compose_wording import LEAD_MAX_WORDS, as_sentence, clauses, trim
from rag.concepts import concepts, tokens
from rag.grounding import Similarity
from rag.lexicon import WORD_NUMBERS
from rag.question import Ask, Kind, Part, asked_names, compared, names, unit_of
from rag.question_kinds import DOC_REFERENCE, SIGNED_ASKED, first_side, own_facet
from rag.spans import Span, cell_of
from rag.words import stem

__all__ = [
    "ANSWER_MAX_WORDS",
    "LEAD_MAX_WORDS",
    "NAMED_KINDS",
    "NOT_SAID",
    "TABLE_ASKED",
    "Block",
    "Composition",
    "Lead",
    "Scored",
    "accepted",
    "blocks",
    "clauses",
    "compose",
    "defined_term",
    "doc_words",
    "gives",
    "gloss",
    "items",
    "judged",
    "lower_words",
    "modelish",
    "name_sides",
    "named_documents",
    "proper",
    "score",
    "side_asked",
    "strict",
]

_PRONOUN_PART = re.compile(r"\b(it|its|they|them|their|this|that|these|those|he|she|his|her)\b", re.I)
# A later part naming the earlier one's event by a noun ("…, and what was the limit before the change?",
# "…, and for how many days did the run last?").
_EVENT_BACK = re.compile(
    r"\bthe (?:change|increase|decrease|cut|rise|drop|move|switch|update|upgrade|release|launch|round|deal|"
    r"decision|announcement|incident|ruling|judgment|vote|merger|acquisition|migration|run|training run|pilot|"
    r"trial|study|outage|project|programme|contract|tender|survey)\b",
    re.I,
)
_ONE_SOURCE = re.compile(
    r"\baccording to\b|\b(?:did|does|do)\s+(?:the\s+)?\S+(?:\s+\S+){0,2}\s+(?:say|write|report|claim|estimate|"
    r"mention|recommend|conclude|find|list|give|state|quote|show|cite)\b|\b(?:in|by) the (?:review|report|study|survey|article|thread|post|paper|"
    r"brief|judgment|minutes)\b",
    re.I,
)
NOT_SAID = "The documents do not say"  # our framing of an unanswered part: not a claim to cite
_OPEN_KINDS: frozenset[Kind] = frozenset({"description", "definition", "reason"})
ELLIPTIC_WORDS = 4  # a later part of a question this short leaves what it asks of to the part before
NEIGHBOUR_CANDIDATES = 10  # the best-ranked spans searched for a neighbouring version of the subject


@dataclass(frozen=True)
class _Evidence:
    """What every part of a question is answered from."""

    passages: Sequence[tuple[str, str]]
    split: list[list[Span]]  # every span of each passage
    units: list[Span]
    listed: list[Block]
    placed: set[int]  # the passages of the document the question names
    common: frozenset[str]
    similarity: Similarity
    min_sim: float
    where: Sequence[str]
    openings: Sequence[str]


@dataclass
class _Draft:
    """What the parts have answered so far."""

    leads: list[Lead] = field(default_factory=list)
    used: list[Span] = field(default_factory=list)
    pool: list[Scored] = field(default_factory=list)  # further spans that may be quoted
    missing: list[str] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)
    first_good: list[Scored] = field(default_factory=list)
    first_ranked: list[Scored] = field(default_factory=list)
    extremes: list[Lead] = field(default_factory=list)  # leads read off a table's highest or lowest cell
    rows: list[str] = field(default_factory=list)  # the table lines the parts' one-cell leads were named by

    def copy(self) -> _Draft:
        """A draft to try a part on, leaving this one as it was."""
        return _Draft(*(list(getattr(self, f.name)) for f in fields(self)))


def compose(
    ask: Ask,
    passages: Sequence[tuple[str, str]],
    similarity: Similarity,
    min_sim: float,
    max_quotes: int = 2,
    vocabulary: frozenset[str] | None = None,
    where: Sequence[str] = (),
    headers: Sequence[str] = (),
    openings: Sequence[str] = (),
) -> Composition:
    """The direct answer and its evidence from the passages (`(text, section)` each, best first);
    `headers`: the header row of the table each passage starts inside ("" for none, `Chunk.table_header`);
    `openings`: the opening of each passage's document (`sections.opening`)."""
    split = [  # once, for units, lists and table rows
        spans.split(text, i, headers[i] if i < len(headers) else "") for i, (text, _) in enumerate(passages)
    ]
    units = evidence_units(passages, split)
    listed = blocks(split)
    placed = placed_passages(ask.question, where)
    if where and ask.subjects:
        ask = without_places(ask, passages, where)
    common = (vocabulary or frozenset()) | lower_words(passages)
    evidence = _Evidence(passages, split, units, listed, placed, common, similarity, min_sim, where, openings)
    draft = _Draft()
    for part in ask.parts:
        for i, asked in enumerate(tried := _part_asks(ask, part, bool(draft.leads))):
            attempt = draft.copy()
            _answer(parties_apart(asked, passages), part, evidence, attempt)
            if part.text not in attempt.missing or i == len(tried) - 1:
                draft = attempt
                break
    return _finish(ask, draft, passages, min_sim, max_quotes)


def _part_asks(whole: Ask, part: Part, answered: bool) -> tuple[Ask, ...]:
    """The question as one of its parts asks it: a short later part first as about the names before it
    ("How much did Brackwater raise, and who led the round?"), then, unanswered so, as about none ("At
    Brightwater, who must build the harness, and by what date?" — the date is under no name) — when the
    parts before it were `answered`: otherwise the documents hold nothing of those names to go on from."""
    asked = _part_ask(whole, part)
    inherited = answered and _elliptic(whole, part) and asked.subjects and not names(part.text)
    return (asked, replace(asked, subjects=())) if inherited else (asked,)


def _elliptic(whole: Ask, part: Part) -> bool:
    """Whether the part is a later one too short to name what it asks of, or naming it as "the change"."""
    return part != whole.parts[0] and (
        len(part.text.split()) <= ELLIPTIC_WORDS or bool(_EVENT_BACK.search(part.text))
    )


def _part_ask(whole: Ask, part: Part) -> Ask:
    """The question as one of its parts asks it."""
    if len(whole.parts) <= 1:
        return whole
    # Each part is about its own names ("when were transformers introduced and when did Meta put
    # out LLaMA 2?": only the second is about LLaMA 2); a part without names, about the question's.
    mine = asked_names(part.text, names(part.text))
    # ("what happened to the first LLaMA release, and what terms does Meta give for LLaMA?": the family)
    own = tuple({n.key(): n for n in compared([*mine, *whole.subjects])[: len(mine)]}.values())
    # A later part too short to name what it asks of goes on about the earlier ones (see `_part_asks`);
    # a longer one says what it is about.
    inherits = _elliptic(whole, part) or _PRONOUN_PART.search(part.text)
    # (and counts what it asks: "How big is Rook in parameters, and how much text can it take in?")
    # (and is asked in its own words: "how many accelerators…, and how long did the run last?" — the
    # first part asks no span of time)
    return replace(
        whole,
        question=part.text,
        subjects=own or (whole.subjects if inherits else ()),
        unit=unit_of(part.text),
    )


def _under_signature(s: Span, passage: Sequence[Span]) -> bool:
    """Whether the span comes straight after a signature in its passage."""
    before = [p for p in passage if p.end <= s.start]
    return bool(before) and spans.signature(before[-1].text)


def _answer(ask: Ask, part: Part, evidence: _Evidence, draft: _Draft) -> None:
    """One part answered into the draft: its lead and evidence, or its place among the missing."""
    e = evidence
    ranked = score(ask, part, e.units, e.passages, e.similarity, e.common, e.where, e.openings, e.split)
    draft.first_ranked = draft.first_ranked or ranked
    good = accepted(ask, part, ranked, e.min_sim)
    # "…does the rise-of-open-source article highlight?": from that article when it answers at all.
    good = [x for x in good if x.span.passage in e.placed] or good
    if part.kind == "entity" and SIGNED_ASKED.search(part.text):
        # "Who signed the audit report?": its signature, not the header's "Audit director: Annika Drove".
        good = sorted(good, key=lambda x: not spans.signature(x.span.text))
    elif part.kind == "date" and SIGNED_ASKED.search(part.text):
        # "…, and on what date?" of who signed: the date under the signature ("Margit Hollis-Crane /
        # Auditor-General for Westerland / 28 November 2025"), not when the report came out.
        good = sorted(good, key=lambda x: not _under_signature(x.span, e.split[x.span.passage]))
    elif HAPPENS_ASKED.search(part.text):
        # "What happens to my licence if I…?": an FAQ's own "What happens if you breach §6.2? The licence
        # terminates automatically…" answers it, before the clause it refers to.
        good = sorted(good, key=lambda x: not HAPPENS_ASKED.search(x.span.text))
    if ident := _IDENT_ASKED.search(part.text):
        # "What CVE identifier was assigned…?": the field its label names, "CVE: CVE-2025-31877", not the
        # title that holds more of the question's words.
        good = sorted(
            good, key=lambda x: spans.label_of(x.span.text).strip().lower() != ident.group(1).lower()
        )
    if draft.rows and not names(part.text):
        # A later part naming nothing of its own asks of the table line the part before answered from
        # ("What does the Bough plan cost, and how many tokens are included?": Bough's, not Sprig's).
        good = sorted(good, key=lambda x: draft.rows[-1] not in (cell_of(x.span) or ()))
    if part.kind in _VALUE_KINDS and (hidden := _withheld(ask, ranked, good, e.min_sim)):
        # The passage most like the question says the value is withheld ("Quillon Pratt Analytics |
        # [REDACTED – commercially confidential]"): that is the answer, not a score in another column.
        draft.leads.append(Lead(as_sentence(hidden.text), (hidden,)))
        draft.used.append(hidden)
        return
    sections = [section for _, section in e.passages]
    if lead := extreme(part.text, ask.question, e.split, sections) or at_rank(
        part.text, ask.question, e.split
    ):
        draft.leads.append(lead)
        draft.extremes.append(lead)
        draft.used += list(lead.spans)
        draft.first_good = draft.first_good or good
        return
    if _figure_given(part, draft.extremes):
        return
    # (…or "…, and by what date?" after a cell of an action log's row: that row's date, "Due: 14 March 2025")
    bare_date = part.kind == "date" and part.text.startswith(ask.question) and bool(draft.leads)
    prior = draft.extremes[-1] if draft.extremes else draft.leads[-1] if bare_date else None
    dated = (lambda text: bool(dates(text))) if bare_date else None
    if prior and (mate := row_mate(part.text, prior, e.split, dated)):
        draft.leads.append(mate)
        draft.used += list(mate.spans)
        return
    if found := gloss(part, ask, e.units):
        text, span = found
        draft.leads.append(Lead(as_sentence(text), (span,)))
        draft.used.append(span)
        draft.pool += good[:3]
        draft.first_good = draft.first_good or good
        return
    if not good and (rows := rows_of(ask, part, e.split)):
        draft.leads += rows
        draft.used += [s for lead in rows for s in lead.spans]
        return
    if not good:
        draft.missing.append(part.text)
        draft.neighbours += [
            n
            for x in ranked[:NEIGHBOUR_CANDIDATES]
            if (n := match_subject(ask.subjects, names(readable(x.span), lenient=True))[1])
            # "the documents give this for Llama 2": only when they do give the asked figure or date for it
            and (not strict(part.kind, ask) or gives(part.kind, readable(x.span), ask, e.common))
        ]
        return
    draft.first_good = draft.first_good or good
    if _PROCEDURE.match(part.text) and (run := _procedure(part, good, e.units, e.passages)):
        # "What do staff have to do to get access to Wren?": the steps under "How to request access", in
        # order, not the one step most like the question.
        draft.leads += [Lead(as_sentence(trim(s.text)), (s,)) for s in run]
        draft.used += run
        return
    answered = answer_part(ask, part, good, e.common, e.passages, e.split, e.listed)
    if any(restates(answered.lead.text, lead.text) for lead in draft.leads):
        return  # one span answers two parts ("Claude (Anthropic): emphasizes safety…")
    for i, lead in enumerate(draft.leads):
        if lead.spans == answered.lead.spans and restates(lead.text, answered.lead.text):
            # …and the second takes more of it ("We closed a $48 million Series B in November 2024", then
            # "…, led by Harrow Ventures" for "and which investor led it?"): said once, the longer.
            draft.leads[i] = answered.lead
            return
    if run := _enumerated(answered.lead, e.units):
        # "I can give you three reasons…": the answer is the reasons, told one by one after it.
        draft.leads += [Lead(as_sentence(trim(s.text)), (s,)) for s in run]
        draft.used += run
        return
    draft.leads.append(answered.lead)
    draft.rows += _named_line(part, answered.lead)
    draft.used += answered.evidence
    if part.kind in _OPEN_KINDS and answered.evidence:
        # "Hugging Face is … a hub …. Their platform hosts thousands of models, datasets…": the
        # sentence that goes on about the same subject goes with it.
        # So does the next sentence about what the question asks ("…these licenses is crucial. Some
        # licenses may have restrictions…, requiring careful legal review").
        last = answered.evidence[-1]
        draft.used += [
            n for n in goes_on(last, e.units, e.passages) if leans_back(n) or _carries_on(ask, part, last, n)
        ]
        # An example answers with the point it illustrates: "Example: Deploying LLaMA 3 locally to ensure
        # patient confidentiality" under "Users can run open models on their own servers, keeping
        # control over data privacy".
        draft.used += [p for first in answered.evidence[:1] if (p := _illustrated(first, e.units))]
        if _PROCEDURE.match(part.text):
            # "How can I check the weights I downloaded?": the steps the answer's paragraph leads into.
            draft.used += _steps(answered.evidence[-1], e.units, e.passages)
    if not answered.evidence and len(answered.lead.spans) > 1:
        # A list answered by its labels ("Lack of Transparency, High Costs, Monopoly Risks"): its items
        # are the support, not the next best spans ("Security: By restricting access…" is no weakness).
        listed = set(answered.lead.spans)
        draft.pool += [x for x in good if x.span in listed][:3]
        return
    # Under a table row's answer, other rows of the table are other aspects, not support.
    row = answered.evidence[0] if answered.evidence and answered.evidence[0].kind == "row" else None
    draft.pool += [
        x for x in good[1:4] if row is None or x.span.kind != "row" or row_name(x.span) == row_name(row)
    ]


# An identifier asked by the label of its field: "What CVE identifier…?", "what DOI number…?"
_IDENT_ASKED = re.compile(r"\b(?:what|which)\s+([A-Za-z][\w-]*)\s+(?:identifier|id|number|code)\b", re.I)
# A sentence announcing a count of points ("I can give you three reasons", "two things jump out"), and one
# telling them in order ("The first is that…", "Second, …", "Finally, …").
_ANNOUNCES = re.compile(
    r"\b(?:two|three|four|five|several|a few|a couple of|\d)\s+(?:[a-z-]+\s+)?(?:reasons|things|points|ways"
    r"|arguments|steps|factors|concerns|risks|lessons|problems|objections|changes)\b",
    re.I,
)
_ORDINAL = re.compile(
    r"\s*(?:the\s+(?:first|second|third|fourth|fifth|last|final)\b|(?:first|second|third|fourth|finally|lastly)(?:ly)?,)",
    re.I,
)
ENUMERATION_GAP = 3  # sentences between two told points, at most
MAX_ENUMERATED = 5


# A procedure asked: "How can I check…?", "how do I verify…?", "how to request access?", "what do staff
# have to do to get access…?", "what are the steps…?"
_PROCEDURE = re.compile(
    r"\W*(?:how\s+(?:can|could|do|does|should|would|to)\b"
    r"|what\s+(?:do|does|must|should)\s+[^?]{1,60}?\b(?:have|need)\s+to\s+do\b"
    r"|what\s+(?:are\s+the\s+)?steps\b)",
    re.I,
)
# A heading over a procedure's steps: "How to request access", "Steps to enrol", "Getting access"
_STEPS_HEADING = re.compile(
    r"\s*(?:\d+[.)]?\s*)?(?:how\s+to|how\s+do\s+i|steps?|procedure|process|getting)\b", re.I
)
MAX_STEPS = 6
PROCEDURE_REACH = 5  # of the accepted spans, the best this many may be a step of the asked procedure


def _procedure(
    part: Part, good: list[Scored], units: list[Span], passages: Sequence[tuple[str, str]]
) -> list[Span]:
    """The steps of the procedure a part asks, in order: the list items under a heading that says a
    procedure of what is asked ("How to request access" for "what do staff have to do to get access…?"),
    when one of the best accepted spans is among them; none else."""
    asked = asked_concepts(part.text).keys()
    for x in good[:PROCEDURE_REACH]:
        s = x.span
        heading = own_heading(s, passages[s.passage])
        if s.kind != "item" or not _STEPS_HEADING.match(heading) or not asked & concepts(heading).keys():
            continue
        run = sorted(
            (
                u
                for u in units
                if u.passage == s.passage
                and u.kind == "item"
                and own_heading(u, passages[u.passage]) == heading
            ),
            key=lambda u: u.start,
        )
        if len(run) >= 2:
            return run[:MAX_STEPS]
    return []


def _steps(s: Span, units: list[Span], passages: Sequence[tuple[str, str]]) -> list[Span]:
    """The list items a span's paragraph leads into by a line ending in ":" ("Every weight file is published
    with a SHA-256 checksum… Before deploying a new version:" / "1. Download the checksum manifest…", "2.
    Run the orrin-verify tool…"), in order; none when no such list follows."""
    text = passages[s.passage][0]
    after = sorted((u for u in units if u.passage == s.passage and u.start >= s.end), key=lambda u: u.start)
    run = list(itertools.takewhile(lambda u: u.kind == "item", after))
    if len(run) < 2:
        return []
    # (what stands between the span and the list is the rest of its paragraph, leading into the list)
    gap = f"{s.text}{text[s.end : run[0].start]}".rstrip()
    return run[:MAX_STEPS] if gap.endswith(":") and "\n" not in gap.strip() else []


def _enumerated(lead: Lead, units: list[Span]) -> list[Span]:
    """The points a lead announces and its next sentences tell in order ("The first is that releasing
    weights is irreversible. … The second is…"), when it announces some and at least two are told."""
    if len(lead.spans) != 1 or not _ANNOUNCES.search(lead.spans[0].text):
        return []
    head = lead.spans[0]
    after = sorted(
        (u for u in units if u.passage == head.passage and u.start >= head.end), key=lambda u: u.start
    )
    run: list[Span] = []
    gap = 0
    for u in after:
        if _ORDINAL.match(u.text):
            run.append(u)
            gap = 0
        elif (gap := gap + 1) > ENUMERATION_GAP or len(run) == MAX_ENUMERATED:
            break
    return run if len(run) >= 2 else []


def _named_line(part: Part, lead: Lead) -> list[str]:
    """The row or column of a one-cell lead that the part named ("Bough" of "Bough — Monthly fee: $29"
    for "What does the Bough plan cost?"), when it named one of them alone, by a name: "who acted as
    incident commander?" names a field of a record ("| Incident commander | Dana Okafor |"), and the
    next part asks another field of it, not more of that line."""
    cell = cell_of(lead.spans[0]) if len(lead.spans) == 1 else None
    asked = naming_words(part.text)
    given = {n.base for n in names(part.text, lenient=True)}
    named = [label for label in cell or () if naming_words(label) <= asked and naming_words(label) & given]
    return named if len(named) == 1 else []


_SCORED = frozenset(
    stem(tokens("score scored scores get got achieve achieved reach reached post posted result"))
)


def _figure_given(part: Part, extremes: list[Lead]) -> bool:
    """Whether a later part asks no more than the highest or lowest cell before it said: "Which model was
    the strongest on QuarryEval, and what did it score?" — "Vesper Ultra — QuarryEval: 86.1" (not
    "…, and how many parameters does it have?", a measure the cell does not give)."""
    if not extremes:
        return False
    asked = naming_words(part.text) - {n.base for n in names(part.text, lenient=True)} - _SCORED
    return asked <= naming_words(extremes[-1].text)


_EXAMPLE = re.compile(r"^\W*(?:examples?|e\.g\.|for (?:example|instance))\b", re.I)


def _illustrated(span: Span, units: list[Span]) -> Span | None:
    """The statement an example item illustrates: the item before it under the same label, not itself
    an example (None when the span is no example, or stands alone)."""
    if span.kind != "item" or not _EXAMPLE.match(span.text):
        return None
    before = [
        u
        for u in units
        if u.passage == span.passage
        and u.kind == "item"
        and u.context == span.context
        and u.end <= span.start
    ]
    last = max(before, key=lambda u: u.start, default=None)
    return last if last is not None and not _EXAMPLE.match(last.text) else None


def _carries_on(ask: Ask, part: Part, span: Span, after: Span) -> bool:
    """Whether the sentence after a span speaks again of a thing the question asks about, besides the
    open and closed models every passage speaks of and the names every span about them holds."""
    named = {c for n in ask.subjects for c in concepts(n.text)}
    asked = set(asked_concepts(part.text)) - EVERY_LIST - named
    return bool(asked & set(concepts(span.text)) & set(concepts(after.text)))


def _finish(
    ask: Ask, draft: _Draft, passages: Sequence[tuple[str, str]], min_sim: float, max_quotes: int
) -> Composition:
    """The composition from the parts' draft: where the documents disagree, the quotes, the note."""
    leads, used, missing = draft.leads, draft.used, draft.missing
    sides = _sides(ask, leads, draft.first_good, draft.first_ranked, passages, min_sim)
    if not leads and sides:
        # No span answers it outright, yet the documents argue it both ways: that is the answer.
        first = sides[0].sides[0].spans[0]
        leads, used, missing = [Lead(as_sentence(first.text), (first,))], [first], []
    if not leads:
        return Composition([], [], True, _refusal_note(ask, draft.neighbours))
    if ask.kind in _VALUE_KINDS and len(ask.parts) == 1 and (told := _undisclosed(leads[0])):
        # "What does Lumora charge per million output tokens?" answered by a table's "Not listed": the
        # documents say they do not give it.
        return Composition([], [], True, f"the documents give it only as “{told}”")
    quotes = choose_quotes(leads, used, draft.pool, max_quotes)
    note = ""
    if missing:
        # (a part read with the whole question before it, for what its pronoun means, is said as it was
        # asked: "how can members reach them?", not the question again)
        asked = [m.removeprefix(ask.question).strip() or m for m in missing]
        note = f"{NOT_SAID}: " + "; ".join(m.rstrip("?") + "?" for m in asked)
    return Composition(leads, quotes, False, note, sides)


ANSWERING = 12  # the best answering spans the answer is checked against
CUE_RANKED = 12  # the best spans of all, read by their cues as well
# (of the question's concepts, what one of those holds to be read though its passage names no asked name)
CUE_COVERED = 0.5
FIGURE_RATIO = 100  # times the larger of two figures of one thing may be the smaller, at most
SUM_RATIO = 10  # …of two sums of money
FIGURE_CANDIDATES = 6  # the best answering spans searched for another document's other figure
ABOUT_SHARE = 0.6  # share of the asked names a span giving another figure must hold, when it also holds
ABOUT_COVERED = 0.6  # this much of the question's concepts
WORDED_CELL = 8  # words of a cell that reads as a sentence, not by its column
SENTENCE_CELL = 5  # …or fewer, when the cell ends as a sentence does
ABOUT_HALF = 0.5  # share of the asked names a span may hold when its passage holds them all
STANCE_CANDIDATES = 200  # the spans most about a judging question that may take a side on it
STANCE_MARGIN = 0.3  # how far below the evidence cosine a span may be and still take a side
# A description asked of a measure ("how well does it score on CivicQA?", "how accurate is it?"): the
# figures documents give for it may differ.
_HOW_MEASURED = re.compile(r"^\W*how (?:well does \S.* (?:score|rate|perform)|accurate)\b", re.I)
_HOW_GOOD = re.compile(
    r"^\W*how (good|well|bad|badly|safe|secure|reliable|trustworthy|useful|helpful|costly|expensive|cheap)\b",
    re.I,
)


_HYBRID = re.compile(r"\bhybrid\b", re.I)
# (not inside a compound: "the open-versus-proprietary research" compares nothing)
_COMPARES = re.compile(r"(?<![\w-])(compare[sd]?|comparison|versus|vs\.?)(?![\w-])", re.I)


def side_asked(ask: Ask) -> str | None:
    """The side a judgement is about: the one the question speaks of, else the one it names first."""
    return ask.facet or first_side(ask.question)


def judged(ask: Ask) -> bool:
    """Whether the question asks the documents for a judgement on one of the aspects they argue ("is it
    safer?", "how good is the help…?", "how do they compare on cost?"), not for what one document
    says ("…according to the course's table")."""
    return (
        (
            ask.kind in ("yesno", "comparison")
            or bool(_HOW_GOOD.match(ask.question) or _COMPARES.search(ask.question))
        )
        and not DOC_REFERENCE.search(ask.question)
        and bool(disagree.aspects(ask.question))
    )


def _sides(
    ask: Ask,
    leads: list[Lead],
    good: list[Scored],
    ranked: list[Scored],
    passages: Sequence[tuple[str, str]],
    min_sim: float,
) -> list[disagree.Disagreement]:
    """Where the documents disagree about a one-part question: for a question that asks for a judgement
    ("safer?", "how good is the help…?"), the spans most about it that lean each way on what it judges;
    else the answer checked against the other answering spans."""
    if len(ask.parts) != 1 or _ONE_SOURCE.search(ask.question):
        # (A question asking what one source says — "according to the review", "did marrow_ops say" — is
        # answered by that source: another's figure is no disagreement about it.)
        return []
    # A question that states a claim is first checked against the passages: a passage denying it is a
    # surer other side than a lean on the aspect it judges.
    stated = bool(leads) and ask.kind == "yesno" and disagree.states(ask.question)
    if stated and (found := _against(ask, leads, good)):
        return found
    if judged(ask):
        ref = side_asked(ask)
        hybrid = ref is None or _HYBRID.search(ask.question)
        near = [
            x
            for x in ranked[:STANCE_CANDIDATES]
            if x.sim >= min_sim - STANCE_MARGIN
            # A hybrid release is a third kind of model: what is said of it is no side on open or
            # closed models, unless the question asks about it or about no side in particular.
            and (hybrid or not _HYBRID.search(f"{x.span.text} {passages[x.span.passage][1]}"))
        ]
        # A span speaks of the aspect under its heading too: "…are not immune to this" under "Bias";
        # and of the side its own words give: "free compared to closed-source models" is about open ones.
        texts = [f"{readable(x.span)} {passages[x.span.passage][1].split(' > ')[-1]}" for x in near]
        sides = [own_facet(x.span.text) or x.side for x in near]
        found = disagree.weigh(ask.question, [x.span for x in near], texts, sides, ref)
        if found:
            return found
    if stated and (found := _against(ask, leads, good, by_cues=True, ranked=ranked, passages=passages)):
        return found
    if (ask.kind in ("number", "date") or _HOW_MEASURED.match(ask.question)) and leads:
        return _figures_differ(ask, leads[0].text, good, ranked, passages)
    if (
        leads
        and _ACCESS_ASKED.search(ask.question)
        and (found := _read_otherwise(ask, leads[0], ranked, passages, _access))
    ):
        return found  # (asked yes or no too: "Can anyone download the weights?" — public, or by application)
    if stated or not leads or ask.kind == "list":
        return []  # (a stated yes/no was checked against the passages above: the same check, the same result)
    if ask.kind in NAMED_KINDS and not gives(ask.kind, leads[0].text, ask):
        return []  # an answer that names no one is no side of who or where
    return (
        _against(ask, leads, good)
        or (_names_differ(ask, leads[0], ranked, passages) if ask.kind in NAMED_KINDS else [])
        or (_read_otherwise(ask, leads[0], ranked, passages, _seats) if ask.kind == "place" else [])
        or (
            _read_otherwise(ask, leads[0], ranked, passages, _levels)
            if _LEVEL_ASKED.search(ask.question)
            else []
        )
        or (
            _read_otherwise(ask, leads[0], ranked, passages, _licences)
            if _LICENCE_ASKED.search(ask.question)
            else []
        )
    )


_LICENCE_ASKED = re.compile(r"\blicen[cs](?:e|es|ed|ing)\b", re.I)
# A licence a text says a thing is under: by its name ("under the Apache 2.0 licence", "under MIT", a
# "Licence: Apache 2.0" cell) or by its kind ("under a non-commercial research licence")
_UNDER = re.compile(
    r"\bunder\s+(?:the\s+|an?\s+)?([\w .+-]{1,40}?)\s+licen[cs]e\b"
    r"|\bunder\s+(?:the\s+)?((?:Apache|MIT|BSD|GPL|LGPL|AGPL|MPL|CC[- ]BY)[\w.+-]*(?:\s+\d(?:\.\d)?)?)"
    r"|\bLicen[cs]e:\s*([^;.,\n]{1,40})",
    re.I,
)


# How a model's weights are had, asked and said: public download, by application or approval, or not at
# all (through an API alone).
_ACCESS_ASKED = re.compile(
    r"\b(?:download(?:ed|able)?|access(?:ed|ible)?|obtain(?:ed)?|get (?:hold of )?the weights|gated)\b", re.I
)
_ACCESS = {
    "public": re.compile(
        r"\b(?:public(?:ly)?\s+(?:download|available|release)|freely\s+(?:download|available)|no registration"
        r"|without (?:registering|registration|an application|approval|signing up)|anyone can download)",
        re.I,
    ),
    "by application": re.compile(
        r"\b(?:by application|application only|apply for access|must be approved|subject to approval"
        r"|approved researchers|gated|access request|request access|vetted)",
        re.I,
    ),
    "API only": re.compile(r"\b(?:API[- ]only|only (?:through|via) (?:its|an|the) (?:hosted )?API)", re.I),
}


def _access(text: str) -> set[str]:
    """The ways of access `text` says the weights are had by ("public download … with no registration",
    "access is by application only")."""
    return {way for way, said in _ACCESS.items() if said.search(text)}


# Where a body is said to be based: "headquartered in Tallinn", "the Helsinki-based nonprofit"
_SEATED = re.compile(
    r"\b(?:headquartered|based|located|registered|seated|head office is)\s+in\s+(?:the\s+)?([A-Z][\w'’-]+)"
    r"|\b([A-Z][a-z]+)-based\b"
)


def _seats(text: str) -> set[str]:
    """The places `text` says something is based in ("headquartered in Tallinn", "Helsinki-based")."""
    return {(m[1] or m[2]).lower() for m in _SEATED.finditer(text)}


def _licences(text: str) -> set[str]:
    """The licences `text` says something is under, as words: {"apache 2.0"}, {"non-commercial research"}."""
    return {" ".join(next(g for g in m.groups() if g).lower().split()) for m in _UNDER.finditer(text)}


def _read_otherwise(
    ask: Ask,
    lead: Lead,
    ranked: list[Scored],
    passages: Sequence[tuple[str, str]],
    read: Callable[[str], set[str]],
) -> list[disagree.Disagreement]:
    """For what the answer says on a scale of kinds (`read`: a licence, "Tessel-2 — Licence: Apache 2.0";
    a grade, "Severity: High"; a way of access, "public download … with no registration"), another
    document's other kind for the asked subject ("…under a non-commercial research licence", "rated
    critical", "access is by application only"): one thing, two kinds, in no words that deny each other."""
    ours = read(lead.text)
    if not ours or not lead.spans:
        return []
    return _said_otherwise(ask, lead.spans[0], ours, read, ranked[:ANSWERING], passages)


def _said_otherwise(
    ask: Ask,
    first: Span,
    ours: set[str],
    read: Callable[[str], set[str]],
    candidates: Sequence[Scored],
    passages: Sequence[tuple[str, str]],
) -> list[disagree.Disagreement]:
    """The answer's span against the first candidate of the asked subject, from another document, that
    says something else in the same place (`read`: the names or grades a text says there; `ours`: the
    answer's)."""
    document = _document(first, passages)
    about = [(x.span, read(x.span.text)) for x in candidates if x.subject >= 1.0]
    for span, theirs in about:
        if _document(span, passages) != document and theirs and not theirs & ours:
            # (each side cited by every span that says the same: the table's "Licence: Apache 2.0" and the
            # sentence "…is released under the Apache 2.0 licence")
            ours_too = [s for s, said in about if said & ours and s != first]
            also = [s for s, said in about if said & theirs and not said & ours and s != span]
            return [disagree.sides_of(ask.question, (first, *ours_too), (span, *also))]
    return []


def _levels(text: str) -> set[str]:
    """The grades `text` rates something at, where it says it rates ("rated critical", "Severity: High",
    "7.8 (High)")."""
    return {next(g for g in m.groups() if g).lower() for m in _RATED.finditer(text)}


def _names_differ(
    ask: Ask, lead: Lead, ranked: list[Scored], passages: Sequence[tuple[str, str]]
) -> list[disagree.Disagreement]:
    """For the name the answer gives in the clause that says what is asked ("…is run by chief executive
    Tobias Wren"), another document's other name in a clause saying the same ("Marchetti has been chief
    executive since the company's founding"): one role, two holders. The verifier reads no such clash, for
    neither clause denies the other in words."""
    asked = {n.base for n in ask.subjects}
    # What is asked of the subject, in its own words: "chief executive", "headquartered" — not who or which
    # city, nor the subject's name.
    role = set(verify.concepts(ask.question)) - verify.GENERIC - _KIND_NOUNS
    role -= {c for word in re.findall(r"(?<!^)\b[A-Z][\w-]*", ask.question) for c in verify.concepts(word)}
    if not role or not lead.spans:
        return []

    said = words_of(ask.question)

    def held(text: str) -> set[str]:
        # The names of the clause that says the role, less the asked ones and the question's own words.
        return {
            w
            for clause in _CLAUSES.split(text)
            if role <= set(verify.concepts(clause))
            for n in names(clause, lenient=True)
            if n.base not in asked and n.base not in said
            for w in n.base.split()
        }

    if not (ours := held(lead.text)):
        return []
    return _said_otherwise(
        ask, lead.spans[0], ours, held, [x for x in ranked[:ANSWERING] if x.gives], passages
    )


# A rating asked ("How severe is the flaw?", "what risk rating…?"), and one said on a named scale.
_LEVEL_ASKED = re.compile(
    r"\bhow (?:severe|serious|risky|critical)\b|\b(?:what|which)\s+(?:[\w-]+\s+)?(?:severity|rating|priority)\b",
    re.I,
)
_GRADE = r"(low|medium|moderate|high|critical)"
_RATED = re.compile(
    rf"\b(?:rated|rating|severity|priority|classed|classified)\W+(?:as\s+)?(?:an?\s+)?{_GRADE}\b"
    rf"|\d\s*\({_GRADE}\)|\b{_GRADE}[- ](?:severity|priority)\b",
    re.I,
)


def _document(s: Span, passages: Sequence[tuple[str, str]]) -> str:
    """The document a span's passage is from (the first part of its place, "title > sections")."""
    return passages[s.passage][1].split(" > ")[0]


# A sentence's clauses, each of which may say who holds a role: "Marchetti has been chief executive since
# the company's founding; Wren holds the title of president".
_CLAUSES = re.compile(r"[;:]\s|,\s(?:and|but|while|whereas)\s|\s(?:whereas|while)\s")
# The kind of answer a question names, no part of what it asks of its subject: "in which city…", "which body…".
_KIND_NOUNS = frozenset(
    verify.concepts(
        "who whom which what where city country town region place location person people name organisation "
        "organization company firm body group team"
    )
)


def _figures_differ(
    ask: Ask, lead: str, good: list[Scored], ranked: list[Scored], passages: Sequence[tuple[str, str]]
) -> list[disagree.Disagreement]:
    """For the figure the answer gives (`lead`), another document's other figure for it: "once you're
    past about 40 million tokens a day" against "the break-even near 250 million tokens per day"; for a
    date, another date of the event asked ("in January 2028" against "on 1 September 2028")."""

    def read(text: str) -> dict[str, set[float]]:
        if ask.kind == "date":
            return dates(text)
        # (a part counts no whole: "Two of the tenders received proposed API-only models" is no count of
        # the tenders, unless a part is asked: "how many of the tenders…?")
        return _in_days(measures(text if _PARTITIVE.search(ask.question) else _PARTITIVE.sub(" ", text), ask))

    def same(a: float, b: float) -> bool:
        # (a "16k" context is 16,384 tokens as often as 16,000: thousands written for kibi-units)
        binary = (a % 1000 == 0 and b == a / 1000 * 1024) or (b % 1000 == 0 and a == b / 1000 * 1024)
        return same_date(a, b) if ask.kind == "date" else a == b or (a >= 1000 and b >= 1000 and binary)

    def near(a: float, b: float, unit: str) -> bool:
        # (two figures of one thing are of one size: not a 128k-token context against 9.2 trillion
        # training tokens; nor, closer still for sums, an operating loss of £37.2m against revenue of
        # £520m; though two compute thresholds may be powers of ten apart)
        ratio = SUM_RATIO if unit[:1] in _CURRENCIES else FIGURE_RATIO
        return ask.kind == "date" or (min(a, b) > 0 and max(a, b) / min(a, b) <= ratio)

    def differ(theirs: dict[str, set[float]], ours: dict[str, set[float]]) -> bool:
        # A figure of the same thing, none the same: "16 H100 GPUs" against "eight H100 GPUs", not
        # "$2.50 per million input tokens" against "our API spend was £212,000".
        if (
            not ask.unit
            and len(ours) == len(theirs) == 1
            and "" in {*ours, *theirs}
            and not any(unit[:1] in _SHARES for unit in {*ours, *theirs})
        ):
            # (a bare cell's figure is in the one unit the other gives, asked none: "Context: 200,000"
            # against "a 128,000-token context window"; not a sum nor a share, which a bare cell is only
            # under a column that says so)
            [(a, ours_said)], [(b, theirs_said)] = ours.items(), theirs.items()
            ours, theirs = {a or b: ours_said}, {b or a: theirs_said}
        return any(
            unit in theirs
            and not any(same(a, b) for a in theirs[unit] for b in values)
            and any(near(a, b, unit) for a in theirs[unit] for b in values)
            for unit, values in ours.items()
        )

    asked = set(verify.concepts(ask.question))
    told = _worded(verify.concepts(lead).keys())

    # (a rate per the one thing the question asks of is none: "$15,000 per report" for "the most it will pay
    # for a single bug bounty report", against "$30,000" for one)
    each = {w for m in _ONE_OF.finditer(ask.question) for w in stem(m.group(1).lower().split())}

    def rated(text: str) -> bool:
        # (said in a figure's own clause: not "…a 16k-token context window, which the panel judged
        # sufficient for two or three pages per answer")
        # (a sum in words is a figure: "Sable Pro is fifteen dollars per million output tokens")
        text = re.sub(
            r"\bper\s+([a-z]+)\b", lambda m: " " if stem([m.group(1)])[0] in each else m.group(0), text
        )
        return any(_RATE.search(c) and _FIGURE.search(c) for c in re.split(r"[,;:]\s", text))

    lead_rated = rated(lead)  # (read once: every span is checked against it)
    # (a date's other side is of the event the answer or the question names, read once: `_same_event`)
    asked_events = _event_words(ask.question) if ask.kind == "date" else set()
    named = _event_words(" ".join(n.text for n in ask.subjects)) if ask.kind == "date" else set()

    def about(x: Scored) -> bool:
        # Every asked name, or most of them in a span that holds most of the question ("Our own estimate
        # of the first-year total cost of ownership … €291,000" under "Case in focus: the City of Varnholm");
        # a cell under a column the question names (not "Context window: 64,000 tokens" for "how much
        # text was it trained on?", another count of tokens)
        cell = spans.cell_of(x.span)
        if _of_another_model(ask, x.span):
            # (a sentence naming another model, and no asked one, speaks of that model: "the Sable-4 context
            # on our contract is 160k tokens" is no side on Okapi-2's, in a thread about Okapi-2)
            return False
        column = set(verify.concepts(spans.measured_by(cell))) if cell else set()
        # (a cell that says most of what is asked in its own words is read as a sentence: "Tomasz puts
        # running our own model at roughly €4,100 a month…" under a show's "Segment" column)
        # (…as is a cell written as a sentence of its own: "The deduplicated corpus holds 1.6 trillion
        # tokens." under an errata table's "Corrected text")
        words = len(x.span.text.split())
        sentence = words >= SENTENCE_CELL and x.span.text.rstrip().endswith(".")
        worded = x.cov >= ABOUT_COVERED and (words >= WORDED_CELL or sentence)
        # (…and one that names the asked thing and the asked unit itself: "Korvath-2, 34 billion parameters
        # (Halvern Labs)" under "Base model")
        worded = worded or bool(
            ask.unit
            and ask.subjects
            and says_unit(ask.unit, x.span.text)
            and {n.base for n in ask.subjects} <= {n.base for n in names(x.span.text, lenient=True)}
        )
        # (…and a cell that says in its own words the event a date is asked of: "Open weights (released
        # 17 February 2025)" under "Access", for "when did Halden release Kestrel-70?")
        worded = worded or (ask.kind == "date" and _same_event(asked_events, named, x.span.text))
        if cell and not worded and (not column & asked or ("cost" in column and "cost" not in asked)):
            # (nor "Cost per 1M tokens: 0.42" for "how many tokens was it trained on?": a price, not a count)
            return False
        if _RATE.search(ask.question) and not _RATE.search(f"{cell[0] if cell else ''} {x.span.text}"):
            return False  # a rate asked ("per million tokens"): not "Est. annual cost: $120,000"
        if bool(_RATE.search(x.span.context) or rated(x.span.text)) != lead_rated:
            return False  # a price against a rate: "£11,900" a card is not "£1.52 per 1,000 queries"
        if not ask.subjects:
            # (naming nothing, a question is about what it asks: "…have an AI model register in place?"
            # is not answered by "3 February 2026 — Cut-over to on-premise inference"; or the span says
            # what the answer says in its words, another figure aside: "The estimated contract value is
            # EUR 1,850,000 … over the initial four-year term" against "a contract worth €2.6 million
            # over three years", though it does not repeat whose contract the question asks of)
            said = _worded(verify.concepts(x.span.text).keys())
            # (…or counts what is asked, holding half of it: "23 public bodies currently use open-weight
            # models" against "at least 40 public bodies now run them")
            counted = bool(ask.unit) and says_unit(ask.unit, x.span.text) and x.cov >= ABOUT_HALF
            return counted or x.cov >= ABOUT_COVERED or len(said & told) >= ABOUT_COVERED * len(told) > 0
        if x.subject >= 1.0 or (x.subject >= ABOUT_SHARE and x.cov >= ABOUT_COVERED):
            return True
        # (or half of them, the passage naming the rest: "CivicQA is a set of 2,400 questions… We re-ran
        # Kestrel-70 on the public test split and got 74.2%")
        return x.subject >= ABOUT_HALF and _passage_names(ask, passages[x.span.passage][0])

    def cell_read(x: Scored) -> dict[str, set[float]]:
        # (a cell's figure is at the rate and in the money its column or row says: "$3.00 / $9.00" under
        # "Price per 1M tokens", "412.6" in the row "Revenue (£m)")
        cell = spans.cell_of(x.span)
        return _per_column(read(x.span.text), " ".join(cell)) if cell else read(x.span.text)

    first = good[0] if good else None
    lead_cell = bool(first and spans.cell_of(first.span))
    # (…of a sum, when its column says so: not "Context (tokens)")
    lead_sum = bool(first and _summed(first.span))
    # (a cell's own figure, not those of the row and column it is read under, when it gives one)
    if first is None or not (mine := (lead_cell and cell_read(first)) or read(lead)):
        return []
    if asks_sum(ask.question) and (sums := {u: v for u, v in mine.items() if sum_unit(u)}):
        # A sum asked is compared by the sums the answer gives, not by a length of time it says besides:
        # "worth £486,000 over three years" is no side against another document's "12 months' notice".
        mine = sums

    def figures(x: Scored) -> dict[str, set[float]]:
        return _in_currency(cell_read(x), mine, _summed(x.span))

    # (a span that gives no figure or date the way they are compared — "in April" — takes no candidate's place)
    answering = [x for x in ranked if x.gives and about(x) and read(x.span.text)]
    # One side per document and per figure: three documents may give three first-year costs.
    sides, seen = [first], {_document(first.span, passages)}
    told = _event_words(lead) - named
    # (the event asked, when the answer tells it, not another the answer tells besides: "…Bill, published
    # in draft in June, is expected to apply from 1 July 2026" is no side against the draft's publication)
    events = (
        (asked_events - named if asked_events & told else told | asked_events)
        if ask.kind == "date"
        else set()
    )
    # (of other documents: the answer's own table of other shares takes no candidate's place)
    others = [x for x in answering if _document(x.span, passages) not in seen]
    # (a length of time is of what the question asks lasted, said in the side's own words: "it took us six
    # months to go live" for "how long did it take to get it live?", not "we were live in eleven weeks" for
    # how long prompts are kept)
    # (nor whose it is: "customers'" in "how long does Brightwater keep customers' prompts?" is no sign that
    # "14 days' notice to the Customer" is how long prompts are kept)
    owned = verify.concepts(_POSSESSIVE.sub(" ", ask.question)).keys()
    lasted = (
        _worded(asked & owned) - verify.GENERIC - {c for n in ask.subjects for c in verify.concepts(n.text)}
    )
    for x in others[: FIGURE_CANDIDATES - 1]:
        if ask.kind == "date" and not _same_event(events, named, f"{x.span.context} {x.span.text}"):
            continue
        if HOW_LONG.search(ask.question) and not lasted & verify.concepts(x.span.text).keys():
            continue
        theirs = figures(x)
        if (doc := _document(x.span, passages)) not in seen and differ(
            theirs, _in_currency(mine, theirs, lead_sum)
        ):
            sides.append(x)
            seen.add(doc)
            mine = {unit: values | theirs.get(unit, set()) for unit, values in mine.items()}
    if len(sides) < 2:
        return []
    # A side cites the other passage that gives its figure too: the model card's "pre-trained on 9.6
    # trillion tokens" beside its table's "Training tokens: 9.6 trillion".
    cited = [[x.span] for x in sides]
    given = [figures(x) for x in sides]
    for x in [x for x in answering if x not in sides][: FIGURE_CANDIDATES - 1]:
        theirs = figures(x)
        backs = [i for i, f in enumerate(given) if not differ(theirs, f) and theirs.keys() & f.keys()]
        new = all(x.span.passage != s.passage for side in cited for s in side)
        if len(backs) == 1 and new and len(cited[backs[0]]) < disagree.MAX_SIDE_SPANS:
            cited[backs[0]].append(x.span)
    # Each side's stance shows its figure, however late in its sentence.
    at = [first_figure(x.span.text, ask) for x in sides]
    return [disagree.sides_of(ask.question, *map(tuple, cited), at=at)]


_POSSESSIVE = re.compile(r"\b[\w-]+(?:['’]s|s['’])(?=\s)")  # an owner: "customers'", "Meta's"


def _same_event(events: set[str], named: set[str], text: str) -> bool:
    """Whether another date's span says what happened then in one of `events` (the lead's and the
    question's event words), not counting the asked names' words (`named`): "released 18 February" against
    "released on 3 March", not a page's "last reply 14 Mar 2025" or "Issued 14 August 2025 · Valid
    until…" against the date a board met."""
    return bool((_event_words(text) - named) & events)


def _event_words(text: str) -> set[str]:
    words = {c for c in verify.concepts(text) if c.isalpha() and len(c) > 2 and c not in _MONTHS}
    # (a thing made generally available, or that came out, was released; one up and running, operational;
    # one switched off, shut down or sunset, retired)
    words |= _RELEASED if WENT_LIVE.search(text) or _IN_SERVICE.search(text) else set()
    words |= _IN_FORCE if TAKES_EFFECT.search(text) else set()
    return words | (_RETIRED if _TAKEN_DOWN.search(text) else set())


_RELEASED = set(verify.concepts("released"))
_RETIRED = set(verify.concepts("retired"))
_IN_FORCE = {"in-force"}  # (no word's concept: only a law's start is read as it)
_TAKEN_DOWN = re.compile(
    r"\b(?:retir\w*|decommission\w*|deprecat\w*|sunset\w*|discontinu\w*|end[- ]of[- ]life"
    r"|(?:shut|shuts|shutting|switch\w*|turn\w*)\s+(?:\w+\s+)?(?:down|off))\b",
    re.I,
)
_IN_SERVICE = re.compile(r"\boperational\b|\bup and running\b|\bin (?:service|operation|production)\b", re.I)
_MONTHS = frozenset(
    verify.concepts(
        "January February March April May June July August September October November December "
        "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
    )
)
_CURRENCIES = frozenset("$€£")
_SHARES = frozenset({"%", *_CURRENCIES})  # (units a bare cell is said in only under a column that says so)
_PARTITIVE = re.compile(
    rf"(?:\b\d[\d,]*|\b(?:{'|'.join(WORD_NUMBERS)}|many))\s+(?:out\s+)?of\s+(?:the|these|those|its|their|our|all)\b",
    re.I,
)


def _passage_names(ask: Ask, text: str) -> bool:
    """Whether a passage's `text` names every name the question asks (any case)."""
    lower = text.lower()
    return all(n.text.lower() in lower for n in ask.subjects)


def _in_currency(
    figures: dict[str, set[float]], other: dict[str, set[float]], cell: bool
) -> dict[str, set[float]]:
    """`figures` with a bare rate ("quoted us 1.35 per million input tokens"), or a table cell's bare figure
    under a column of what the sum is (`cell`: "Cost per 1M tokens: 6.00 (list price)", in the caption's
    dollars), read also as a sum in the currency `other` gives the same measure in."""
    if _CURRENCIES & {unit[:1] for unit in figures}:
        return figures
    bare = [unit for unit in figures if unit.startswith("/") or (unit == "" and cell)]
    return figures | {c + unit: figures[unit] for unit in bare for c in _CURRENCIES if c + unit in other}


def _summed(s: Span) -> bool:
    """Whether the span is a table's cell under a column (or row) of sums: "Cost per 1M tokens", not
    "Context (tokens)"."""
    cell = spans.cell_of(s)
    return cell is not None and bool(_SUM_LABEL.search(" ".join(cell)))


_SUM_LABEL = re.compile(
    r"\b(?:cost|price|fee|charge|spend|expen|budget|amount|value|revenue|sum|salar|pay|tariff|premium|rate)",
    re.I,
)


def _per_column(figures: dict[str, set[float]], column: str) -> dict[str, set[float]]:
    """A cell's `figures` at the rate its `column` (and row) names ("Shared price per 1M tokens": $/million), as
    `measures` reads a rate written out ("$9.00 per million output tokens"); and a bare figure in the
    currency and scale the column gives ("412.6" under "Revenue (£m)" is £412.6 million)."""
    if (money := _COLUMN_MONEY.search(column)) and "" in figures:
        scale = SCALE.get((money[2] or "").lower(), 1)
        figures = {k: v for k, v in figures.items() if k} | {money[1]: {x * scale for x in figures[""]}}
    rate = _COLUMN_RATE.search(column)
    if not rate:
        return figures
    period = {"k": "thousand", "m": "million"}.get(rate[1].lower(), rate[1].lower())
    return {unit if "/" in unit or unit == "%" else f"{unit}/{period}": v for unit, v in figures.items()}


_COLUMN_RATE = re.compile(r"\bper\s+(?:1\s*|one\s+)?(k|m|thousand|million|hour|day|week|month|year)\b", re.I)
# A column's currency and scale: "Revenue (£m)", "Cost (€ million)", "Spend, $bn"
_COLUMN_MONEY = re.compile(r"([$€£])\s?(?:(k|m|bn|thousand|million|billion)\b)?(?![\d.])", re.I)


def _worded(concepts: Iterable[str]) -> set[str]:
    """Concepts less the figures' ("2", "million", "three"): what a sentence says its figure is of."""
    return {c for c in concepts if not c.isdigit() and c not in WORD_NUMBERS and c not in _SCALES}


_SCALES = frozenset({"thousand", "million", "billion", "trillion"})
# A figure: in digits, or a sum in words ("fifteen dollars"; not "two or three pages per answer", no rate)
_FIGURE = re.compile(
    rf"\d|\b(?:{'|'.join(w for w, n in WORD_NUMBERS.items() if n.isdigit())})\s+"
    r"(?:(?:thousand|million|billion)\s+)?(?:dollars|euros|pounds|cents|pence)\b",
    re.I,
)
# A model's name, its version joined to it by a hyphen ("Sable-4", "Quillon-34B", "Wren-2-Mini"): not a
# sum ("GBP 520m") nor a year's event ("the 2025 OpenWeights Jam").
_MODEL_NAME = re.compile(r"[A-Z][\w]*(?:-[A-Za-z]+)*-\d[\w.]*(?:-[A-Z][\w]*)*")


def _of_another_model(ask: Ask, s: Span) -> bool:
    """Whether a sentence names a model (`_MODEL_NAME`) and nothing the question asks of (not "The 2025
    OpenWeights Jam … drew 60 teams, most of which built on Okapi-2")."""
    found = names(s.text, lenient=True)
    own = [n for n in found if n.versions and _MODEL_NAME.fullmatch(n.text)]
    return bool(
        ask.subjects
        and not cell_of(s)
        and own
        and not {n.base for n in found} & {n.base for n in ask.subjects}
    )


# Days in each span of time a duration is counted in: "11 weeks" and "six months" are two lengths of one wait.
_DAYS = {"days": 1.0, "weeks": 7.0, "months": 30.0, "years": 365.0}


def _in_days(figures: dict[str, set[float]]) -> dict[str, set[float]]:
    """`figures` (`measures`) with every duration counted in days."""
    out: dict[str, set[float]] = {}
    for unit, values in figures.items():
        days = _DAYS.get(unit, 1.0)
        out.setdefault("days" if unit in _DAYS else unit, set()).update(v * days for v in values)
    return out


_RATE = re.compile(r"\bper\b(?!\s?cent\b)|/|\ban? (?:hour|day|week|month|year)\b", re.I)
# The one thing a question asks a figure of: "for a single bug bounty report", "for each report".
_ONE_OF = re.compile(r"\b(?:a\s+single|each|every)\s+((?:[a-z-]+\s+){0,2}[a-z]+)", re.I)


def _against(
    ask: Ask,
    leads: list[Lead],
    good: list[Scored],
    by_cues: bool = False,
    ranked: Sequence[Scored] = (),
    passages: Sequence[tuple[str, str]] = (),
) -> list[disagree.Disagreement]:
    """The answer checked against the other answering spans: those that deny or limit what it says
    (`by_cues`: as `disagree.find` reads them, with the best of the `ranked` spans that say most of what
    is asked or whose passage, of `passages`, names what the question names)."""
    candidates = [x.span for x in good[:ANSWERING]]
    if by_cues:
        # A bound need not name what it bounds: "the 7B is capped at 16k context; only the 40B handles the full
        # 96k-token context" in a chat says most of what the question asks; "free commercial use is limited
        # to…" is in a passage of a ruling that names Osprey-3.
        candidates += [
            x.span
            for x in ranked[:CUE_RANKED]
            if x.span not in candidates
            and (
                x.cov >= CUE_COVERED
                or (bool(ask.subjects) and _passage_names(ask, passages[x.span.passage][0]))
            )
        ]
        # (and an answering span further down that bounds what it grants: a licence's clause quoted in an
        # email, "…must obtain a separate commercial agreement", under the FAQ's plain "permitted")
        candidates += [
            x.span for x in good[ANSWERING:] if x.span not in candidates and disagree.bounds(x.span.text)
        ]
    # Each read with the asked names it is about but does not write ("It is a fully open-source model",
    # after "Heron-72B was released…"): the verifier then knows whom it speaks of.
    subject = ", ".join(n.text for n in ask.subjects)
    texts = [
        readable(c)
        if not subject or {n.base for n in ask.subjects} <= {n.base for n in names(c.text)}
        else f"{subject}: {readable(c)}"
        for c in candidates
    ]
    return disagree.find(ask.question, leads[0].text, candidates, texts, by_cues)


def _withheld(ask: Ask, ranked: list[Scored], good: list[Scored], min_sim: float) -> Span | None:
    """Among the spans most like the question, about its subject, a value said not to be given, as close
    to the question as the best answering span; None when there is none."""
    for x in ranked[:WITHHELD_RANKS]:
        if (
            _not_given(x.span)
            and (x.subject >= 1.0 or not ask.subjects)
            and x.sim >= max(min_sim, good[0].sim if good else 0.0)
        ):
            return x.span
    return None


WITHHELD_RANKS = 3


def _undisclosed(lead: Lead) -> str:
    """The words of a lead whose every span is a value said not to be given ("Not listed", "Contact
    sales", "[REDACTED]"); "" otherwise."""
    told = [_not_given(s) for s in lead.spans]
    return told[0] if told and all(told) else ""


def _not_given(s: Span) -> str:
    """The words of a table's cell or a field's value that say the value is not given, and say little
    else and no figure ("Not listed", "Price: Contact sales"); "" for anything else, a sentence included
    ("Do not assume facts not given")."""
    value = s.text if s.kind == "row" else spans.without_label(s.text) if spans.label_of(s.text) else ""
    m = _UNDISCLOSED.search(value)
    rest = _UNDISCLOSED.sub(" ", value)
    return (
        m.group(0)
        if m and not re.search(r"\d", rest) and len(re.findall(r"\w+", rest)) <= NOT_GIVEN_WORDS
        else ""
    )


NOT_GIVEN_WORDS = 5  # words besides the marker a value said not to be given may hold (its row's name)
_VALUE_KINDS = frozenset({"number", "date", "entity"})
# What a document writes where it does not give a value.
_UNDISCLOSED = re.compile(
    r"\b(?:not (?:yet )?(?:listed|published|disclosed|announced|public(?:ly available)?)"
    r"|contact (?:sales|us)|talk to us|on request|upon request|redacted|undisclosed|commercially confidential"
    r"|to be (?:confirmed|announced|determined)|tb[cda])\b",
    re.I,
)


def _refusal_note(ask: Ask, neighbours: list[str]) -> str:
    """Why nothing answered, when the documents speak of a neighbouring version instead."""
    return neighbours[0] if neighbours else ""
