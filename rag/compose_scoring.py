"""Scoring: a question part + evidence units → every unit scored (`Scored`), and those that answer it;
the one decision this module owns: how well a span answers a part, and which spans are accepted.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from rag import plain_tables, spans, verify
from rag.compose_definitions import TERM
from rag.compose_extremes import CAPTION
from rag.compose_kinds import (
    BARE_COUNT,
    DURATION,
    GENERIC_NAMES,
    HOW_LONG,
    MONTH_YEAR,
    NAMED_KINDS,
    PERSON_ASKED,
    PLACE_LABELS,
    after_verdict,
    answers_why,
    dated_heading,
    dates,
    field_asked,
    field_label,
    gives,
    glossary_entry,
    labelled_as_asked,
    match_subject,
    measures,
    names_maker,
    names_role,
    organisation_asked,
    person_named,
    phrase_initials,
    same_date,
    says_unit,
    strict,
    term_line,
    words_of,
)
from rag.compose_lists import CONSIDER_LEAD_IN, SIDE_MARK, items, modelish
from rag.compose_places import TABLE_ASKED, asked_concepts, reference_concepts
from rag.compose_records import Scored
from rag.compose_units import (
    PRONOUN_OPENS,
    lower_words,
    naming_words,
    opened_with,
    own_heading,
    readable,
    row_label,
    row_name,
    same_paragraph,
    side_of,
)
from rag.concepts import tokens
from rag.grounding import Similarity
from rag.lexicon import MONTH
from rag.question import Ask, Facet, Name, Part, facet, names, unit_stem
from rag.question_follow import YEAR
from rag.question_kinds import SIGNED_ASKED
from rag.sections import MD_HEADING
from rag.spans import Span, cell_of
from rag.words import stem

# What follows from a condition, asked: "what happens to my licence if I…?"
HAPPENS_ASKED = re.compile(r"\bwhat\s+(?:happens|will\s+happen|would\s+happen|happened)\b", re.I)
COVERED = 0.6  # weighted share of the question's concepts that makes a span about it, however worded
COVERED_MARGIN = 0.2  # how far below the evidence cosine a span that covers the question may be
ASPECT_WEIGHT = (
    0.25  # a table row named by the question's own words outranks a cell that merely mentions them
)
PLACE_WEIGHT = 0.2  # a span from the document (or the table) the question names
DEFINES_WEIGHT = 0.3  # a span saying what the asked term is ("Hybrid approaches, which blend …, are …")
EXTREME_WEIGHT = 0.3  # a span stating the superlative the question asks ("the biggest hidden cost is…")
ROLE_WEIGHT = 0.3  # a span naming the asked role's holder ("The data protection officer, Annelie Varga")
MAKER_WEIGHT = (
    0.15  # a span naming an organisation, for "who makes…?" ("Solvane AI releases the Quillon models")
)


def _idf(texts: list[str]) -> Callable[[str], float]:
    """Weight of a concept by how few of the spans hold it: "weights" tells more than "model"."""
    import math

    counts: dict[str, int] = {}
    for t in texts:
        for c in verify.concepts(t):
            counts[c] = counts.get(c, 0) + 1
    n = len(texts) or 1
    return lambda c: math.log(1 + n / (1 + counts.get(c, 0)))


@dataclass(frozen=True)
class _Measure:
    """What every unit is measured against for one part of the question."""

    ask: Ask
    part: Part
    named: bool  # the part asks for named models, not traits
    common: frozenset[str]
    weigh: Callable[[str], float]
    asked: dict[str, set[int]]  # the part's concepts, with the asked subjects'
    named_place: set[str]  # the concepts of the document or section the question names
    table_asked: bool
    defines: bool
    places: list[dict[str, set[int]]]  # each passage's place as concepts
    wanted: Facet | None
    subject: frozenset[str] = frozenset()  # the asked subjects' concepts
    words: frozenset[str] = frozenset()  # the stems of the part's own words
    noun: frozenset[str] = frozenset()  # the concept of the noun it asks "which"/"what" of
    distinct: tuple[Name, ...] = ()  # the asked names a span must hold (`distinctive`)
    credited: tuple[Name, ...] = ()  # the asked names credited with the answer (`attributed`), not asked of
    extreme: tuple[str, ...] = ()  # the stems of the superlative the part asks ("biggest hidden cost")
    dated: tuple[frozenset[str], ...] = ()  # each passage's year, when its document's front gives one alone
    owned: tuple[tuple[Name, Name], ...] = ()  # asked (maker, product) pairs the passages write "X's Y"
    on_day: frozenset[str] = frozenset()  # the sections a passage of which gives the day the question names


def score(
    ask: Ask,
    part: Part,
    units: list[Span],
    passages: Sequence[tuple[str, str]],
    similarity: Similarity,
    common: frozenset[str] = frozenset(),
    where: Sequence[str] = (),
    openings: Sequence[str] = (),
    split: Sequence[list[Span]] = (),
) -> list[Scored]:
    """Every unit scored for one part of the question, best first; `where` names each passage's place
    (file, title, sections) for questions that name one, `openings` the opening of its document, `split`
    every span of each passage."""
    if not units:
        return []
    query = part.text
    if ask.subjects and not any(n.base for n in names(part.text)):
        query = f"{part.text} ({', '.join(n.text for n in ask.subjects)})"
    # (A paragraph's sentences are followed through those too short to be evidence: "Let me start with
    # what Wrenfield-70 is. It's a 70-billion-parameter model. … The final training run used 2,048…")
    every = [s for spans_of in split for s in spans_of] if split else units
    previous = same_paragraph(every, passages)
    previous |= {
        b: a for a, b in itertools.pairwise(every) if b not in previous and _goes_on_from(a, b, passages)
    }
    # A span's subject is the one its paragraph opened with, else the asked one its document's title or
    # section names ("Model Card for Phi-3-mini > License: The model is licensed…"): read with it.
    # (Not a span that opens with a name of its own: "Mistral AI was founded…" is about Mistral AI,
    # whatever its document's title.)
    asked = frozenset(n.base for n in ask.subjects)
    releases = [_release(section) for _, section in passages]  # a changelog's "[3.2.0] - 2025-01-21"
    titled = [
        _released(release, [n for n in names(section, lenient=True) if n.base in asked])
        for (_, section), release in zip(passages, releases, strict=True)
    ]
    # (and the asked one its file name spells: a user names a file by whom it is about, so
    # "brightmoor-postmortem-inc-2025-0311.md" is Brightmoor's postmortem, its title "Claims triage outage")
    files = [place.split(" > ")[0] for place in where] or [""] * len(passages)
    for named, file in zip(titled, files, strict=False):
        file_words = set(file.lower().split())
        named += [n for n in ask.subjects if n.base in file_words and n.base not in {f.base for f in named}]
    # A span speaking as "we" speaks for whom its document's opening names ("The guest is Lena Marsh,
    # co-founder and CEO of Kestrel Labs" … "Today we work mostly with Llama 3.1 70B"), whatever else its
    # paragraph named before ("Our product, Kestrel Private, …"); one speaking of "the company", for
    # them when nothing nearer names whom.
    opening = [openings[i] if i < len(openings) else "" for i in range(len(passages))]
    # (an asked name written by its initials, "TFAC", is named by its words: "Members' newsletter of the
    # Tallowmere Federation of Agricultural Cooperatives")
    voiced = [_asked_in(ask.subjects, o) for o in opening]
    # A field of the document's header block is about what the block names ("Aldermoor University
    # Language Technology Lab / Authors: Dr. Helene Marchetti-Obi (principal investigator)").
    headers = [_header_block(o) for o in opening]
    # (and a party its document defines by a term is named by that term: "Quillon shall notify the
    # Customer…" under "Controller : Fenwick & Rowe Insurance plc (the "Customer")")
    defined = [_defined(ask.subjects, o) for o in opening]
    # (and a sentence naming no one is about whom its document's front names)
    front_lines = [_front(o) for o in opening]
    fronts = [frozenset(n.base for n in _front_names(ask.subjects, f)) for f in front_lines]
    common = common or lower_words(passages)
    # A turn of a transcript ("RASK: We're 38 staff.") speaks for its speaker's party, as the opening
    # introduces them ("Imogen Rask, executive director, Brightwater Collective"), not the document's.
    speakers = _speakers(units, passages, opening, asked, common)
    midst = _midst(passages)
    # Every span of a document voiced by the party the question attributes the answer to ("in
    # Nordhaven's own evaluation", "according to Nordhaven") is that party's: its table's cells too.
    source = attributed(ask)
    opened: dict[Span, list[Name]] = {}
    for s in units:
        found = _subject_of(
            s,
            previous,
            asked,
            [] if s in speakers else titled[s.passage],
            speakers[s]
            if s in speakers
            else _bylined(s, passages[s.passage][0], ask.subjects) or voiced[s.passage],
            common,
            # (a field's label is capitalised: "title: …" is the front matter's key, not a field shown)
            # (not a list's entry: "- Finch: A larger model…" under "# Catalogue")
            s.text in headers[s.passage]
            and s.kind != "item"
            and bool(spans.FIELD.match(s.text) or field_label(s.text)[:1].isupper()),
            s in speakers,
            _heading_name(own_heading(s, passages[s.passage]), common, midst),
            # (what the document is, by its title or the rest of its front: "This draft was prepared by…"
            # under "CDIS-DS 114:2025 … DRAFT FOR PUBLIC COMMENT")
            f"{passages[s.passage][1].split(' > ')[0]}\n{front_lines[s.passage]}",
            fronts[s.passage],
        )
        found += [n for term, n in defined[s.passage] if term.search(s.text) and n not in found]
        if not asked & {n.base for n in found} and (run := _record_run(s, passages[s.passage][0])):
            # A form's field is about what its record's other fields name: "Additional Premium: GBP 3,840"
            # under "Named Insured: Pellbright Legal Services LLP".
            found = [n for n in names(run, lenient=True) if n.base in asked] or found
        if not found and releases[s.passage] and not _opens_with_name(s.text):
            # A changelog's entry is about the release it is under, whatever word it opens with
            # ("Multilingual coverage expanded to 31 languages" under "[3.2.0] - 2025-01-21").
            found = titled[s.passage]
        held = {n.base for n in found}
        opened[s] = found + [n for n in voiced[s.passage] if n.base in source - held]
        if (licence := _LICENCE_OPENS.match(s.text)) and not found:
            # A sentence on the licence its paragraph said the asked thing is released under speaks of that
            # thing's terms: "Kestrel-Open weights are released under the Varnhold Community Licence 1.1. …
            # The Varnhold Community Licence is not an OSI-approved open-source licence."
            opened[s] = _licensed(s, previous, licence.group(1), asked, opened)
    reads = [_read(s, opened[s], passages) for s in units]
    if part.kind == "reason":
        # A reason that opens with no subject of its own is read with what it is the reason for, said just
        # before it: "Rent rack space at a commercial data centre at Harlow Cross. Rejected by the applicant
        # on cost and because…"
        reads = [
            f"{previous[s].text} {read}" if _elliptic_reason(s, previous, ask) else read
            for s, read in zip(units, reads, strict=True)
        ]
        # …as is the answer to a "why?" asked in the paragraph before it (an interview's question).
        why = {
            s: q for s in units if answers_why(q := spans.question_paragraph(passages[s.passage][0], s.start))
        }
        reads = [f"{why[s]} {read}" if s in why else read for s, read in zip(units, reads, strict=True)]
    else:
        why = {}
    sims = _with_row(units, similarity(query, reads))
    if not YEAR.search(ask.question):
        sims = _latest(units, sims)
    sims = _in_band(ask.question, units, sims)
    # (a year asked is held by a span of a document whose front gives that year alone: "Graham Oduya …
    # (Chair)" in the minutes "of the meeting held on Tuesday 18 March 2025")
    # (…or whose file name does: an update sent on 13 Jan 2026 is "tidewell-investor-update-q4-2025.txt")
    dated = tuple(_alone(front) | _alone(file) for front, file in zip(front_lines, files, strict=False))
    # (what happened on the day asked is told under the heading where that day is: "Why did the API fail on
    # 11 February 2025?" — the postmortem whose summary says "…13:02 to 15:16 UTC on 11 February")
    days = _days(ask.question)
    on_day = frozenset(
        section
        for text, section in passages
        if days and any(same_date(a, d) for a in days for d in _days(text))
    )
    measure = replace(
        _measure(ask, part, units, passages, common, where),
        dated=dated,
        on_day=on_day,
        owned=_owned(ask.subjects, passages),
    )
    makers = _agent_named(ask, files if where else [], passages)
    out = [
        _scored(
            measure,
            s,
            sim,
            opened[s] + makers[s.passage],
            passages,
            why.get(s) or (previous[s].text if s in previous else ""),
            s in speakers,
        )
        for s, sim in zip(units, sims, strict=True)
    ]
    return sorted(out, key=lambda x: (-x.score, x.span.passage, x.span.start))


ROW_SHARE = 1 / 3  # of the way from a cell's own similarity to its row's best that it is raised


def _with_row(units: list[Span], sims: list[float]) -> list[float]:
    """Each cell's similarity raised a third of the way to its row's best cell: a row is read whole, so
    the date of "Brisa-2 (all sizes) | End of support: no further security patches | 30 September 2025"
    answers "when will Brisa-2 stop getting security fixes?", not that of "Brisa-2 hosted endpoints |
    Shut down"."""
    # (Only a row that names a thing: where the columns are the things, "Fine-tuning | No | Yes, full
    # control", a row's cells are of different things.)
    cells = {s: cell for s in units if (cell := cell_of(s)) and names(cell[1])}
    rows: dict[tuple[int, str], float] = {}
    for s, sim in zip(units, sims, strict=True):
        if s in cells:
            key = (s.passage, cells[s][1])
            rows[key] = max(rows.get(key, sim), sim)
    return [
        max(sim, sim + (rows[(s.passage, cells[s][1])] - sim) * ROW_SHARE) if s in cells else sim
        for s, sim in zip(units, sims, strict=True)
    ]


STALE_YEAR = 0.05  # what a cell under an earlier year loses to its row's latest, asked no year


def _latest(units: list[Span], sims: list[float]) -> list[float]:
    """Each cell under a year's column lowered below its row's cell of a later year: asked no year, "what
    share run an open-weight model in production?" asks the latest ("2025: 52%", not "2024: 34%")."""
    years = {
        s: (int(cell[0]), (s.passage, cell[1]))
        for s in units
        if (cell := cell_of(s)) and _YEAR_COLUMN.fullmatch(cell[0])
    }
    last: dict[tuple[int, str], int] = {}
    for year, row in years.values():
        last[row] = max(last.get(row, year), year)
    return [
        sim - STALE_YEAR if s in years and years[s][0] < last[years[s][1]] else sim
        for s, sim in zip(units, sims, strict=True)
    ]


OUT_OF_BAND = 0.1  # what a cell loses to a row of its table whose band holds the figure a question gives

# A figure a question gives with its bound ("…drops under 95 per cent", "over 10,000 users"), and a table
# row's band ("below 95.0%", "95.0% to below 99.0%", "10,000 or more").
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_UNDER = r"(?:below|under|less than|fewer than|<)"
_OVER = r"(?:above|over|more than|at least|exceeds?|≥|>=?)"
_ASKED_BOUND = re.compile(rf"\b(?:{_UNDER}|{_OVER}|to|of|at|reaches?|hits?)\s*{_NUM}", re.I)
_RANGE = re.compile(rf"{_NUM}%?\s*(?:to|–|-)\s*(?:{_UNDER}\s*)?{_NUM}%?", re.I)
_BELOW = re.compile(rf"{_UNDER}\s*{_NUM}%?", re.I)
_ABOVE = re.compile(rf"{_OVER}\s*{_NUM}%?|{_NUM}%?\s*(?:\+|or (?:more|above|over|higher))", re.I)


def _band(label: str) -> tuple[float, float] | None:
    """The range of figures a table row's label holds ("95.0% to below 99.0%" → 95 to 99), or None."""
    label = label.strip()
    figures = [float(g.replace(",", "")) for g in re.findall(_NUM, label)]
    if _RANGE.fullmatch(label):
        return figures[0], figures[1]
    if _BELOW.fullmatch(label):
        return -math.inf, figures[0]
    if _ABOVE.fullmatch(label):
        return figures[0], math.inf
    return None


def _in_band(question: str, units: list[Span], sims: list[float]) -> list[float]:
    """Each cell of a banded table lowered below the row whose band holds the figure the question gives:
    "…if availability drops under 95 per cent?" asks the row "below 95.0%", not "95.0% to below 99.0%"."""
    asked = _ASKED_BOUND.search(question)
    if not asked:
        return sims
    value = float(asked.group(1).replace(",", ""))
    under = re.match(_UNDER, asked.group(0), re.I) is not None
    bands = {s: band for s in units if (cell := cell_of(s)) and (band := _band(cell[1]))}
    holds = {
        s: (lo == -math.inf and value <= hi) if under else lo <= value < hi or value == lo
        for s, (lo, hi) in bands.items()
    }
    held = {s.passage for s, ok in holds.items() if ok}
    return [
        sim - OUT_OF_BAND if s in holds and not holds[s] and s.passage in held else sim
        for s, sim in zip(units, sims, strict=True)
    ]


_YEAR_COLUMN = re.compile(r"\s*(?:19|20)\d\d\s*")


# The party a question has make, release or sell another asked name: "When did Quillfen ship the
# Guardrail-L safety classifier?", "When did Meta release Llama 2?"
_AGENT = (
    r"\b(?:did|does|do|has|have|had|will|would)\s+{}\s+(?:first\s+)?(?:ship|release|launch|publish|announce|"
    r"introduce|unveil|open-source|build|develop|train|make|offer|sell|license|acquire|fund|deprecate|retire)\b"
)


def _agent_named(ask: Ask, files: Sequence[str], passages: Sequence[tuple[str, str]]) -> list[list[Name]]:
    """For each passage, the party the question has act (`_AGENT`) when the passage's document names it
    anywhere among the passages: a release note by Quillfen names Quillfen once ("Maintained by the Quillfen
    Labs model release team"), and each of its entries is Quillfen's. [] each when no file is known."""
    agents = [
        n
        for n in ask.subjects
        if not n.versions  # (a party, not a model: "What score does Llama 3 achieve on MMLU?")
        and (m := re.search(_AGENT.format(re.escape(n.text)), ask.question))
        and any(o.base != n.base and o.text in ask.question[m.end() :] for o in ask.subjects)
    ]
    if not agents or not files:
        return [[] for _ in passages]
    named: dict[str, set[str]] = {}
    for (text, _), file in zip(passages, files, strict=True):
        named.setdefault(file, set()).update(n.base for n in names(text, lenient=True))
    return [[a for a in agents if a.base in named[file]] for file in files]


# A section headed by a version alone: a changelog's "## [3.2.0] - 2025-01-21", "v2.1 (March 2025)".
_VERSION_HEADING = re.compile(
    r"\[?[vV]?(\d+(?:\.\d+){1,3})\]?"
    # (then at most its date: not a numbered section's title, "2.1 Approved tools")
    r"(?:\s*[-–—·|,(]?\s*(?:\d[\d/.-]*|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+(?: \d{1,2},?)? \d{4})\)?)?"
)


def _opens_with_name(text: str) -> bool:
    """Whether a span opens with a name, not a capitalised word ("Meta released…", not "Multilingual…")."""
    first = names(text)[:1]
    return bool(first) and text.lstrip(" -*•").startswith(first[0].text)


def _release(section: str) -> str:
    """The version a section's heading under its title names alone ("Larkspur Release Notes > [3.2.0] -
    2025-01-21": "3.2.0"); "" for none."""
    heads = [m.group(1) for h in section.split(" > ")[1:] if (m := _VERSION_HEADING.fullmatch(h.strip()))]
    return heads[-1] if heads else ""


def _released(release: str, titled: list[Name]) -> list[Name]:
    """The names a section's title gives, each as the `release` a version heading under it names: under
    "Larkspur Release Notes > [3.2.0] - 2025-01-21", Larkspur is Larkspur 3.2.0, which is Larkspur 3.2."""
    if not release:
        return titled
    parts = release.split(".")
    # (each shorter version down to major.minor, and the major alone when the minor is 0: "3.0.0" is "3")
    versions = {".".join(parts[:k]) for k in range(2, len(parts) + 1)} | (
        {parts[0]} if parts[1] == "0" else set()
    )
    return [n if n.versions else Name(f"{n.text} {release}", n.base, frozenset(versions)) for n in titled]


def _bylined(s: Span, passage: str, asked: Sequence[Name]) -> list[Name]:
    """For a span speaking as "we", the asked names of the byline over its paragraph: a short line of its
    own just above it, no label, no sentence ("Tomasz Ilvane, Staff Engineer, Brightmoor Claims" over a
    talk's abstract, "In March, a six-hour outage took our claims triage offline"); [] for none."""
    if not _VOICE.search(s.text):
        return []
    # (the paragraph starts after the last blank line before the span; a chat's turns are no bylines)
    breaks = list(re.finditer(r"\n[ \t]*\n", passage[: s.start]))
    if not breaks:
        return []
    above = passage[: breaks[-1].start()].rstrip().rsplit("\n", 1)[-1].strip()
    if not 0 < len(above.split()) <= BYLINE_WORDS or above.endswith((".", "?")) or ":" in above:
        return []
    if MD_HEADING.match(above):
        return []
    bases = {n.base for n in asked}
    return [n for n in names(above, lenient=True) if n.base in bases]


BYLINE_WORDS = 12  # a byline this short: a name, a role, an organisation


def _alone(text: str) -> frozenset[str]:
    """The year `text` gives, when it gives one alone."""
    return frozenset(years) if len(years := set(YEAR.findall(text))) == 1 else frozenset()


def _licensed(
    s: Span, previous: dict[Span, Span], licence: str, asked: frozenset[str], opened: dict[Span, list[Name]]
) -> list[Name]:
    """The asked names an earlier sentence of the span's paragraph says are under `licence`."""
    at = previous.get(s)
    while at is not None:
        if re.search(rf"\bunder\s+(?:the\s+|its\s+)?{re.escape(licence)}", at.text, re.I):
            return [n for n in [*names(at.text, lenient=True), *opened.get(at, [])] if n.base in asked]
        at = previous.get(at)
    return []


# A sentence opening with a licence's name: "The Varnhold Community Licence is not…".
_LICENCE_OPENS = re.compile(r"\s*(?:The\s+)?((?:[A-Z][\w.-]*\s+){1,4}Licen[cs]e)\b")
# Where a question credits the answer to a party: "according to Harrow Labs", "in Nordhaven's own
# evaluation", "by Nordhaven's count" (the party's capitalised words).
_PARTY = r"(?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*"
_CREDITED = re.compile(
    rf"\b(?i:according to) {_PARTY}|\b{_PARTY}['’]s? own\b|\b(?i:in|by|on|from) {_PARTY}['’]s? (?:[a-z-]+ ){{0,2}}(?:evaluation|tests?|runs?"
    r"|figures|count|estimate|reckoning|account|view|analysis|survey|report|results?|benchmarks?"
    r"|(?:comparison |results |evaluation )?(?:tables?|charts?)|comparisons?|model cards?|papers?|data)\b"
    # ("the Lisslemoor openness ladder": a party's name set before what it made, in lower case)
    rf"|\bthe {_PARTY}(?=(?: [a-z]+){{0,2}} (?:ladder|scale|framework|index|definition|survey|study|report|taxonomy|tiers?|"
    r"rubric|criteria|checklist|benchmark|evaluation|leaderboard|ranking|classification|proposals?|plan|paper"
    r"|recommendations?|guidelines|principles|policy|standard)\b)"
)


def attributed(ask: Ask) -> frozenset[str]:
    """The asked names the question credits with the answer ("according to Harrow Labs' chief scientist",
    "in Nordhaven's own evaluation"), rather than asks about."""
    credited = " ".join(m.group(0) for m in _CREDITED.finditer(ask.question))
    return frozenset(n.base for n in ask.subjects if re.search(rf"\b{re.escape(n.text)}\b", credited))


def _speakers(
    units: list[Span],
    passages: Sequence[tuple[str, str]],
    openings: Sequence[str],
    asked: frozenset[str],
    common: frozenset[str] = frozenset(),
) -> dict[Span, list[Name]]:
    """The asked names each span of a transcript's turn speaks for: those of the line of its document's
    opening (one per passage) that introduces the turn's speaker (by surname); spans whose speaker is not
    introduced there, or which are in no turn of their passage, are left out, and so are those after a
    label that is a word the documents write in lower case ("Response: COMPLIANT (C)." in an RFP's
    answer is no one's turn, though "Response date: 2 August 2027" opens the document)."""
    turns = [[(m.start(), m.group(1)) for m in spans.turns_in(text)] for text, _ in passages]
    voices: dict[tuple[int, str], list[Name] | None] = {}  # (passage, surname) → what its introduction names

    def voice(passage: int, surname: str) -> list[Name] | None:
        entry = next(
            (
                e
                for e in re.split(r"[;\n]", openings[passage])
                # (an introduction, "Host: Rosalind Achterberg", not a turn: "ACHTERBERG: Welcome back…"; by
                # a name the surname ends, not a field's label: "Registration: Standard €395 · Student €60")
                if re.search(rf"\b[A-Z][\w'’.-]*\s+(?i:{re.escape(surname)})\b", e) and not spans.turn_at(e)
            ),
            None,
        )
        if entry is None or _in_house(entry):
            return None
        return [n for n in names(entry, lenient=True) if n.base in asked]

    out: dict[Span, list[Name]] = {}
    for s in units:
        said = [label for at, label in turns[s.passage] if at <= s.start]
        if not said:
            continue
        key = (s.passage, said[-1].split()[-1])
        if key[1].lower() in common:
            continue
        if key not in voices:
            voices[key] = voice(*key)
        if (found := voices[key]) is not None:
            out[s] = found
    return out


# The words of a role held in the house ("Chief Financial Officer", "VP, Investor Relations").
_ROLE_WORDS = frozenset(
    {"chief", "executive", "officer", "financial", "operating", "technology", "technical", "product", "vice"}
    | {"president", "vp", "director", "head", "investor", "relations", "senior", "principal", "general"}
    | {"counsel", "managing", "founder", "co-founder", "ceo", "cfo", "cto", "coo"}
)


def _in_house(entry: str) -> bool:
    """Whether a participant's introduction gives a role and no party ("Tomas Quell — Chief Financial
    Officer"): on a company's call, its own officer speaks for the company the document is of."""
    role = re.split(r"\s+[—–-]{1,2}\s+|,\s*", entry.strip(), maxsplit=1)[1:]
    words = re.findall(r"[A-Za-z][\w-]*", role[0]) if role else []
    return bool(words) and all(w.lower() in _ROLE_WORDS or w.islower() for w in words)


# A party spoken of without its name: the document's own voice, or "the company" it is about.
_VOICE = re.compile(r"\b(?:[Ww]e|[Oo]ur|[Uu]s|I|[Mm]y)\b")
LABEL_WORDS = 5  # a label in words is this short; a longer lead-in before a colon is a sentence
_UNNAMED = re.compile(
    r"\b[Tt]he (?:company|firm|start-?up|lab|laboratory|organi[sz]ation|foundation|institute|charity"
    r"|city(?: council)?|council|agency|ministry|hospital|university|municipality"
    # (and the model its document is about, by its size too: "Anyone can download the 72-billion-parameter
    # model" in an article on Orrin-L)
    r"|(?:[\d.]+-(?:billion|million|trillion)-parameter )?model)\b",
    re.I,
)


def _subject_of(
    s: Span,
    previous: dict[Span, Span],
    asked: frozenset[str],
    titled: list[Name],
    voiced: list[Name],
    common: frozenset[str],
    in_header: bool = False,
    in_turn: bool = False,
    headed: Sequence[Name] = (),
    title: str = "",
    front: frozenset[str] = frozenset(),
) -> list[Name]:
    """The asked names a span is about besides its own: its paragraph's, else its document's title's or
    section's, else, for a span speaking as or of an unnamed party or in the document's header block,
    its document's opening's (`in_turn`: a transcript's turn, whose speaker's label is no subject;
    `headed`: the name its own heading is, when it is one; `title`: its document's; `front`: the names
    its document's front gives, `_front`)."""
    if headed and not asked & {n.base for n in [*headed, *names(s.text, lenient=True)]}:
        # Under a heading that is another thing's name ("Model by model > Tessaly-34B"), a span naming no
        # asked name is about that thing: "Its 32,000-token context…" whoever its paragraph compared it to.
        return []
    # A record's field is no subject's own, whatever name its value opens with: "Chair: Dr Oona
    # Faraday-Reyes" is about the debate, "| Claims handler | Kasper Holmqvist, … |" about the claim, and
    # "Contact point: Anneli Sarv, …" about the tender.
    bare = (cell := cell_of(s)) is not None and not names(_row_words(cell[1]))
    if cell is None and not in_turn and spans.signature(s.text):
        # A signature is about what the document it ends is about, as its opening names it: "Helena
        # Crosthwaite, Director of Enforcement" signs the notice against Brightwater.
        return voiced
    field = bare or (cell is None and not in_turn and _record_field(s.text, common))
    own = _own_subject(s, common) and not (in_turn and spans.turn_at(s.text)) and not in_header and not field
    if voiced and not own and (in_header or _VOICE.search(s.text)):
        # (and of the version its paragraph named before: "We trained Quillon-34B on 6 trillion tokens. The
        # full training run cost us €3.1 million" is about Quillon-34B, where the opening names "Quillon";
        # not of another thing named before: "Our product, Brackwater Vault, …" is not who "we" are)
        family = {v.base for v in voiced}
        # (and of what else the question asks that its paragraph named: "I ran the public QuarryEval
        # reasoning suite myself… My Orrin-8 averaged 64.5")
        before = [
            n for n in opened_with(s, previous, asked) if (n.versions and n.base in family) or n.base in asked
        ]
        return voiced + before
    found = opened_with(s, previous, asked) or ([] if own else titled)
    if own:
        # A span opening with a version of a family its paragraph named is about that version alone
        # ("Acme-2 was released… Acme-3 has 70 billion parameters": not Acme-2's parameters).
        base = names(s.text, lenient=True)[0].base
        found = [n for n in found if n.base != base]
        strict = names(s.text)[:1]
        if strict and strict[0].base == base and base not in asked and not _POINTS_BACK.search(s.text):
            # …and a span opening with another thing's name, pointing back at nothing, is about that thing
            # ("Marlow-13B … was trained on 1.8 trillion tokens" after a sentence on Corvid-2), not the
            # paragraph's ("Meta released it in July" is about the model the paragraph named).
            found = []
    if found and not own:
        # A document about the asked thing ("Case Study: Moving AskVarn…") is about whom its opening names
        # too ("Published by the City of Varnholm"): "the servers hold six GPUs" is Varnholm's.
        return found + [n for n in voiced if n.base not in {f.base for f in found}]
    # (and a figure of a table whose row names nothing but its measure, "Annual recurring revenue (ARR):
    # £2.3m", is the document's: a due-diligence memo's key figures are its target's)
    unnamed = _UNNAMED.search(s.text) or _of_document(s.text, title) or _IMPERATIVE.match(s.text) or bare
    if found or own or unnamed:
        return found or ([] if own else voiced)
    # A sentence of a paragraph that names nothing and points at nothing is about whom its document's
    # front names: "The Monthly Service Charge is €38,500" in a schedule "Between: Kessmark Port
    # Authority … and Tidewright Digital AS"; so is a field of its record.
    nameless = field or (
        s.kind == "sentence"
        and not spans.label_of(s.text)
        and not (_names_a_thing(s.text, common) or PRONOUN_OPENS.match(s.text) or _POINTS_BACK.search(s.text))
    )
    return [n for n in voiced if n.base in front] if nameless else []


# An unlabelled line this long, mostly in lower case, is prose, past a document's front.
FRONT_PROSE_WORDS = 10


def _sent_on(s: Span, passage: str) -> bool:
    """Whether the span is (in) a message header's "Date:" or "Sent:" line: one among "From:" and "To:"."""
    start = passage.rfind("\n", 0, s.start) + 1
    if not _SENT_FIELD.match(passage, start):
        return False
    around = passage[max(0, start - MESSAGE_HEADER_CHARS) : start + MESSAGE_HEADER_CHARS]
    return bool(
        re.search(r"^\s*from\s*:", around, re.I | re.M) and re.search(r"^\s*to\s*:", around, re.I | re.M)
    )


def _unasked_field(text: str, question: str) -> bool:
    """Whether the span is a header's field ("Room: Ferrier Building, seminar room 2.14") whose label the
    question does not ask of."""
    label = field_label(text) if spans.FIELD.match(text) or _HEADER_FIELD.match(text) else ""
    return bool(label) and not verify.concepts(label).keys() & verify.concepts(question).keys()


# The fields a document's header block gives besides who and when: where, and what it is.
_HEADER_FIELD = re.compile(
    r"\s*(?:room|venue|location|place|notes?|minutes|present|apologies|attendees)\s*:", re.I
)
# A field whose value is a date alone: "Date: 30 October 2025", "Sent: Thu, 24 Apr 2025 at 14:20".
_DATE_FIELD = re.compile(
    # (a date in it: a month's name, or "02/05/2025", "2025-05-02"; not "Score: 8.7/10")
    rf"\s*[A-Za-z][\w ]{{0,20}}:(?=.*(?:\b{MONTH}\b|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{4}}-\d\d-\d\d))"
    rf"(?:[\s\d/.,:-]|\b(?:{MONTH}|(?:mon|tue|wed|thu|fri|sat|sun)\w*|at|[ap]m|noon)\b)+",
    re.I,
)
# A choice asked, made by the subject: "which option did they choose?", "which supplier won the contract?"
_CHOICE_ASKED = re.compile(
    r"^\W*(?:which|what|who)\b[^?]*?(?:\b(?:did|do|does|has|have|had|was|were|is|are|will)\b[^?]*?\b(?:cho(?:se|sen|ose|osing)"
    r"|select(?:ed)?|pick(?:ed)?|opt(?:ed)? for|decide(?:d)? on|settle(?:d)? on|go with|gone with|win)\b|\s(?:won|went with)\b)",
    re.I,
)
# …and a span saying one was made: "chose", "selected", "awarded to", "the successful tenderer", "preferred".
_CHOICE_SAID = re.compile(
    r"\b(?:cho(?:se|sen|ice|ose)|select\w*|pick\w*|opted|decid\w*|decision|resolved|approv\w*|agreed|award\w*"
    r"|won|wins?|winner|winning|successful|preferred|appointed|adopt\w*|went with|recommend\w*|contractor)\b",
    re.I,
)
_SENT_FIELD = re.compile(r"[ \t]*(?:date|sent)\s*:", re.I)
MESSAGE_HEADER_CHARS = 300  # how far around a "Date:" line its message's "From:" and "To:" lines may be
# What a message's own date answers: when it was sent or written.
_MESSAGE_ASKED = re.compile(
    r"\b(?:e-?mails?|messages?|memos?|letters?|notes?|repl(?:y|ies)|sent|sends?|wr[io]te|written|dated)\b",
    re.I,
)


def _front(opening: str) -> str:
    """A document's front: the lines of its opening before its first line of prose (titles, a reference,
    "Between: … and …", "Issued: …"), which name what the whole document is about."""
    front = []
    for line in opening.splitlines():
        words = line.split()
        # (a title in capitals is no prose, however long: "ACQUISITION AND USE OF LARGE LANGUAGE MODELS BY…")
        lower = sum(w[:1].islower() for w in words)
        if (
            len(words) >= FRONT_PROSE_WORDS
            and 2 * lower >= len(words)
            and not spans.label_of(spans.clean(line))
        ):
            break
        front.append(line)
    return "\n".join(front)


_BACK_TO_TIME = re.compile(r"\b(?:that|this|the same)\s+(?:date|day|deadline)\b", re.I)


def _goes_on_from(a: Span, b: Span, passages: Sequence[tuple[str, str]]) -> bool:
    """Whether span `b` goes on from `a`, the span before it, outside a paragraph: a list's bare count
    from its list's lead-in ("…contained 37 entries. Of these:" / "22 are…") or from the count before it;
    a line of a list lined up in columns from the paragraph before it ("…here are Oxley Vale's figures…" /
    "  GPU rental (4 cards)      GBP 3,100 / month")."""
    if a.passage != b.passage:
        return False
    if b.kind == "item" and BARE_COUNT.match(b.text):
        return a.text.rstrip().endswith(":") or bool(BARE_COUNT.match(a.text))
    if _BACK_TO_TIME.search(b.text) and dates(a.text):
        # (a numbered paragraph pointing back at the date the one before gives: "24. The Code will come into
        # force on 1 January 2026." / "25. Models already on the market before that date will benefit…")
        return True
    return (
        b.kind == "sentence"
        and a.kind in ("sentence", "item")
        and bool(plain_tables.fields(passages[b.passage][0][b.start : b.end]))
    )


def _record_run(s: Span, passage: str) -> str:
    """The run of "label: value" lines around the span's line in its passage (a form's or a record's
    fields, no blank line between), cleaned; "" when its line is no field of a run."""
    lines = passage[: s.start].count("\n")
    rows = passage.splitlines()
    if lines >= len(rows) or not spans.in_header(rows, lines):
        return ""
    start = end = lines
    while start > 0 and spans.in_header(rows, start - 1):
        start -= 1
    while end + 1 < len(rows) and spans.in_header(rows, end + 1):
        end += 1
    # (a message's recipients are not what its other fields are about: "Date:" is when "From:" sent it)
    return spans.clean("\n".join(r for r in rows[start : end + 1] if not spans.RECIPIENTS.match(r)))


def _record_field(text: str, common: frozenset[str]) -> bool:
    """Whether the line is a field of a record: a capitalised label naming nothing, then its value
    ("Contact point: Anneli Sarv, Senior Procurement Officer"; not a remark, "Note: this repository
    consists of…", nor a list's entry, "Cedar: a gardening model…")."""
    if _META_LINE.search(text):
        return True  # a line of fields: "Proposal no. HI-PR-0412 · Issued 14 August 2025 · Valid until 30 September"
    label = field_label(text, common)
    # (one word the documents never write in lower case is a thing's name: "Cedar: a gardening model")
    named = len(label.split()) == 1 and label.lower() not in common and not spans.FIELD.match(text)
    return label[:1].isupper() and label.lower() not in _REMARK_LABELS and not named


_META_LINE = re.compile(r"^[^!?]{2,60}?\s[·•]\s[^!?]{2,60}?\s[·•]\s")
_REMARK_LABELS = frozenset(
    {"note", "notes", "example", "examples", "tip", "warning", "caution", "important", "nb"}
)


def _names_a_thing(text: str, common: frozenset[str]) -> bool:
    """Whether the text names something: not by a defined term the documents also write in lower case
    ("the Monthly Service Charge"), nor in brackets ("(excluding VAT)")."""
    text = _REFERENCE.sub(" ", re.sub(r"\([^()]*\)", " ", text))
    # (a defined term is a run of capitalised words led by a common one: "Monthly Service Charge")
    text = _CAPITALISED_RUN.sub(lambda m: " " if m.group(1).lower() in common else m.group(0), text)
    return any(n.base not in common | GENERIC_NAMES for n in names(text, lenient=True))


_CAPITALISED_RUN = re.compile(r"\b([A-Z][a-z]+)(?:\s+[A-Z][\w-]*)+")
# A reference to a part of a document, by its number and the document's initials: "Chapter 11 of the ES",
# "Appendix B", "Table 3 of the EIA". It names no subject.
_REFERENCE = re.compile(
    r"\b(?:Chapter|Section|Appendix|Annex|Table|Figure|Part|Paragraph|Clause|Schedule)\s+[\w.]{1,6}"
    r"(?:\s+(?:of|in|to)\s+the\s+[A-Z][\w-]*)?"
)


def _row_words(row: str) -> str:
    """A table row's name without what names no thing: its code ("WP2 …") and an acronym it spells out
    ("Annual recurring revenue (ARR)")."""
    code, _, rest = row.partition(" ")
    return re.sub(r"\([A-Z]{2,6}\)", "", rest if spans.ROW_CODE.fullmatch(code) else row)


# A recommendation set as a command ("Do not ban open weights.", "Require rapid incident reporting."): the
# voice of whoever the document is from.
_IMPERATIVE = re.compile(
    r"(?:Do|Don['’]t|Never|Require|Create|Stage|Review|Establish|Ensure|Adopt|Fund|Set up|Make|Allow|Ban|Limit"
    r"|Introduce|Mandate|Support|Avoid|Prohibit|Encourage|Exempt|Expand|Strengthen|Clarify|Restrict|Permit"
    r"|Reform|Protect|Invest|Publish|Treat|Give|Keep|Phase|Replace|Retain|Remove)\b(?! [A-Z])"
)


# (a possessive points at the span's own subject: "Marlow-13B … according to its model card")
_POINTS_BACK = re.compile(r"\b(?:it|they|them|this|these|those|both|either)\b", re.I)


def _of_document(text: str, title: str) -> bool:
    """Whether the span speaks of what its document's title is ("The consultation ran for twelve weeks…"
    under "Consultation on Openness in Frontier AI Models: Government Response"): it is whose the document's
    opening names ("Republic of Norvessa — Ministry of Digital Affairs")."""
    things = [m.group(1) for m in _THE_THING.finditer(text)]
    return bool(things) and bool(set(stem(things)) & set(stem(re.findall(r"[a-z]{4,}", title.lower()))))


_THE_THING = re.compile(r"\b(?:[Tt]he|[Tt]his) ([a-z]{4,})\b(?! of\b)")


def _heading_name(heading: str, common: frozenset[str], midst: frozenset[str]) -> list[Name]:
    """The name a heading is, when it is nothing else ("Tessaly-34B", not "Why we chose Tessaly-34B", nor
    "Access", a word the documents write in lower case). A plain word is a name only where the passages
    write it so mid-sentence (`midst`): "Okapi", not an encyclopedia's "History" nor a page's "Prizes"."""
    found = names(heading, lenient=True)
    whole = found and found[0].text == heading.strip() and found[0].base not in common | _DOCUMENT_PARTS
    plain = whole and re.fullmatch(r"[A-Z][a-z]+", found[0].text) and found[0].text not in midst
    return found[:1] if whole and not plain else []


def _midst(passages: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The capitalised words the passages write after a word in lower case: names, not a sentence's
    first word nor a heading's."""
    return frozenset(w for text, _ in passages for w in re.findall(r"\b[a-z]+,? ([A-Z][a-z]+)\b", text))


# A numbered part of a document is no thing's name: "Message 3", "Week 4", "Section 2".
_DOCUMENT_PARTS = frozenset(
    {"message", "section", "part", "chapter", "item", "appendix", "annex", "week", "day", "step", "question",
     "round", "phase", "session", "page", "table", "figure", "schedule", "clause", "article", "entry", "reply",
     # (and the parts a report or a standard opens with: "FOREWORD" names nothing its text is about)
     "foreword", "preface", "preamble", "introduction", "summary", "scope", "background", "overview", "purpose",
     "contents", "glossary", "conclusion", "conclusions", "recommendations", "acknowledgements"}
)  # fmt: skip


def distinctive(ask: Ask, common: frozenset[str]) -> list[Name]:
    """The asked names a span must hold to be about the question: not a capitalised word the documents
    also write in lower case, in a phrase led by an article ("the Chief Digital Officer of the City of
    Varnholm": a role and a kind, so a span naming the officer need not repeat "City") or by another name
    ("Kessmark Port Authority": a span naming Kessmark names it), unless every asked name is such a
    word."""

    def titled(n: Name) -> bool:
        lead = rf"\b(?:the|a|an|its|their)\s+(?:[A-Z][\w-]*\s+(?:of\s+(?:the\s+)?)?)*{re.escape(n.text)}\b"
        return re.search(lead, ask.question, re.I) is not None

    def tail(n: Name) -> bool:
        # (a common word ending a name another word leads: "Kessmark Port Authority", where a span naming
        # Kessmark need not say "Port" and "Authority" too)
        run = re.search(rf"\b([A-Z][\w-]*)\s+(?:[A-Z][\w-]*\s+)*{re.escape(n.text)}\b", ask.question)
        return run is not None and any(m.base == run.group(1).lower() for m in ask.subjects)

    strong = [
        n
        for n in ask.subjects
        if n.versions or n.base not in common or not n.text[1:].islower() or not (titled(n) or tail(n))
    ]
    return strong or list(ask.subjects)


def _own_subject(s: Span, common: frozenset[str]) -> bool:
    """Whether the span opens with a name: its subject is its own. (Not a word the documents write in
    lower case: "Today we work mostly with…" opens with no name.)"""
    if spans.FIELD.match(s.text):
        return False  # a header's field is no subject: "Authors: Dr. Helene Marchetti-Obi…"
    text = s.text
    label = spans.label_of(text)
    if label and re.match(r"[\d£$€]|(?:EUR|GBP|USD)\b", spans.without_label(text)):
        # a field's figure, "Duration: 18 months (1 April 2027 – …)" or "June invoice from Veridane: GBP
        # 14,200 for ResidentHelp alone": no name's
        return False
    # (a sentence leading into its point is no label: "The Company's model strategy depends heavily on one
    # individual: Dario Mbeki-Sutherland…" is about the Company)
    if re.search(r"\s[a-z]", label) and len(label.split()) <= LABEL_WORDS:
        # A label in words is no subject — "Wall-clock training time: 19 hours" (but "Wren: A compact…") —
        # what follows it may name one: "One practical tip: Tessaly-34B has a 64,000-token context window".
        text = spans.without_label(text)
    first = names(_REFERENCE.sub(" ", text) if _REFERENCE.match(text) else text, lenient=True)[:1]
    # (nor an acronym of a kind of thing: "GPU rental (4 cards) GBP 3,100 / month" names no one; nor a
    # reference to a part of a document: "Chapter 11 of the ES estimates 31 jobs")
    return (
        bool(first)
        and text.lstrip(" -*•").startswith(first[0].text)
        and first[0].base not in common | GENERIC_NAMES | _ANYONE
    )


# Who a sentence opens with when it names no one: "Anyone can download the 72-billion-parameter model."
_ANYONE = frozenset(["anyone", "anybody", "everyone", "everybody", "someone", "somebody", "nobody", "none"])


def _read(s: Span, opened: list[Name], passages: Sequence[tuple[str, str]]) -> str:
    """The span as the similarity reads it."""
    # A later sentence of a paragraph read with the names its paragraph opened with ("LLaMA:
    # Instead, access is granted to researchers…"): its cosine is then about the same subject.
    lead = ", ".join(dict.fromkeys(n.text for n in opened))
    if (cell := cell_of(s)) and facet(cell[0]):
        # A cell under a side ("Open-source LLMs") is read by its row's name alone: any question about
        # that side shares the column's words with every cell under it. ("Runtime B" is read: it names.)
        s = replace(s, context=row_label(s))
    text = readable(s, passages[s.passage][1])
    if meaning := spans.field_meaning(s.text):
        text = f"{text} ({meaning})"
    own = {n.base for n in names(s.text)}
    return f"{lead}: {text}" if lead and not own & {n.base for n in opened} else text


def _measure(
    ask: Ask,
    part: Part,
    units: list[Span],
    passages: Sequence[tuple[str, str]],
    common: frozenset[str],
    where: Sequence[str],
) -> _Measure:
    """What the units of these passages are measured against for this part."""
    named = modelish(part.text)
    weigh = _idf([f"{readable(s)} {passages[s.passage][1].split(' > ')[-1]}" for s in units])
    asked = asked_concepts(part.text)
    named_place = reference_concepts(ask.question)
    table_asked = bool(TABLE_ASKED.search(ask.question))
    defines = part.kind == "definition" and bool(TERM.match(part.text))  # "gives" then means "X is/are …"
    places = [verify.concepts(where[i] if where else section) for i, (_, section) in enumerate(passages)]
    subject = frozenset(c for n in ask.subjects for c in verify.concepts(n.text) or {n.base: {1}})
    for concept in subject:  # "T5" is the token "t5" in a span
        asked.setdefault(concept, {1})
    wanted = part.facet or ask.facet
    words = frozenset(stem(tokens(part.text)))
    asked_noun = _WHICH_NOUN.search(part.text) or _MEASURE_OF.search(part.text)
    noun = frozenset(verify.concepts(asked_noun.group(1))) if asked_noun else frozenset()
    return _Measure(
        ask,
        part,
        named,
        common,
        weigh,
        asked,
        named_place,
        table_asked,
        defines,
        places,
        wanted,
        subject,
        words,
        noun,
        *_required(ask, distinctive(ask, common)),
        _extreme_asked(part.text),
    )


def _owned(subjects: Sequence[Name], passages: Sequence[tuple[str, str]]) -> tuple[tuple[Name, Name], ...]:
    """The pairs of asked names the passages write as a maker's product ("Calderra Systems' Saltmarsh
    model", "Calderra's Saltmarsh"): (maker, product)."""
    if len(subjects) < 2:
        return ()  # (most questions name one thing: the passages need not be read)
    text = " ".join(t for t, _ in passages)
    return tuple(
        (a, b)
        for a, b in itertools.permutations(subjects, 2)
        if not a.versions
        and (
            re.search(
                rf"\b{re.escape(a.text)}(?:\s+[A-Z][\w-]*)?(?:['’]s|['’])\s+(?:[\w-]+\s+)?{re.escape(b.text)}\b",
                text,
            )
            # ("Tern-70B, released by the Brightwater Collective")
            or re.search(
                rf"\b{re.escape(b.text)}[\w.-]*,?\s+{_MADE_BY}\s+(?:the\s+)?{re.escape(a.text)}\b", text
            )
        )
    )


# How a product's maker is written after it: "Tern-70B, released by the Brightwater Collective".
_MADE_BY = r"(?:released|developed|built|made|published|trained|created|maintained|offered)\s+by"


def _required(ask: Ask, distinct: list[Name]) -> tuple[tuple[Name, ...], tuple[Name, ...]]:
    """The asked names a span must hold, and those the question credits with the answer ("according to
    the Lirnhaven Courier profile"): where to read it, which a span need not repeat but gains by."""
    source = attributed(ask)
    required = tuple(n for n in distinct if n.base not in source)
    return (required, tuple(n for n in distinct if n.base in source)) if required else (tuple(distinct), ())


# A superlative and the words it qualifies, up to a preposition or a clause's end: "the biggest hidden
# cost", "the most common reason", "the main drawback".
_EXTREME = re.compile(
    r"\b(?:biggest|largest|greatest|highest|lowest|smallest|main|primary|most|least)((?: [\w-]+){1,3}?)"
    r"(?= (?:of|for|in|to|that|which|is|was|are|were|among|behind|when|with)\b|[?,.]|$)",
    re.I,
)


def _extreme_asked(text: str) -> tuple[str, ...]:
    """The stems of the superlative phrase the text asks of ("biggest hidden cost"); () when none."""
    m = _EXTREME.search(text)
    return tuple(stem(re.findall(r"[\w-]+", m.group(0).lower()))) if m else ()


def _says_phrase(phrase: tuple[str, ...], text: str) -> bool:
    """Whether the text holds the stemmed phrase, its words in a row."""
    words = stem(re.findall(r"[\w-]+", text.lower()))
    n = len(phrase)
    return any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1))


def _scored(
    m: _Measure,
    s: Span,
    sim: float,
    opened: list[Name],
    passages: Sequence[tuple[str, str]],
    before: str = "",
    in_turn: bool = False,
) -> Scored:
    """One unit scored: its cosine, how much of the question it holds, its subject, whether it gives the
    asked kind (`in_turn`: a transcript's turn whose speaker the opening introduces)."""
    ask, part, asked, common = m.ask, m.part, m.asked, m.common
    section = passages[s.passage][1]
    text = readable(s)
    # (a term the question spells out, the span may write by its initials: "MRR: $94,300 at 31 Dec" for
    # "what monthly recurring revenue…?")
    text += "".join(
        f" ({phrase})" for short, phrase in phrase_initials(ask.question) if short in _capitals(text)
    )
    if part.kind == "entity" and (meaning := spans.field_meaning(s.text)):
        # A header's field speaks of its document: "From: Harriet Vance" is who wrote the memo its header
        # names ("MEMORANDUM … Subject: Procurement recommendation").
        text = f"{text} ({meaning} {_header_of(s, passages[s.passage][0])})"
    # (A transcript's turn speaks for its speaker's party alone, whatever its section's title names: a
    # guest list's last line reads as a title, "Petra Osei, executive director, Fennmoor Collective".)
    # (…though a turn under a heading of its own is about what that heading names: a minister's written
    # answer under "Automated Systems Accountability Act 2025: Commencement")
    heading = section.rsplit(" > ", 1)[1] if " > " in section else ""
    found = names(text, lenient=True) + names(
        f"{heading} {s.context}" if in_turn else f"{section} {s.context}", lenient=True
    )
    found += opened  # "Instead, access is granted…" after "While LLaMA is…"
    in_section = f"{text} {section}"
    found += _spelled_out(ask.subjects, in_section) + _numbered_short(ask.subjects, in_section)
    if cell_of(s):
        # A cell is about what its whole row names ("| Aurelian-4 | Veridian Labs | … | $3 input |").
        raw = passages[s.passage][0]
        start, end = raw.rfind("\n", 0, s.start) + 1, raw.find("\n", s.start)
        row = raw[start : end if end >= 0 else len(raw)]
        in_row = names(spans.clean(row.replace("|", " , ")), lenient=True)
        if models := {n.base for n in names(row_label(s), lenient=True) if n.versions}:
            # A row of one model is about that model, not another its document's opening names ("Oriel-34
            # (on-prem) 88.6%" under "Subject: Oriel-34 vs Verity-4 decision").
            found = [n for n in found if not n.versions or n.base in models]
        found += in_row
        # …and what its table's caption names ("Table 3. RedLine harmful-request refusal rate" above it)
        found += names(spans.clean(_caption(raw, start)), lenient=True)
    years = YEAR.findall(f"{s.context} {text}")
    if not years and s.kind == "row":
        # A table's cell says no year: its passage does ("misuse incidents recorded during 2024" above it).
        years = YEAR.findall(passages[s.passage][0])
    if not years and s.kind in ("item", "sentence"):
        # …nor a list's item: the line leading into its list does ("v2.3 — 19 January 2026." above "Retired
        # 46 housing-law tasks…"); nor a sentence, the one before it in its paragraph ("…spent 14.6 million
        # crowns … in the financial year 2024-25. Of this, 9.1 million crowns was paid to Halcyon").
        years = YEAR.findall(before)
    # …nor a sentence under a dated heading ("Third Quarter Fiscal 2025 Earnings Conference Call").
    # (…nor a span of a document whose front gives one year alone: the minutes "of the meeting held on
    # Tuesday 18 March 2025")
    years = years or YEAR.findall(section) or sorted(m.dated[s.passage] if m.dated else ())
    found += [Name(y, y, frozenset()) for y in years]
    # (a name of several words written by its initials: "the CMAA" for the Continental Model Accountability Act)
    found += [n for short, run in _initials(ask.question) if re.search(rf"\b{short}\b", text) for n in run]
    # (…or by its last word as a defined short name: "the Code" for the Foundation Model Access Code)
    found += [
        n for head, run in _heads(ask.question) if re.search(rf"\b(?i:the) {head}\b", text) for n in run
    ]
    # A version the span names itself is the one it speaks of, whatever other version its paragraph names:
    # "…approve a €12m investment in Quorra's Series B." before "…who led the Series A." is of the Series B.
    own = {n.base: n.versions for n in names(s.text, lenient=True) if n.versions}
    found = [n for n in found if not (n.versions and n.base in own and not n.versions & own[n.base])]
    # (a maker asked with its product speaks for it: "Prompts are kept by Calderra for 30 days" for "how
    # long does Calderra hold the prompts customers send to Saltmarsh?", its documents writing "Calderra
    # Systems' Saltmarsh model"; not a table's cell, which is of its row and column alone)
    held = {n.base for n in found}
    # (a version written bare where its family is named: "Security fixes for the 3.x series…" in Corvid's
    # release notes is of Corvid 3)
    found += [n for n in ask.subjects if n.base in held and n.versions and _bare_version(n.versions, text)]
    found += [b for a, b in m.owned if a.base in held and b.base not in held and not cell_of(s)]
    # (…and a product asked with its maker speaks of what its maker grants for it: "provided your product has
    # fewer than 50 million monthly active users" on Tern's licence, for "…a separate licence from
    # Brightwater?", Tern being "released by the Brightwater Collective")
    found += [a for a, b in m.owned if b.base in held and a.base not in held and not cell_of(s)]
    # (whoever makes or holds a family makes or holds each of its versions)
    subject, _ = match_subject(m.distinct, found, family=part.kind in NAMED_KINDS)
    credit = match_subject(m.credited, found)[0] if m.credited else 0.0
    if part.kind == "list":
        # A cell's item is its row when the row names a thing ("Licence, Claude 2: Proprietary, API only"
        # lists Claude 2), not when the columns are the sides and the rows aspects ("Cost").
        cell = cell_of(s)
        ok = bool(items(s, m.named, common)) or bool(cell and not facet(cell[0]) and names(cell[1]))
    else:
        ok = gives(part.kind, text, ask, common, before)
        if ok and part.kind == "entity" and (cell := cell_of(s)):
            # A cell answers who by a name of its own: not "Owner: Chair" in an action log's row for "who
            # was in the chair?", though the row names others ("25/14 — HoP").
            said = words_of(ask.question)
            # (…or by the role asked, in the row of whom it names: "title, Oskar Vilde: Security Lead")
            ok = any(n.base not in said for n in names(s.text, lenient=True)) or (
                names_role(ask.question, s.text) and person_named(cell[1], common)
            )
        ok = ok or (part.kind == "date" and bool(dated_heading(ask, s, passages[s.passage])))
        if ok and part.kind == "date" and cell_of(s) and _FIGURE_CELL.fullmatch(s.text):
            # "38%" under "2025" is a figure for that year, not when something was done; nor is "72.4B"
            # under "3.0.0 — 11 March 2025" when the release was.
            ok = False
        ok = ok or (part.kind == "entity" and _person_headed(ask, s, section, common))
        # (who signed: a name over its post, "Marek Solveig, Auditor-General", at the document's end)
        ok = ok or (
            part.kind == "entity" and bool(SIGNED_ASKED.search(ask.question)) and spans.signature(s.text)
        )
        ok = ok or (part.kind == "number" and _counted_by_caption(ask, s, passages[s.passage][0]))
        # (a description asked of a measure by its noun too: "what context window does Wren-7B support?"
        # is not answered by Wren-7B's row of other columns)
        measured = part.kind == "number" or (part.kind == "description" and bool(m.noun))
        ok = ok and not (measured and _unasked_measure(m, s))
        # A figure asked by its measure's noun is one said of that measure ("what context window does
        # Brisk-20 support?" — not "4,100 paying customers" about Brisk-20's maker); a size is said by its
        # letter as often as by its word ("Mistral 7B").
        ok = ok and not (
            part.kind == "number"
            and m.noun
            and not cell_of(s)
            and not _SAID_BY_LETTER.search(part.text)
            and not _GENERIC_MEASURE.search(part.text)
            and not m.noun & verify.concepts(text).keys()
            # (a price is said as a sum: "an on-premises licence at €48,000 per site per year")
            and not (_PRICE_NOUN.search(part.text) and _CURRENCY.search(text))
        )
    if part.kind in ("list", "entity") and _CHOICE_ASKED.search(part.text) and not _CHOICE_SAID.search(text):
        # "Which option did the committee end up choosing?", "which supplier won?": a span naming options or
        # bidders, no choice made, does not say which (the thread ends before the meeting decides).
        ok = False
    have = verify.concepts(f"{text} {section.split(' > ')[-1]}")
    if part.kind == "reason" and ok and _reason_of(s.text, before, ask.question):
        have = have | verify.concepts(before)  # (read with what it is the reason for, as its cosine is)
    if subject >= 1.0:
        # Named by its document ("Model Card for Phi-3-mini > License: The model is licensed…"): the
        # subject's words are held by every span of it, which then differ only in what else they hold.
        have = have | {c: {1} for c in m.subject}
    cov = sum(m.weigh(c) for c in asked if c in have) / (sum(m.weigh(c) for c in asked) or 1.0)
    # The row of the asked aspect, named in the question's own words ("how consistent is performance" →
    # "Performance Consistency"); a synonym does not name it: "how are the advancements of closed models
    # safeguarded?" asks of advancements, not of the Security row, though "safeguard" folds into security.
    aspect = (
        s.kind == "row"
        and (name := row_name(s))
        and name.keys() <= asked.keys()
        # (the asked subject's own row is an aspect only in a column the question names, or for a figure:
        # "| Veridane | 11.2x |" under "EV/NTM sales" is no answer to whether Veridane trains on its
        # customers' data, but "| Heron-72B | … | 64,000 tokens |" answers how long a context it takes)
        and not (
            # (the subject's own row whatever kind of thing its name adds: "Meridian-4 API")
            name.keys() - GENERIC_NAMES <= m.subject
            and part.kind != "number"
            and not (verify.concepts((cell_of(s) or ("", ""))[0]).keys() - m.subject) & asked.keys()
        )
        and naming_words(row_label(s)) <= m.words
        # (and names, besides the subject, what the heading over every row does not: under "Dedicated
        # nodes", "Dedicated S" is a plan's row, not the row of "what's the minimum commitment for a dedicated
        # node?")
        and not (
            (rest := name.keys() - m.subject) and rest <= verify.concepts(section.split(" > ")[-1]).keys()
        )
        # (a field's value is no reason: "Licence | Fenwick Open Model Licence v1.1" does not say why the
        # licence singles out the biggest platforms)
        and not (part.kind == "reason" and not ok)
        # (nor what follows from a condition: "Licence | Tamsin Community Licence v2" does not say what
        # happens to the licence if the model is put to a prohibited use)
        and not HAPPENS_ASKED.search(part.text)
    )
    cov = 1.0 if aspect else cov
    if (
        part.kind == "date"
        and _sent_on(s, passages[s.passage][0])
        and not _MESSAGE_ASKED.search(ask.question)
    ):
        # A message's "Date:" says when it was sent, not when what it speaks of happens: "On what date does
        # the steering group meet?" — not "Date: Tue 02/06/2026 15:40" above "From: Ines Halloran".
        ok, cov = False, 0.0
    side = side_of(s, section)
    value = (
        sim + COV_WEIGHT * cov + SUBJECT_WEIGHT * subject + (GIVES_WEIGHT if ok else 0.0) - 0.02 * s.passage
    )
    value += SUBJECT_WEIGHT * credit  # (the source the question credits, where a span names it)
    if (
        part.kind == "number"
        and (when := MONTH_YEAR.search(part.text))
        and when.group(0).lower() in text.lower()
    ):
        # A figure of the month asked ("…in May 2025?") is said with it: "In May 2025 the proportion was
        # 41 per cent", not a table's "Q1 2025" column.
        value += DATE_HELD
    if ok and part.kind == "reason" and after_verdict(before, ask.question):
        value += ROLE_WEIGHT  # (the reason after its verdict: "Rejected. Release policy is outside…")
    if part.kind != "date" and section in m.on_day:
        value += DATE_HELD  # (of the day asked, not of another incident)
    if (cell := cell_of(s)) and _REMARKS.fullmatch(cell[0]):
        # A table's remarks column comments on its row's value ("Up from £0.74m a year earlier" beside
        # "£2.3m"): the value is the row's answer.
        value -= REMARKS_PENALTY
    if CAPTION.match(s.text) and not TABLE_ASKED.search(ask.question):
        # A table's caption says what the table holds, not what it finds: "Table 4: Reasons for choosing a
        # proprietary model…" is no answer to the main reason, the sentence under it is.
        value -= REMARKS_PENALTY
    value = _weighed(m, s, value, bool(aspect), ok, side)
    # (a glossary's entry under the asked term's own line defines it in words of its own)
    # (…or on its own line, in capitals before it: "LOCK-IN   When switching supplier becomes so costly…")
    glossed = part.kind == "definition" and bool(
        (term := TERM.match(part.text))
        and (term_line(before, term.group(1)) or glossary_entry(s.text, term.group(1)))
    )
    return Scored(s, value, sim, ok, subject, side, cov, glossed)


# A cell holding a figure alone, no date: "38%", "$1.40*", "412.6", "~3,000"
# (not a year alone: "Founded | 2020")
_FIGURE_CELL = re.compile(
    r"(?!\W*(?:1[89]|20)\d\d\W*$)\W*-?\d[\d,]*(?:\.\d+)?\s*(?:%|per cent|[kmb]n?)?\W*", re.I
)


def _elliptic_reason(s: Span, previous: dict[Span, Span], ask: Ask) -> bool:
    """Whether the span gives a reason and opens with no subject of its own, its verb's subject the
    sentence before it ("…at Harlow Cross. Rejected by the applicant on cost and because…"), or follows
    a verdict ("Rejected. Release policy is outside the scope…")."""
    before = previous[s].text if s in previous else ""
    return _reason_of(s.text, before, ask.question) and gives("reason", s.text, ask, before=before)


def _reason_of(text: str, before: str, question: str) -> bool:
    """Whether a span is read as the reason for what the sentence `before` it says: it opens with no
    subject of its own, or `before` is a verdict on what is asked."""
    return bool(before) and (
        bool(_ELLIPTIC.match(text)) or after_verdict(before, question) or answers_why(before)
    )


_ELLIPTIC = re.compile(r"\s*[A-Z][a-z]+(?:ed|en)\b(?!\s+(?:is|are|was|were)\b)")
# A span headed as the cause or the reason ("Root cause. …", "Reason for the delay: …").
_CAUSE_LABEL = re.compile(r"(?i)\s*(?:\*\*)?(?:root causes?|causes?|reasons?|why)\b[^.:!?]{0,30}[.:]")


def _days(text: str) -> list[float]:
    """The dates `text` gives to the day ("on 11 February 2025", "on 11 February"), as `dates` reads them."""
    return [d for d in dates(text).get("date", ()) if int(d) % 100]


COV_WEIGHT = 0.5  # a span holding the question's concepts (weighted share)
SUBJECT_WEIGHT = 0.25  # a span about the asked subject
GIVES_WEIGHT = 0.25  # a span giving the asked kind of thing
DATE_HELD = 0.25
_REMARKS = re.compile(r"(?i)\s*(?:comments?|notes?|remarks?|explanation|context|commentary)\s*")
REMARKS_PENALTY = 0.1

CAPTION_WORDS = 25  # a line above a table this short names it


def _person_headed(ask: Ask, s: Span, section: str, common: frozenset[str]) -> bool:
    """Whether the span names a person under a short heading that says what the question asks of them:
    "Tomasz Everleigh-Bryce, Communications Manager, Quillon Labs" under "Media contact" for "which person
    should a journalist contact?"."""
    heading = section.split(" > ")[-1]
    return (
        bool(PERSON_ASKED.search(ask.question))
        and 0 < len(heading.split()) <= HEADING_LABEL_WORDS
        and bool(verify.concepts(heading).keys() & verify.concepts(ask.question).keys())
        and person_named(s.text, common)
    )


HEADING_LABEL_WORDS = 3  # a heading this short labels what is under it, as a field's label does


def _counted_by_caption(ask: Ask, s: Span, passage: str) -> bool:
    """Whether the span is a bare figure of a table's count column whose caption says what it counts:
    "| Rejected | R | 29 |" under "Count", below "147 comments were received… Dispositions:", for "how many
    comments were rejected?"."""
    cell = cell_of(s)
    if not (cell and ask.unit and _COUNT_COLUMN.fullmatch(cell[0]) and _BARE_FIGURE.fullmatch(s.text)):
        return False
    return says_unit(ask.unit, _caption(passage, passage.rfind("\n", 0, s.start) + 1))


_COUNT_COLUMN = re.compile(r"(?i)\s*(?:count|number|no\.?|n|total|#)\s*")
_BARE_FIGURE = re.compile(r"\s*\**\d[\d,]*\**\s*")


def _caption(passage: str, at: int) -> str:
    """The line just above the table whose line starts at `at` (a blank line between allowed), when it is
    short enough to be its caption; "" otherwise."""
    lines = passage[:at].splitlines()
    while lines and "|" in lines[-1]:
        lines.pop()
    while lines and not lines[-1].strip():
        lines.pop()
    return lines[-1] if lines and len(lines[-1].split()) <= CAPTION_WORDS else ""


@cache
def _initials(question: str) -> tuple[tuple[str, tuple[Name, ...]], ...]:
    """The initials of each run of three or more capitalised words in the question, with their names
    ("Continental Model Accountability Act" → "CMAA"; the small words between left out: "Federation of
    Independent Software Developers" → "FISD")."""
    out = []
    for run in re.finditer(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|for|and|on|the)\s+)?[A-Z][a-z]+)+", question):
        if len(words := [w for w in run.group(0).split() if w[0].isupper()]) >= 3:
            out.append(("".join(w[0] for w in words), tuple(names(run.group(0), lenient=True))))
    return tuple(out)


def _bare_version(versions: frozenset[str], text: str) -> bool:
    """Whether the text writes one of the versions as a version alone: "3.x", "3.0.1", "v3", "version 3"."""
    return any(
        re.search(rf"(?<![\w.]){re.escape(v)}(?:\.(?:x|\d+))+\b|\b(?i:v|version\s+){re.escape(v)}\b", text)
        for v in versions
    )


@cache
def _heads(question: str) -> tuple[tuple[str, tuple[Name, ...]], ...]:
    """The last word of each run of two or more capitalised words in the question ending in a noun a
    document shortens its name to, with their names ("Access Code" → "Code"): a legal document names
    "the Foundation Model Access Code" once and "the Code" after."""
    runs = re.finditer(rf"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+({_SHORT_NAME})\b", question)
    return tuple((run.group(1), tuple(names(run.group(0), lenient=True))) for run in runs)


# The nouns a document's defined short name is ("the Code", "the Act", "the Authority")
_SHORT_NAME = (
    "Code|Act|Regulation|Directive|Bill|Agreement|Licence|License|Policy|Framework|Standard|Authority|"
    "Commission|Council|Board|Committee|Company|Programme|Program|Fund|Scheme|Foundation|Institute"
)


def _asked_in(asked: Sequence[Name], text: str) -> list[Name]:
    """The asked names `text` names, and those written by initials that it spells out."""
    bases = {n.base for n in asked}
    return (
        [n for n in names(text, lenient=True) if n.base in bases]
        + _spelled_out(asked, text)
        + _addressed(asked, text)
    )


# A party defined by a term in brackets: 'Fenwick & Rowe Insurance plc (the "Customer")', 'Quillon AI
# Limited ("Quillon")'.
_DEFINES = re.compile(r"([^\n(]{2,80}?)\s*\((?:the\s+)?[\"“']([A-Z][\w&' -]{1,30}?)[\"”']\)")


def _defined(asked: Sequence[Name], opening: str) -> list[tuple[re.Pattern[str], Name]]:
    """Each asked name `opening` defines by a term of its own, with that term as a span writes it ("the
    Customer"), to find the name by."""
    bases = {n.base for n in asked}
    return [
        (re.compile(rf"\b{re.escape(m.group(2))}\b"), n)
        for m in _DEFINES.finditer(opening)
        if m.group(2).lower() not in bases
        for n in names(m.group(1), lenient=True)
        if n.base in bases
    ]


def _front_names(asked: Sequence[Name], front: str) -> list[Name]:
    return names(front, lenient=True) + _spelled_out(asked, front) + _addressed(asked, front)


def _addressed(asked: Sequence[Name], text: str) -> list[Name]:
    """The asked name every email address's domain in `text` spells: an email thread's organisation is
    often named only by its addresses ("From: Gwen Tallis <gwen.tallis@caldmoor.gov.example>": Caldmoor,
    whose "our resident portal" the thread speaks of; "@castellanfreight.example": Castellan). (Not when
    the addresses are of several parties: whom "we" speaks for is then unknown.)"""
    domains = [d.lower().replace("-", "") for d in _DOMAIN.findall(text)]
    return [
        a
        for a in asked
        if domains
        and len(base := re.sub(r"[^a-z0-9]", "", a.base.lower())) >= MIN_ADDRESSED
        and all(d.startswith(base) for d in domains)
    ]


_DOMAIN = re.compile(r"@([A-Za-z0-9-]+)\.")
MIN_ADDRESSED = 4  # (a shorter name is any domain's start: "ai", "lab")


def _spelled_out(asked: Sequence[Name], text: str) -> list[Name]:
    """The asked names written by their initials ("TFAC", "ML") whose words `text` holds in a row,
    capitalised ("Tallowmere Federation of Agricultural Cooperatives", "MACHINE LEARNING")."""
    return [
        a
        for a in asked
        if a.text.isupper()
        and 1 < len(a.text) <= MAX_INITIALS
        and not a.versions
        and _spelling(a.text).search(text)
    ]


MAX_INITIALS = 6


def _numbered_short(asked: Sequence[Name], text: str) -> list[Name]:
    """The asked numbered names `text` writes by their letter, or whose letter it spells out: "R3" for
    "Reviewer 3", "Reviewer 3" for "R3" (as reviews, quarters and work packages are written)."""
    found = []
    for a in asked:
        version = next(iter(a.versions), "") if len(a.versions) == 1 else ""
        if not version.isdigit() or " " in a.base or not a.base:
            continue
        letter = a.base[0].upper()
        short = rf"\b{letter}{version}\b" if len(a.base) > 1 else rf"\b{letter}[a-z]+\s+{version}\b"
        if re.search(short, text):
            found.append(a)
    return found


@cache
def _spelling(initials: str) -> re.Pattern[str]:
    """Capitalised words in a row with these initials, small joining words between them allowed."""
    join = r"(?:\s+(?:of|and|for|the|on|in|&)\s+|[\s-]+)"
    return re.compile(r"\b" + join.join(rf"{c}[\w'’]*" for c in initials) + r"\b")


def _header_of(s: Span, passage: str) -> str:
    """The header block a header's field sits in: the passage's lines up to the field and the fields
    after it, up to the first blank line."""
    end = passage.find("\n\n", s.end)
    return passage[: end if end >= 0 else len(passage)]


_SAID_BY_LETTER = re.compile(r"\b(?:param\w*|size)\b", re.I)
# "How much is/does/did …?" asks a sum when nothing is named between: not "how much memory…?"
_SUM_ASKED = re.compile(r"\bhow much (?:is|are|was|were|does|do|did|will|would|to)\b", re.I)
_PRICE_NOUN = re.compile(r"\b(?:price|cost|fee|charge|rate|pay|salary|wage)s?\b", re.I)
_CURRENCY = re.compile(
    r"[$€£¥]\s?\d|\b(?:USD|EUR|GBP)\s?\d|\b\d[\d,.]*\s?(?:USD|EUR|GBP|euros?|dollars?|pounds?)\b"
)
# A measure whose figures are said without its noun: "what score…?" — "averaged 64.5"; "within what time
# limit?" — "within 30 days"; "what price…?" — "$3".
_GENERIC_MEASURE = re.compile(
    # (a threshold is rarely said by its name: "What compute threshold makes a model systemic?" — "a model
    # trained with more than 10^25 floating-point operations is a systemic model")
    r"\b(?:what|which)\s+(?:[\w-]+\s+){0,2}(?:score|time|limit|number|figure|amount|total|rate|count|percentage|share|"
    r"price|cost|fee|sum|period|duration|level|value|threshold|cap|ceiling|fine|penalt(?:y|ie))s?\b",
    re.I,
)


def _unasked_measure(m: _Measure, s: Span) -> bool:
    """Whether the span is a table's figure of a measure the question does not name: "LANCE: 71.2" under
    Castellan-3's row does not say its context length. A cell is asked for when the question names its
    row and its column ("what did Tessellate-70B score on ReasonGrid?", both asked names), or its measure
    in words besides the asked names ("…, and how many tokens are included?" — "Included tokens" under
    the Builder plan the part before named; a year is no measure)."""
    cell = cell_of(s)
    if cell is None:
        return False
    # (a column's unit in brackets is not its measure: "Context (tokens)" says no training data's size,
    # though "how much training data, in tokens…?" names tokens; "(% of monthly Fees)" is more than a unit)
    cell = (re.sub(r"\([^()\s]+\)", " ", cell[0]).strip() or cell[0], cell[1])
    if all(_names_any(naming_words(label), m.words) for label in cell):
        return False
    if m.noun and m.noun <= verify.concepts(s.text).keys():
        return False  # the cell says what is asked itself: "Clause 9.2 allows…" for "which clause…?"
    if m.ask.unit and says_unit(m.ask.unit, s.text) and re.search(r"\d", s.text):
        return False  # …or a figure of the asked unit: "Halden-7 has 34 billion parameters." (Corrected text)
    # A sum asked ("how much is the Standard plan per month?"), a sum given: "€4,900 per month".
    if (_SUM_ASKED.search(m.ask.question) or _PRICE_NOUN.search(m.ask.question)) and _CURRENCY.search(s.text):
        return False
    # …a span of time asked, a span of time given: "how long is it meant to last?" — "Duration: 24 months".
    if HOW_LONG.search(m.part.text) and DURATION.fullmatch(s.text.strip()):
        return False
    subject = {w for n in m.ask.subjects for w in naming_words(n.text)}
    measure = {w for w in naming_words(" ".join(cell)) - subject if not w.isdigit()}
    # (or in a word of the same concept: "how much did it spend?" names the "Expenditure" column)
    same = verify.concepts(" ".join(sorted(measure))).keys() & verify.concepts(m.ask.question).keys()
    return not (_names_any(measure, m.words) or same)


def _names_any(label: set[str], asked: frozenset[str]) -> bool:
    """Whether the question names a word of the label, or one its word begins ("how long a context" —
    "Longest input")."""
    return any(
        w == a or (min(len(w), len(a)) >= 4 and (w.startswith(a) or a.startswith(w)))
        for w in label
        for a in asked
    )


# A qualifier of the measure asked, not the measure: "what maximum context length…", "the largest amount of…"
_QUALIFIER = r"maximum|minimum|max|largest|smallest|biggest|highest|lowest|greatest"
# The noun a question asks which or what of ("under which licence…", "what score does…").
_WHICH_NOUN = re.compile(
    r"\b(?:which|what)\s+(?!(?:is|are|was|were|does|do|did|has|have|can|will|would|kind|type|sort)\b)"
    # (past a qualifier: "what maximum context length…" asks of the context length)
    rf"(?:(?:{_QUALIFIER}|total|average|typical|exact|approximate|estimated|overall|final)\s+)?([a-z][\w-]*)",
    re.I,
)


# …and the measure "what is the … of" asks ("what is the maximum context length of Marlow-13B?": a figure
# said of its context, not its training tokens), unless its figures go without its noun ("the price of").
_MEASURE_OF = re.compile(
    rf"\bwhat\s+(?:is|was|are|were)\s+(?:the|its|their)\s+(?:(?:{_QUALIFIER}|total|average|typical)\s+)?"
    r"(?!(?:score|time|limit|number|figure|amount|total|rate|count|percentage|share|price|cost|fee|sum|period"
    rf"|duration|level|value|size|name|date|year|{_QUALIFIER}|average|typical)s?\b)([a-z][\w-]*)(?:\s+[a-z][\w-]*)?"
    r"\s+of\b",
    re.I,
)


def _weighed(m: _Measure, s: Span, value: float, aspect: bool, ok: bool, side: str | None) -> float:
    """The value raised for the asked aspect, table, definition, place, side and unit (in this order)."""
    value += ASPECT_WEIGHT if aspect else 0.0
    value += PLACE_WEIGHT if s.kind == "row" and m.table_asked else 0.0
    value += DEFINES_WEIGHT if ok and m.defines else 0.0
    # The holder of the asked role, named beside it ("Our CTO, Priya Okonkwo-Lind" for "who is the
    # chief technology officer?"), whatever the cosine of initials to the words they stand for.
    if ok and m.part.kind == "entity":
        # (twice as much when the question asks which organisation: "Which think tank published…?")
        maker = MAKER_WEIGHT * (1 + organisation_asked(m.part.text)) * names_maker(m.ask, s.text, m.common)
        # (by its row's label too: "| Panel chair | Ines Halloran |")
        # (…or by the field the question names: "Named Insured: Pellbright Legal Services LLP")
        read = readable(s)
        role = names_role(m.part.text, read) or field_asked(m.part.text, read)
        value += ROLE_WEIGHT if role else maker
    if ok and m.part.kind == "reason" and _CAUSE_LABEL.match(s.text):
        value += ROLE_WEIGHT  # a postmortem's "Root cause. An automated configuration push…"
    if ok and m.part.kind == "place" and labelled_as_asked(m.part.text, readable(s), m.common):
        value += ROLE_WEIGHT  # the asked event's field: "Resolution meeting: 2–4 June 2025, Kelvingate"
    if m.named_place:
        place = m.places[s.passage]
        value += PLACE_WEIGHT * sum(c in place for c in m.named_place) / len(m.named_place)
    if m.wanted and side and side != m.wanted:
        value -= 0.5
    elif m.wanted and side == m.wanted:
        value += 0.1
    if m.ask.unit and says_unit(m.ask.unit, s.text):
        value += 0.15
    if m.extreme and _says_phrase(m.extreme, s.text):
        # The span states the superlative asked ("what did he say is the biggest hidden cost?" — "the
        # biggest hidden cost isn't the GPUs at all — it's the on-call MLOps team").
        value += EXTREME_WEIGHT
    if m.noun and (cell := cell_of(s)) and m.noun <= verify.concepts(cell[0]).keys():
        # The column the question asks for by its noun ("under which licence is it released?": the
        # Licence cell, not the Released one its verb shares a word with).
        value += ASPECT_WEIGHT
    return value


def _entry_of(ask: Ask, s: Span) -> bool:
    """Whether the span is the document's entry for the asked subject: its label is the subject
    ("2020: Emergence of RAG…" for "what does the timeline list for 2020?")."""
    label = (spans.label_of(s.text) or s.context.split(" > ")[-1]).lower()
    return bool(label) and all(n.text.lower() in label for n in ask.subjects)


def _of_unit(ask: Ask, part: Part, s: Span) -> bool:
    """Whether the span gives a figure of the unit a "how many" question counts."""
    if part.kind != "number" or not ask.unit:
        return False
    return unit_stem(ask.unit) in {unit_stem(u) for u in measures(s.text, ask)}


def _header_block(opening: str) -> str:
    """A document's header: its first block of lines, and the blocks of "label: value" lines after it
    ("Date: …" / "Venue: …" / "Chair: Dr Oona Faraday-Reyes" under a transcript's title)."""
    blocks = opening.split("\n\n")
    kept = blocks[:1]
    for block in blocks[1:HEADER_BLOCKS]:
        lines = [line for line in block.splitlines() if line.strip()]
        # (past the lines of a title too: "MINUTES OF THE PUBLIC TOWN HALL MEETING" / "…ASKBRACKEN
        # ASSISTANT" / "" / "Date: …" / "Venue: …")
        # (a plain-text title's, not a Markdown section's: "## Awards" starts the body)
        titles = all(
            len(line.strip()) <= TITLE_LINE_CHARS
            and not line.rstrip().endswith(".")
            and not line.startswith("#")
            for line in lines
        )
        if not lines or not (titles or any(spans.in_header(lines, i) for i in range(len(lines)))):
            break
        kept.append(block)
    return spans.clean("\n\n".join(kept))


HEADER_BLOCKS = 3  # blocks of a document's opening searched for its header's fields
TITLE_LINE_CHARS = 60  # a block of lines no longer than this, no sentence ended, is a title's


def _capitals(text: str) -> frozenset[str]:
    """The words of `text` in capitals, a plural's "s" left off ("TCOs")."""
    return frozenset(re.findall(r"\b([A-Z]{2,})s?\b", text))


def retracted(text: str) -> bool:
    """Whether the text tells what a document wrongly said and not what is so: a correction's "An
    earlier version of this article gave the price as €40." (Not one that goes on to say what is: "…as
    €40; it is €45.")"""
    m = _RETRACTED.search(text)
    return m is not None and not _SET_RIGHT.search(text, m.end())


# What a correction says was wrong: "an earlier version of this interview said", "incorrectly stated".
_RETRACTED = re.compile(
    r"\b(?:earlier|previous|original|prior|first)\s+version\s+of\s+(?:this|the)\b[^.;]{0,60}?"
    r"\b(?:said|stated|reported|gave|described|named|listed|attributed|put|quoted|misstated)\b"
    r"|\b(?:incorrectly|wrongly|erroneously|mistakenly)\s+(?:said|stated|reported|gave|listed|named|described"
    r"|attributed|put|identified|quoted|referred)\b"
    r"|\bmis(?:stated|reported|quoted|attributed|identified)\b",
    re.I,
)
_ERROR_ASKED = re.compile(
    r"\b(?:wrong\w*|incorrect\w*|mistake\w*|mistaken\w*|erroneous\w*|errors?|correct(?:ed|ions?)|originally"
    r"|mis(?:stat|report|quot|print)\w*|retract\w*)\b",
    re.I,
)
# …and what sets it right in the same sentence: "; it is €45", "but the figure is", "should have read".
_SET_RIGHT = re.compile(r"[;—–]|\b(?:but|should|in fact|actually|rather|correct(?:ly)?)\b", re.I)
REASON_COVERED = 0.4  # of the asked concepts, held by a reason far from the question in meaning


_ABOUT_FIELD = re.compile(r"(?i)\s*(?:subject|re|title|topic|regarding|agenda item)\s*:?\s*")


DEFINED_MARGIN = 0.25  # how far below the evidence threshold a glossary entry under the asked term may be


_PLACE_LABEL = re.compile(rf"(?:{PLACE_LABELS})s?", re.I)  # "Room", "Venue", "Location"
# How far below the evidence threshold a span may be that is sure of what it answers: it names the asked
# subject and gives the asked kind, or sits in a field labelled with the role or the place asked.
SURE_MARGIN = 0.45


def accepted(ask: Ask, part: Part, ranked: list[Scored], min_sim: float) -> list[Scored]:
    """The scored units that answer the part: the asked subject (when the question names one) and, for
    a name, place, date or number, a span that gives one."""
    out: list[Scored] = []
    later: list[Scored] = []
    for x in ranked:
        if retracted(x.span.text) and not _ERROR_ASKED.search(ask.question):
            # A correction's account of what was wrongly said is no answer: "An earlier version of this
            # interview said Kestrel-70 was trained on 4,096 GPUs." (Unless the error is what is asked:
            # "what contract value did the Courier wrongly print?")
            continue
        if (
            part.kind in ("yesno", "reason", "definition")
            and x.span.kind == "sentence"
            and spans.fragment(x.span.text)
        ):
            # A topic named alone says nothing of it: "PRIYA: …The Model Transparency Regulation. Ines, you've
            # been critical." is no yes to "are open-weight models exempt from the Regulation?"
            continue
        if part.kind == "yesno" and (cell := cell_of(x.span)) and _ABOUT_FIELD.fullmatch(cell[1]):
            # A record's subject line says what it is about, never yes or no: "| **Subject:** | Teacher use of
            # AI chatbots; adoption of Administrative Regulation 6163.7 |" for "do chatbots save time?"
            continue
        if ask.subjects and x.subject < 1.0 and not (part.kind == "yesno" and x.subject > 0):
            # Every name the question gives ("Llama 3 on MMLU": both) — but a yes/no may name the value
            # it checks ("Is Falcon 180B under Apache 2.0?"), which the deciding span need not hold.
            continue
        if part.facet and x.side != part.facet and not (x.side is None and SIDE_MARK.search(x.span.text)):
            # (A span marking each name with its side, "GPT-4 (closed-source) and LLaMA 3 (open-source)",
            # speaks of both: its names are sorted by their marks.)
            continue  # "one closed-source model": not from a span about the open side
        if strict(part.kind, ask) or part.kind == "list":
            # A span naming the asked subject and giving the asked kind answers, in whatever words
            # ("Claude (Anthropic): emphasizes safety" for "who makes Claude?", cosine 0.23).
            # (So does a figure of the asked unit: "about 18,000 historical support tickets" for "how many
            # old support tickets…?")
            sure = (ask.subjects and x.subject >= 1.0) or _of_unit(ask, part, x.span)
            floor = min_sim - (SURE_MARGIN if sure else 0.2)
            if x.gives and x.sim >= floor:
                out.append(x)
            elif part.kind == "list" and x.sim >= min_sim:
                later.append(x)  # no named items: evidence only if no span lists any
        elif part.kind == "description" and cell_of(x.span) and not x.gives:
            continue  # a cell of a measure the question does not ask
        elif part.kind in ("entity", "place") and not x.gives and _DATE_FIELD.fullmatch(x.span.text):
            # A header's "Date: 30 October 2025" says when, not who signed or where, however like the
            # question its heading makes it. (Not for every kind: read so, it moved a fact's answer on
            # blind AN to a false disagreement.)
            continue
        elif part.kind not in ("date", "entity", "place") and _unasked_field(x.span.text, part.text):
            continue  # …and its "Room: Ferrier Building" says where, not which paper was read
        elif (
            x.sim >= min_sim
            # Under a heading that names what is asked and holding the rest of it: about the question,
            # in words of its own ("Partially Open Frameworks: companies release the architecture…").
            or (x.cov >= COVERED and x.sim >= min_sim - COVERED_MARGIN)
            or (
                # Named and about the asked subject: closeness in meaning may be lower, words must be shared.
                ask.subjects
                and x.subject >= 1.0
                and (x.sim >= min_sim - 0.2 or (x.sim >= min_sim - 0.3 and x.cov >= 0.5))
            )
            or (x.gives and part.kind == "reason" and x.sim >= min_sim - 0.1)
            # (…or headed as the cause, of the asked subject: "Root cause. An automated configuration push…")
            or (
                x.gives
                and part.kind == "reason"
                and _CAUSE_LABEL.match(x.span.text)
                and x.subject >= 1.0
                and x.sim >= min_sim - 0.3
            )
            # (the holder of the asked role, named beside it: "Gwendolyn Ashby-Muir — host" for "who presents
            # episode 37?")
            or (
                x.gives
                and part.kind == "entity"
                # (by its field's label too: "Panel chair: Danuta Ferris" for "who was in charge of the panel?")
                and names_role(part.text, readable(x.span))
                # (a field labelled with the role is sure of it, however far its few words are in meaning:
                # "PRESENTER : Bethan Morcombe" for "who hosted the phone-in?", cosine 0.30)
                and x.sim
                >= min_sim - (SURE_MARGIN if names_role(part.text, spans.label_of(x.span.text)) else 0.2)
            )
            # (a reason said in words of its own — "abstained from scoring" for "sit out scoring" — is far
            # in meaning, but holds much of what is asked; so does a place named where much of what is
            # asked is said: "MINUTES of the meeting held on… in the Council Chamber" for "where was the
            # committee meeting that approved the contract held?")
            # (…and a field labelled as a place says where, however few words it holds: "Room: Halloran
            # Hall 214" for "where are the classes held?", cosine 0.22)
            or (
                x.gives
                and part.kind == "place"
                and any(
                    _PLACE_LABEL.fullmatch(label)
                    for label in cell_of(x.span) or (spans.label_of(x.span.text),)
                )
                and x.sim >= min_sim - SURE_MARGIN
            )
            or (
                x.gives
                and part.kind in ("reason", "place")
                and x.cov >= REASON_COVERED
                and x.sim >= min_sim - 0.3
            )
            or (x.gives and part.kind == "definition" and TERM.match(part.text) and x.cov >= CONSIDER_LEAD_IN)
            # (…as does a glossary's entry under the term's own line, in words of its own: "Open-washing:" —
            # "Marketing a model as "open" when…", cosine 0.35)
            or (x.glossed and x.sim >= min_sim - DEFINED_MARGIN)
            or (ask.subjects and x.subject >= 1.0 and _entry_of(ask, x.span))
        ):
            out.append(x)
    if part.kind == "entity":
        # "Who wrote the memo?" is answered by the header's field that says who did ("From: Harriet
        # Vance"), not by the passage most like the question ("This memo asks the Executive Committee…");
        # "who was in the chair?" by its "Chair: Dr Oona Faraday-Reyes".
        done = asked_concepts(part.text).keys()
        # Where in the question each asked concept is first said: a question asks first what it asks,
        # and qualifies it after ("who is the procurement contact for the tender?": the contact).
        said = [verify.concepts(word).keys() for word in part.text.split()]

        def asked_at(x: Scored) -> int | None:
            # How early the question asks what the field's label says: "CONTACT" before "TENDER TITLE",
            # "From:" (written by) before "Host:" for "who wrote the memo recommending a hosted model?";
            # None for no field, or one the question does not ask.
            label = verify.concepts(spans.field_meaning(x.span.text) or field_label(x.span.text)).keys()
            where = next((i for i, words in enumerate(said) if words & label & done), None)
            # (a field naming no one: "Guest lecture: infrastructure engineer from a trust"; read only for
            # a field the question asks, the rest being most spans)
            return where if where is None or names(spans.without_label(x.span.text), lenient=True) else None

        at = {id(x): asked_at(x) for x in ranked if x.gives and (x.subject >= 1.0 or not ask.subjects)}
        fields = sorted((x for x in ranked if at.get(id(x)) is not None), key=lambda x: at[id(x)] or 0)
        out = fields + [x for x in out if x not in fields]
    return out + later
