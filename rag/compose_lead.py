"""Leads: a part's accepted spans → its lead (one short statement in the documents' words) and the spans
it cites; the one decision this module owns: which shape of answer a part gets (a list, yes or no, a
table row, a clause).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag import disagree, grounding, verify
from rag.compose_kinds import dated_heading, gives, match_subject
from rag.compose_lists import (
    ENUMERATION,
    SIDE_MARK,
    Block,
    Labelled,
    asked_of_lists,
    headed_as_asked,
    introduces,
    items,
    label_group,
    members,
    modelish,
    name_sides,
    says_what_is_asked,
    siblings,
    side_marks,
)
from rag.compose_places import asked_concepts
from rag.compose_records import Lead, Scored
from rag.compose_units import naming_words, readable, side_of
from rag.compose_wording import answer_clause, as_sentence, count_words, trim, with_subject
from rag.concepts import tokens
from rag.question import EXCEPT, Ask, Part, facet, names
from rag.spans import Span, cell_of
from rag.words import stem

# The noun a list question asks for ("which example language models…", "name a community project…").
_ASKED_NOUN = re.compile(
    r"\b(?:which|what|name|list|give|mention)\b(?:\s+[\w'-]+){0,4}\s+(models?|llms?|examples?|projects?|"
    r"systems?|initiatives?|alternatives?|famil(?:y|ies)|chatbots?|librar(?:y|ies))\b",
    re.I,
)


LABELS_BEHIND = 0.2  # how far a list's closest item may trail the best span in cosine and still answer


@dataclass(frozen=True)
class Answered:
    lead: Lead
    evidence: list[Span]


# A list asked for in the plural: "Which model families do organisations use most?" (not "Which model is
# the best-known example…?")
_PLURAL_ASKED = re.compile(
    r"\W*(?:which|what)\s+(?:[\w-]+\s+){0,3}?[\w-]+s\s+(?:are|were|do|did|have|had)\b", re.I
)


def answer_part(
    ask: Ask,
    part: Part,
    good: list[Scored],
    common: frozenset[str],
    passages: Sequence[tuple[str, str]],
    split: Sequence[list[Span]],
    listed: Sequence[Block] = (),
) -> Answered:
    """The lead of one part from its accepted spans (best first), and the spans it cites: the list a
    lead-in introduces, the named items, yes or no, a table row, else the best span's clause."""
    best = good[0]
    # A list asked for and no named item at the top: the list whose lead-in says what is asked and one of
    # whose items ranks near the top.
    near = good[:3] if part.kind == "list" and not best.gives else good[:1]
    if _PLURAL_ASKED.match(part.text):
        # (…and, when several are asked for, the lead-in most like the question, though a cell naming a
        # thing ranks first among those that give one: "Wrenfield-0 — Status: Archived, weights…")
        near = [*near, max(good, key=lambda x: x.score)]
    block = next((b for b in listed for x in near if introduces(b, x.span, part)), None)
    if block is None and part.kind in ("reason", "description") and not best.gives:
        subject = frozenset(c for n in ask.subjects for c in verify.concepts(n.text))
        block = next((b for b in listed if says_what_is_asked(b, part, subject)), None)
    if block:
        # "…for several reasons:" answers with the reasons it introduces, and so does one of those
        # reasons when the sentence introducing them answers too.
        lead = f"{trim(block.lead_in.text.rstrip().rstrip(':'))}: {', '.join(block.labels)}"
        cited = (block.lead_in, *block.items)
        return Answered(Lead(as_sentence(lead), cited), list(cited))
    if part.kind == "list" and (listing := _listing(ask, part, good, common, passages)):
        return listing
    if part.kind == "description" and (under := _under_heading(best, part, good, passages)):
        return under
    if part.kind == "yesno" and (own := _faq_verdict(good[:3], split)):
        return own
    if part.kind == "yesno" and (decided := _yes_or_no(part.text, good[:3], passages, split)):
        answer, x = decided
        # A cell says nothing alone ("Yes: Low or free"): its row and column say what of.
        said = (
            _across([x.span])
            if cell_of(x.span)
            # ("Yes, provided your product…" says its own verdict, under whatever it answers.)
            else trim(x.span.text)
            if _OWN_VERDICT.match(x.span.text)
            else with_subject(trim(x.span.text), x.span, ask)
        )
        return Answered(Lead(_verdict(answer, said), (x.span,)), [x.span])
    if cell_of(best.span):
        return _from_table(part, best.span, split[best.span.passage])
    if best.span.kind == "row" and best.span.text.count("|") >= 2:
        # A whole row whose header the passage lacks: "Cost: Low or free | Typically requires paid API".
        first, rest = best.span.text.split("|", 1)
        return Answered(Lead(as_sentence(f"{first.strip()}: {rest.strip()}"), (best.span,)), [best.span])
    answered = _clause(ask, part, best.span, common)
    if part.kind == "date" and (head := dated_heading(ask, best.span, passages[best.span.passage])):
        # The date is its heading's: said before what happened then.
        return Answered(Lead(f"{head}: {answered.lead.text}", answered.lead.spans), answered.evidence)
    return answered


_OWN_VERDICT = re.compile(r"^(yes|no)\b[\s,.;:!—–-]*", re.I)
# How an answer under a question gives its verdict: "Rarely in any useful detail.", "It depends on the task."
_FAQ_VERDICT = re.compile(
    r"^(?:yes|no|rarely|seldom|sometimes|partly|partially|not (?:always|really|quite|yet|usually)|it depends|"
    r"only|mostly|usually|often|generally|in part|somewhat|occasionally|never|always|probably|unlikely)\b",
    re.I,
)
VERDICT_WORDS = 8  # a verdict this short is said with the sentence that explains it


def _faq_verdict(good: list[Scored], split: Sequence[list[Span]]) -> Answered | None:
    """The verdict an answer under the question itself gives ("**Do open models say what data they were
    trained on?**" / "Rarely in any useful detail. Meta's papers describe…"), in its own words: the
    document's "rarely" is the answer, not a "Yes" read off the sentence after it."""
    for x in good:
        # (the verdict may be too short to rank — "Not quite." — but it opens the answer that does)
        block = [s for s in split[x.span.passage] if s.context == x.span.context]
        if not (x.span.context.endswith("?") and block and _FAQ_VERDICT.match(block[0].text)):
            continue
        cited = tuple(block[:2]) if count_words(block[0].text) < VERDICT_WORDS else tuple(block[:1])
        said = " ".join(s.text for s in cited)
        if own := _OWN_VERDICT.match(said):  # "Yes, provided…" → "Yes: Provided…", as every yes or no reads
            said = _verdict(own.group(1).capitalize(), said)
        return Answered(Lead(said, cited), list(cited))
    return None


def _verdict(answer: str, clause: str) -> str:
    """ "Yes"/"No" before the span that decides it, said once: a span that opens with the same word loses
    it ("No: No. Outputs may not…"), and one that opens with the other is quoted as the document's words
    ("No: “Yes, provided your product has fewer than 10 million users”" for a company of 50 million)."""
    clause = clause.rstrip(":;,—– ")  # (a span cut at a clause ends on no comma: "…under clause 3.1")
    own = _OWN_VERDICT.match(clause)
    if own is None:
        return f"{answer}: {clause}"
    if own.group(1).lower() == answer.lower():
        return f"{answer}: {as_sentence(clause[own.end() :])}"
    return f"{answer}: “{clause}”"


def _clause(ask: Ask, part: Part, span: Span, common: frozenset[str]) -> Answered:
    """The span's clause that answers, led by its subject."""
    # An interview's "Yes, we closed a $48 million Series B…" agrees with the host; what it says answers.
    clause = answer_clause(part.kind, span, ask, common)
    clause = clause if part.kind == "yesno" else _AGREED.sub("", clause)
    return Answered(Lead(as_sentence(with_subject(clause, span, ask)), (span,)), [span])


_AGREED = re.compile(r"^yes\b[\s,.;:!—–-]*(?=\w)", re.I)


def _listing(
    ask: Ask, part: Part, good: list[Scored], common: frozenset[str], passages: Sequence[tuple[str, str]]
) -> Answered | None:
    """A list part answered by the labels of a list of traits, or by the named items the spans list;
    None when they list none."""
    named = modelish(part.text)
    asked = {n.base for n in ask.subjects if n.base}
    group = [
        g
        for g in label_group(good, passages, part.text, part.facet or ask.facet)
        if not asked & {n.base for n in names(g.text_label, lenient=True)}
    ]
    if not named and group:
        best = max(good, key=lambda x: x.score)  # spans that name no items come last in `good`
        grouped = {g.span for g in group}
        closest = max((x.sim for x in good if x.span in grouped), default=0.0)
        if (
            best.span not in grouped
            and not headed_as_asked(group[0].span, passages, asked_of_lists(part.text))
            and (ENUMERATION.search(best.span.text) or best.sim - closest >= LABELS_BEHIND)
        ):
            # "…to address specific challenges, such as creating ethical AI standards or tackling
            # language barriers": the best span lists in a sentence; its clause answers, not a list
            # of labels ranked below it. Nor a list none of whose items is near the question in
            # meaning ("Polished Experience, Reliable Support" for "which components does a company
            # keep to itself?", 0.39 against the best span's 0.66).
            return _clause(ask, part, best.span, common)
        return _labels(group)
    for x in good if ask.subjects else []:
        # "Which models make up the Claude 3 family?": the members the documents give for it, not every
        # name listed beside it.
        if given := [m for subject in ask.subjects for m in members(x.span.text, subject)]:
            return Answered(Lead(", ".join(given), (x.span,)), [x.span])
    # "Name one…" is answered with a few, not every model the passages list.
    cap = 3 if re.search(r"\b(one|an?|single)\b", part.text + " " + ask.question, re.I) else 6
    chosen: list[tuple[str, Span]] = []
    taken: list[set[str]] = []
    excluded = {n.base for m in EXCEPT.finditer(ask.question) for n in names(m.group(1), lenient=True)}
    wanted = part.facet or ask.facet
    sides = name_sides(passages) if wanted else {}
    # Spans that enumerate ("Examples: LLaMA 3 by Meta, Bloom, GPT-Neo") before labels of items; with a
    # side asked ("which models are not open source?"), spans of that side first.
    good = sorted(
        good,
        key=lambda x: (
            wanted is not None and not _speaks_for(x.span, wanted, passages),
            not ENUMERATION.search(x.span.text),
            -x.score,
        ),
    )
    # An item's list comes with it when the whole list is asked for ("which example models does the
    # article introduce?": plural, about no model in particular), though its other items share fewer
    # words with the question; "which models has Mistral AI put out?" is not answered with its neighbours.
    asked_for = _ASKED_NOUN.search(part.text)
    whole = named and not ask.subjects and bool(asked_for and asked_for.group(1).lower().endswith("s"))
    listed = dict.fromkeys(
        (s.passage, s.start, s)
        for x in good
        for s in ([x.span, *siblings(x.span, passages)] if whole and x.span.kind == "item" else [x.span])
    )
    for _, _, span in listed:
        if len(chosen) >= cap:
            break
        for item in items(span, named, common):
            found = names(item, lenient=True)
            mine = {n.base for n in found} or {grounding.normalise(item)}
            # "What jobs is T5 used for?" is not answered "T5"; "Which models from Mistral AI?" is
            # answered "Mistral 7B", a model of the asked maker, not the maker itself.
            itself = any(
                n.base == a.base and (not n.versions or n.versions == a.versions)
                for n in found
                for a in ask.subjects
            ) or bool(not found and mine & asked)
            if mine & excluded or itself or any(mine <= b or b <= mine for b in taken):
                continue  # "GPT-4 (OpenAI)" after "GPT-4"; "apart from GPT…"
            if wanted and any(sides.get(b, wanted) != wanted for b in mine):
                continue  # "which open model…": not one the documents place on the closed side
            taken.append(mine)
            chosen.append((item, span))
    if not chosen:
        return None
    head = {"open": "Open-source", "closed": "Closed-source"}.get(part.facet or "", "")
    text = ", ".join(i for i, _ in chosen[:cap])
    used = tuple(dict.fromkeys(s for _, s in chosen[:cap]))
    return Answered(Lead(f"{head}: {text}" if head else text, used), list(used))


def _under_heading(
    best: Scored, part: Part, good: list[Scored], passages: Sequence[tuple[str, str]]
) -> Answered | None:
    """ "What was added in Tern 2.0?": the best span is an item of a list whose heading says what is asked
    ("Added"): the list's labels answer, not its first item alone."""
    heading = passages[best.span.passage][1].split(" > ")[-1]
    if best.span.kind != "item" or not set(asked_concepts(part.text)) & set(verify.concepts(heading)):
        return None
    mine = [x for x in good if x.span.kind == "item" and x.span.passage == best.span.passage]
    group = [g for g in label_group(mine, passages, part.text) if g.span.context == best.span.context]
    if len(group) < 2 or best.span not in {g.span for g in group}:
        return None
    return _labels(group)


def _labels(group: list[Labelled]) -> Answered:
    """A list of traits answered by its labels, each item cited ("Lack of Transparency, High Costs")."""
    return Answered(Lead(", ".join(g.text_label for g in group), tuple(g.span for g in group)), [])


def _speaks_for(s: Span, side: str, passages: Sequence[tuple[str, str]]) -> bool:
    """Whether a span speaks of the side: in its words, label or heading, or by marking a name with it
    ("GPT-4 (closed-source) and LLaMA 3 (open-source)")."""
    text, section = passages[s.passage]
    return side_of(s, section, text) == side or any(
        facet(m.group(1)) == side for m in SIDE_MARK.finditer(s.text)
    )


_CHANGE_ASKED = re.compile(
    r"\bhow (?:did|does|has|have|will|would)\b[^?]*\b(?:change|changed|move|moved|compare)\b", re.I
)


def _from_table(part: Part, best: Span, passage: list[Span]) -> Answered:
    """The best span, a table cell, answers by its table (`passage`: every span of its passage): a row
    under the sides ("Open-source LLMs") is read across, the other side the contrast asked for; else the
    one column the question names answers alone ("what licence…?" → "Mistral 7B — Licence: Apache 2.0"),
    or the best cell; the whole row when the question compares, describes, or names several columns."""
    column, row = cell_of(best) or ("", "")
    cells = [c for c in passage if cell_of(c) and _row(c) == row]
    named = [c for c in cells if naming_words(_column(c)) <= set(stem(tokens(part.text)))]
    if part.kind == "number":
        # "What does it cost to self-host X?" names the Hosting column, but a figure answers it.
        named = [c for c in named if re.search(r"\d", c.text)]
    if (
        facet(column)
        or len(named) > 1
        or part.kind == "comparison"
        or (not named and part.kind == "description")
        # "How did the delay change when they moved?": the row's before and after, not its "Change" alone
        or _CHANGE_ASKED.search(part.text)
    ):
        return Answered(Lead(as_sentence(_across(cells)), tuple(cells)), cells)
    # (A cell whose value the question gives is what it asks about: "which models are released under
    # Apache 2.0?" asks of the Licence cell, though "released" names the Release column.)
    given = len(best.text) >= 3 and best.text.casefold() in part.text.casefold()
    cell = named[0] if named and not given else best
    if part.kind == "list" and len(same := _same_value(cell, passage)) > 1:
        # "Which models are proprietary?": every row whose cell in that column says the same.
        rows = ", ".join(_row(c) for c in same)
        said = f"{rows} — {_column(cell)}: {cell.text}"
        return Answered(Lead(as_sentence(said), tuple(same)), same)
    return Answered(Lead(as_sentence(_across([cell])), (cell,)), [cell])


# The header of a record's value column ("| Field | Value |"): it names no measure, so a cell reads by
# its row alone ("Incident commander: Dana Okafor", not "Incident commander — Value: Dana Okafor").
_VALUE_COLUMN = re.compile(r"(?:values?|details?|descriptions?|info(?:rmation)?|entry|data)", re.I)


def _across(cells: Sequence[Span]) -> str:
    """Cells of one row read across: "Cost — Open-source LLMs: Low or free; Closed-source LLMs: …"."""
    # (a table of fields whose header row is empty, "| | |", reads the same way)
    if len(cells) == 1 and (_VALUE_COLUMN.fullmatch(_column(cells[0])) or not _column(cells[0]).strip()):
        return f"{_row(cells[0]).rstrip(': ')}: {cells[0].text}"  # (a label written with its colon: "**Subject:**")
    return f"{_row(cells[0])} — " + "; ".join(f"{_column(c)}: {c.text}" for c in cells)


def rows_of(ask: Ask, part: Part, split: Sequence[list[Span]]) -> list[Lead]:
    """Things the question names together ("How do Llama 2 and Mistral 7B compare?"), each a row of one
    table: a lead per row, of the columns the question names, else all of them; [] when no passage's
    table has a row for each. No single span names both, so nothing else answers."""
    if len(ask.subjects) < 2:
        return []
    asked = set(stem(tokens(part.text)))
    for passage in split:
        cells = [(c, cell) for c in passage if (cell := cell_of(c))]
        rows = [
            [c for c, (_, row) in cells if match_subject([n], names(row, lenient=True))[0] >= 1.0]
            for n in ask.subjects
        ]
        # ("Claude 3.5 Sonnet … Amazon Bedrock" may name one row twice: it answers once)
        rows = list({_row(row[0]): row for row in rows}.values()) if cells and all(rows) else []
        if len(rows) > 1:  # (two names of one row are one thing, not things compared)
            named = [[c for c in row if naming_words(_column(c)) <= asked] for row in rows]
            shown = [chosen if any(named) else row for row, chosen in zip(rows, named, strict=True)]
            if part.kind in ("number", "date", "entity", "place") and not any(
                gives(part.kind, c.text, ask) for row in shown for c in row
            ):
                return []  # "How much does each charge?" is not answered by their licences, "who…?" by a size
            return [Lead(as_sentence(_across(row)), tuple(row)) for row in shown]
    return []


def _same_value(cell: Span, passage: list[Span]) -> list[Span]:
    """The cells of the passage in `cell`'s column that say what it says."""
    return [
        c
        for c in passage
        if cell_of(c) and _column(c) == _column(cell) and c.text.casefold() == cell.text.casefold()
    ]


def _column(cell: Span) -> str:
    return (cell_of(cell) or ("", ""))[0]


def _row(cell: Span) -> str:
    return (cell_of(cell) or ("", ""))[1]


_FAQ_ANSWER = re.compile(r"\s*(yes|no)\b\s*[.,;:!—–-]", re.I)


def _yes_or_no(
    question: str, good: list[Scored], passages: Sequence[tuple[str, str]], split: Sequence[list[Span]]
) -> tuple[str, Scored] | None:
    """ "Yes" or "No" with the span that decides it: the question read as a claim ("Is LLaMA open
    source?" → "LLaMA is open source") and checked by the verifier against the best spans; a table
    cell of the asked row by the value the claim gives for its column."""
    if not disagree.states(question):
        return None  # "If its code costs nothing, does that make…": no statement to check, no verdict
    claim = disagree.claim_of(question, question.rstrip(" ?"))
    named = names(question)
    asked_side, asked = facet(claim), {n.base for n in named}
    lead_in = ", ".join(n.text for n in named)  # a span's own words read as about the asked names
    for x in good:
        if by_cell := verify.cell_verdict(claim, x.span, split[x.span.passage]):
            return ("Yes" if by_cell == "supported" else "No"), x
        # "Is GPT-4 open source?" against "GPT-4 (closed-source) and LLaMA 3 (open-source)": each name's
        # own mark decides, not the words the span holds somewhere (the verifier found both).
        if said := _FAQ_ANSWER.match(x.span.text):
            # An FAQ's answer to the question it sits under ("Is Heron-72B open source?" — "No. Heron-72B
            # is open-weight, … but its licence restricts commercial use"): its first word decides.
            heading = passages[x.span.passage][1].split(" > ")[-1]
            if heading.rstrip().endswith("?") and asked <= {n.base for n in names(heading, lenient=True)}:
                return said.group(1).capitalize(), x
        marks = side_marks(x.span.text)
        if asked_side and (marked := {marks[b] for b in asked if b in marks}) and len(marked) == 1:
            return ("Yes" if marked == {asked_side} else "No"), x
        if asked_side and x.side is None:
            # "Does being open protect an LLM from bias?" is not decided by "LLMs … inherit biases", which
            # says nothing of open models: the verdict comes from a span about the side asked.
            continue
        # An answer denies what the turn it answers asked about ("…chatter that Corvane is preparing to
        # release Atlas Mini's weights?" — "We have no plans to release weights for any Atlas model, and
        # that includes Atlas Mini"): its own words decide, read with the names asked, before the question
        # turn read with it — when they name an asked thing or nothing else ("Veridian says Castellan-4 is
        # in training" denies nothing of Wrenfield-2).
        own = {n.base for n in names(x.span.text, lenient=True)}
        if (not own or own & asked) and verify.judge(
            claim, f"{lead_in}: {x.span.text}"
        ).verdict == "contradicted":
            return "No", x
        judged = verify.judge(claim, readable(x.span, passages[x.span.passage][1]))
        if judged.verdict == "supported":
            return "Yes", x
        if judged.verdict == "contradicted":
            return "No", x
    return None
