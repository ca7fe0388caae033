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
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from rag import disagree, grounding, spans, verify
from rag.grounding import Similarity
from rag.question import Ask, Kind, Name, Part, facet, names
from rag.spans import Span

# "Who makes Claude?" needs a name; "who can now work with open models?" is answered by a description.
NAMED_KINDS: frozenset[Kind] = frozenset({"entity", "place"})
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE = re.compile(
    rf"\b(1[89]\d\d|20\d\d)s?\b|\b{_MONTH}\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(st|nd|rd|th)?\s+(of\s+)?{_MONTH}\b"
    rf"|\b\d{{4}}-\d\d-\d\d\b|\bQ[1-4]\s+\d{{4}}\b",
    re.I,
)
_NUMBER = re.compile(
    r"(?<![\w.-])\$?\d[\d,]*(?:\.\d+)?\s*(%|percent|[kKmMbB]\b|million|billion|trillion|thousand)?(?![\w-])"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|"
    r"dozens?|hundreds?|thousands?|millions?|billions?|trillions?)\b",
    re.I,
)
_ENTITY_CUE = re.compile(
    r"\b(by|from|developed|created|built|released|launched|introduced|trained|made|makes|maintained|"
    r"maintains|owned|owns|behind|founded)\b|['’]s\b|\(\s*[A-Z]",
)
_PLACE = re.compile(
    r"\b(?:in|based in|headquartered in|located in|from|at)\s+(?:the\s+)?"
    r"((?:[A-Z][a-z]+|[A-Z]{2,})(?:[\s-](?:[A-Z][a-z]+|[A-Z]{2,}))*)"
)
_REASON_CUE = re.compile(
    r"\b(because|due to|since|as a result|so that|in order to|allows?|allowing|enables?|enabling|thanks to|"
    r"leads? to|reasons?|therefore|helps?|makes? (it|them)|which means|driven by|given)\b",
    re.I,
)
_ENUMERATION = re.compile(r"\b(?:examples?|include[sd]?|including|such as|e\.g\.)\s*:?\s+(.+)$", re.I)
_GENERIC_LABEL = re.compile(
    r"(?i)^(examples?|observations?|notes?|key observations?|summary|why|how|what|use cases?|answers?|questions?|"
    r"suggested answers?|quiz|exercise|tips?|conclusion|overview|introduction|definition|advantages|challenges|"
    r"disadvantages|benefits|drawbacks)\b"
)
_PRONOUN_PART = re.compile(r"\b(it|its|they|them|their|this|that|these|those|he|she|his|her)\b", re.I)
_EXCEPT = re.compile(
    r"\b(?:apart from|other than|besides|except(?: for)?|excluding|aside from|not counting)\s+([^,?]+)", re.I
)
_REQUEST = re.compile(r"(?i)^(please|question\s*\d+|q\d+|exercise|task|quiz)\b")
_CLAUSE = re.compile(r"(?<=[,;:])\s+|\s+[—–]\s+")
# Units a figure must come with to answer "how many …": any number on the subject will not do.
_MEASURES = r"(parameters?|params|tokens?|languages?|layers?|gpus?|hours?|days?|weeks?|dollars?|users?|downloads?|employees?|epochs?|experts?|heads?|gigabytes?|gb|tb)"
_MONEY_ASKED = re.compile(
    r"\b(expensive|costly|cost|costs|price|priced|fee|fees|how much money|spend|budget)\b", re.I
)
_MONEY = re.compile(
    r"[$€£]|\b(dollars?|euros?|pounds?|usd|eur|cost\w*|pric\w*|fees?|spend\w*|invest\w*|budget|paid|free|"
    r"millions|billions|thousands)\b",
    re.I,
)
_DATE_COMMA = re.compile(rf"\b{_MONTH}\.?\s+\d{{1,2}}(st|nd|rd|th)?,$", re.I)


def clauses(text: str) -> list[str]:
    """The clauses of a sentence, split at , ; : and dashes — but "April 18, 2024" stays one date."""
    out: list[str] = []
    for piece in _CLAUSE.split(text):
        if out and _DATE_COMMA.search(out[-1]) and re.match(r"\d{4}\b", piece):
            out[-1] = f"{out[-1]} {piece}"
        elif piece.strip():
            out.append(piece)
    return out


_MODELISH = re.compile(
    r"\b(models?|llms?|projects?|systems?|examples?|initiatives?|alternatives?|ones|chatbots?|libraries|library)\b",
    re.I,
)


def modelish(question: str) -> bool:
    """Whether a list question asks for named models (or projects), not for reasons or traits: the
    first noun after which/what/name decides ("which benefits of open models" asks for benefits)."""
    m = re.search(r"\b(which|what|name|list|give|mention)\b((?:\s+[\w-]+){1,5})", question, re.I)
    if not m:
        return bool(_MODELISH.search(question))
    for word in m.group(2).split():
        if _MODELISH.fullmatch(word):
            return True
        if len(word) > 3 and word.lower().endswith("s") and not word.lower().endswith(("ss", "'s")):
            return False
    return bool(_MODELISH.search(question))


_GENERIC_NAMES = frozenset({"llm", "llms", "ai", "api", "apis", "gpu", "gpus", "faq", "url"})
NOT_SAID = "The documents do not say"  # our framing of an unanswered part: not a claim to cite
LEAD_MAX_WORDS = 45
COVERED = 0.6  # weighted share of the question's concepts that makes a span about it, however worded
COVERED_MARGIN = 0.2
ASPECT_WEIGHT = (
    0.25  # a table row named by the question's own words outranks a cell that merely mentions them
)
ANSWER_MAX_WORDS = 90


@dataclass(frozen=True)
class Scored:
    span: Span
    score: float
    sim: float
    gives: bool
    subject: float  # 1 the asked subject, 0.5 its family without a version, 0 absent
    side: str | None = None  # "open" or "closed" when the span speaks of one side
    cov: float = 0.0  # weighted share of the question's concepts the span holds


@dataclass(frozen=True)
class Lead:
    text: str  # one short statement in the documents' words
    spans: tuple[Span, ...]  # what it cites


@dataclass(frozen=True)
class Composition:
    leads: list[Lead]
    quotes: list[Span]
    refused: bool
    note: str  # why a part was refused, or the neighbouring subject the documents speak of
    disagreements: list[disagree.Disagreement] = field(default_factory=list)


# --------------------------------------------------------------------------- subjects and kinds


def _subject(asked: Sequence[Name], found: list[Name]) -> tuple[float, str]:
    """How well the names in a span match the asked subjects, and a neighbouring version it gives instead.

    1 when every asked name is there (with its version, when the question gives one: "Llama 2" is not
    "Llama 3"); otherwise the share found, a family without the asked version counting half.
    """
    if not asked:
        return 1.0, ""
    total, neighbour = 0.0, ""
    for a in asked:
        same = [f for f in found if (f.base == a.base and a.base) or (not a.base and a.versions & f.versions)]
        if not same:
            continue
        if not a.versions or any(f.versions & a.versions for f in same):
            total += 1.0
        elif all(f.versions for f in same):
            other = next(f.text for f in same if f.versions)
            neighbour = neighbour or f"the documents give this for {other}, not {a.text}"
        else:
            total += 0.5
    return total / len(asked), neighbour


def strict(kind: Kind, ask: Ask) -> bool:
    """Whether only a span giving the kind answers: a date or number always, a name or place when the
    question names whose ("who makes Claude?", not "who can now use open models?")."""
    return kind in {"date", "number"} or (kind in NAMED_KINDS and bool(ask.subjects))


def gives(kind: Kind, text: str, ask: Ask, common: frozenset[str] = frozenset()) -> bool:
    """Whether `text` states the asked kind of thing (one the question does not already hold)."""
    q = ask.question
    text = grounding.MARKER.sub(" ", text)  # "[2]" is a citation, not a figure
    if kind == "date":
        known = {m.group(0).lower() for m in _DATE.finditer(q)}
        return any(m.group(0).lower() not in known for m in _DATE.finditer(text))
    if kind == "number":
        known = {m.group(0).lower().strip("$,. ") for m in _NUMBER.finditer(q)}
        versions = {v for n in names(text, lenient=True) for v in n.versions}
        found = [
            m
            for m in _NUMBER.finditer(text)
            if (n := m.group(0).lower().strip("$,. ")) not in known
            and n not in versions
            and not _DATE.fullmatch(n)
            and not (
                n == "one" and not re.match(rf"\s+{_MEASURES}", text[m.end() :], re.I)
            )  # "from one … to another"
        ]
        if _MONEY_ASKED.search(q):
            # "How expensive is it…" is answered by a sum, not by any figure on the subject.
            return any(_MONEY.search(text[max(0, m.start() - 30) : m.end() + 30]) for m in found)
        if not re.fullmatch(_MEASURES, ask.unit):
            return bool(found)
        # "How many parameters…" is answered by a number of parameters, not by any number on the subject.
        unit = ask.unit[:5]
        return any(
            unit in text[m.end() : m.end() + 40].lower()
            or unit in text[max(0, m.start() - 25) : m.start()].lower()
            for m in found
        ) or (unit in ("param", "weigh") and bool(re.search(r"\b\d+(\.\d+)?\s*[BM]\b", text)))
    if kind == "place":
        asked = {n.base for n in ask.subjects}
        return any(
            re.sub(r"[^a-z]", "", m.group(1).lower()) not in asked
            and not re.fullmatch(_MONTH, m.group(1), re.I)
            and proper(m.group(1), common)
            for m in _PLACE.finditer(text)
        )
    if kind == "entity":
        asked = {n.base for n in ask.subjects} | {w.lower() for w in re.findall(r"[A-Za-z]+", q)}
        return bool(_ENTITY_CUE.search(text)) and any(
            n.base and n.base not in asked and not re.fullmatch(_MONTH, n.base) and proper(n.text, common)
            for n in names(text, lenient=True)
        )
    if kind == "reason":
        return bool(_REASON_CUE.search(text))
    if kind == "definition" and (term := _TERM.match(q)):
        # "LLMs are AI models trained to…", "Large Language Models, or LLMs, are…": the term said to be
        # something, near the start of the span, not merely named in it.
        t = re.escape(term.group(1).rstrip("s"))
        return bool(
            re.search(
                rf"^\W*(?:[\w'’,-]+\s+){{0,5}}?{t}(?:e?s)?\b(?:\s*\([^)]*\))?(?:,[^,]{{1,100}},)?\s+"
                r"(?:is|are|refers? to|means?|describes?|denotes?)\b",
                text,
                re.I,
            )
        )
    return True


# --------------------------------------------------------------------------- scoring


def _units(passages: Sequence[tuple[str, str]], split: Sequence[list[Span]]) -> list[Span]:
    """Every span of the passages (`split`: each passage's spans) that can be evidence: not a heading,
    fragment or instruction."""
    out = []
    for (text, _section), pieces in zip(passages, split, strict=True):
        for s in pieces:
            words = grounding.content_words(s.text)
            if (
                s.kind == "heading"
                or grounding.is_instruction(s.text)
                or grounding.is_instruction(text[s.start : s.end])
            ):
                continue
            if (len(words) < 3 and not (s.context and len(words) >= 2)) or not re.search(
                r"[A-Za-z]{3}", s.text
            ):
                continue
            if s.text.rstrip().endswith(":") and len(words) < 6:
                continue  # a label introducing a list is read through its items
            if s.text.rstrip().endswith("?") or _REQUEST.match(s.text):
                continue  # a question or a request in a document answers nothing
            out.append(s)
    return out


def _readable(s: Span, section: str = "") -> str:
    """The span as it reads in place: under its section's last heading and its list label."""
    head = section.split(" > ")[-1].strip() if section else ""
    lead = " — ".join(x for x in (head, s.context) if x)
    return f"{lead}: {s.text}" if lead else s.text


# Words of a document reference that name no document in particular.
_PLACE_WORDS = frozenset(
    verify.concepts("according article document text piece post section discussion does")
)
PLACE_WEIGHT = 0.2
DEFINES_WEIGHT = 0.3  # a span saying what the asked term is ("Hybrid approaches, which blend …, are …")
TABLE_ASKED = re.compile(r"\b(table|matrix|grid|chart)\b", re.I)  # "…the debate article's table"
_DOC_REFERENCE = re.compile(
    r"\b(according to|in|from|does|do)?\s*the\s+([\w-]+\s+){0,4}?(article|report|course|outline|document|post|"
    r"piece|guide|text|discussion|section|table|matrix|blog|faq|readme|paper|manual|wiki|notes|card)\b('s)?",
    re.I,
)


# Words of the asking, not of what is asked: "what kind of model is T5" asks what T5 is.
_FILLER = re.compile(
    r"\b(what|which)\s+(kind|sort|type)s?\s+of\b|\bin (simple|plain) (terms|words)\b|\b(roughly|exactly|"
    r"typically|actually|really|basically|briefly|put simply|simply|approximately|about)\b"
    r"|\b(list|lists|mention|mentions|name|names|cite|cites|highlight|highlights|give|gives)\s*\??\s*$",
    re.I,
)


def _asked(text: str) -> dict[str, set[int]]:
    """What a question (part) asks about, as concepts: without its document reference and filler words."""
    return verify.concepts(_FILLER.sub(" ", _DOC_REFERENCE.sub(" ", text)))


def _idf(texts: list[str]) -> Callable[[str], float]:
    """Weight of a concept by how few of the spans hold it: "weights" tells more than "model"."""
    import math

    counts: dict[str, int] = {}
    for t in texts:
        for c in verify.concepts(t):
            counts[c] = counts.get(c, 0) + 1
    n = len(texts) or 1
    return lambda c: math.log(1 + n / (1 + counts.get(c, 0)))


def _side(s: Span, section: str) -> str | None:
    """The side a span speaks of: its own words, else its label, else its nearest section heading that
    names one (not the document title, which often names both)."""
    for text in (s.text, s.context, *reversed(section.split(" > ")[1:])):
        if side := facet(text):
            return side
    return None


def _row_name(s: Span) -> dict[str, set[int]]:
    """What a table row is about (its first cell), as concepts without the generic ones; {} when that is
    all it has."""
    name = s.context.split(", ", 1)[1] if ", " in s.context else s.text.split("|")[0]
    return {c: v for c, v in verify.concepts(name).items() if c not in _SIDE_CONCEPTS}


_SIDE_CONCEPTS = verify.GENERIC | {"open", "characterist", "aspect"}  # what every row of such a table says


def _same_paragraph(units: list[Span], passages: Sequence[tuple[str, str]]) -> dict[Span, Span]:
    """Each sentence → the sentence before it in the same paragraph: a paragraph keeps its subject,
    though its later sentences may not repeat the name."""
    out: dict[Span, Span] = {}
    for a, b in itertools.pairwise(units):
        if (
            a.passage == b.passage
            and a.kind == b.kind == "sentence"
            and not passages[a.passage][0][a.end : b.start].strip()
            and "\n" not in passages[a.passage][0][a.end : b.start]
        ):
            out[b] = a
    return out


def _opened_with(s: Span, previous: dict[Span, Span]) -> list[Name]:
    """The names of the nearest earlier sentence of the span's paragraph that has any."""
    before = previous.get(s)
    for _ in range(4):
        if before is None:
            return []
        if found := names(before.text):
            return found
        before = previous.get(before)
    return []


def lower_words(passages: Sequence[tuple[str, str]]) -> frozenset[str]:
    return frozenset(w for text, _ in passages for w in re.findall(r"\b[a-z][a-z-]+\b", text))


def score(
    ask: Ask,
    part: Part,
    units: list[Span],
    passages: Sequence[tuple[str, str]],
    similarity: Similarity,
    common: frozenset[str] = frozenset(),
    where: Sequence[str] = (),
) -> list[Scored]:
    """Every unit scored for one part of the question, best first; `where` names each passage's place
    (file, title, sections) for questions that name one."""
    if not units:
        return []
    query = part.text
    if ask.subjects and not any(n.base for n in names(part.text)):
        query = f"{part.text} ({', '.join(n.text for n in ask.subjects)})"
    previous = _same_paragraph(units, passages)
    opened = {s: _opened_with(s, previous) for s in units}

    def read(s: Span) -> str:
        # A later sentence of a paragraph read with the names its paragraph opened with ("LLaMA:
        # Instead, access is granted to researchers…"): its cosine is then about the same subject.
        lead = ", ".join(dict.fromkeys(n.text for n in opened[s]))
        text = _readable(s, passages[s.passage][1])
        return f"{lead}: {text}" if lead and not names(s.text) else text

    sims = similarity(query, [read(s) for s in units])
    named = modelish(part.text)
    common = common or lower_words(passages)
    weigh = _idf([f"{_readable(s)} {passages[s.passage][1].split(' > ')[-1]}" for s in units])
    asked = _asked(part.text)
    named_place = _named_place(ask.question)
    table_asked = bool(TABLE_ASKED.search(ask.question))
    defines = part.kind == "definition" and bool(_TERM.match(part.text))  # "gives" then means "X is/are …"
    places = [verify.concepts(where[i] if where else section) for i, (_, section) in enumerate(passages)]
    for n in ask.subjects:
        for concept in verify.concepts(n.text) or {n.base: {1}}:  # "T5" is the token "t5" in a span
            asked.setdefault(concept, {1})
    wanted = part.facet or ask.facet
    out = []
    for s, sim in zip(units, sims, strict=True):
        section = passages[s.passage][1]
        text = _readable(s)
        found = names(text, lenient=True) + names(f"{section} {s.context}", lenient=True)
        found += opened[s]  # "Instead, access is granted…" after "While LLaMA is…"
        found += [Name(y, y, frozenset()) for y in re.findall(r"\b(?:1[89]|20)\d\d\b", f"{s.context} {text}")]
        subject, _ = _subject(ask.subjects, found)
        ok = bool(items(s, named, common)) if part.kind == "list" else gives(part.kind, text, ask, common)
        have = verify.concepts(f"{text} {section.split(' > ')[-1]}")
        cov = sum(weigh(c) for c in asked if c in have) / (sum(weigh(c) for c in asked) or 1.0)
        # The row of the asked aspect ("how consistent is performance" → "Performance Consistency").
        aspect = s.kind == "row" and (name := _row_name(s)) and name.keys() <= asked.keys()
        cov = 1.0 if aspect else cov
        side = _side(s, section)
        value = sim + 0.5 * cov + 0.25 * subject + (0.25 if ok else 0.0) - 0.02 * s.passage
        value += ASPECT_WEIGHT if aspect else 0.0
        value += PLACE_WEIGHT if s.kind == "row" and table_asked else 0.0
        value += DEFINES_WEIGHT if ok and defines else 0.0
        if named_place:
            place = places[s.passage]
            value += PLACE_WEIGHT * sum(c in place for c in named_place) / len(named_place)
        if wanted and side and side != wanted:
            value -= 0.5
        elif wanted and side == wanted:
            value += 0.1
        if ask.unit and ask.unit[:5] in s.text.lower():
            value += 0.15
        out.append(Scored(s, value, sim, ok, subject, side, cov))
    return sorted(out, key=lambda x: (-x.score, x.span.passage, x.span.start))


def _entry_of(ask: Ask, s: Span) -> bool:
    """Whether the span is the document's entry for the asked subject: its label is the subject
    ("2020: Emergence of RAG…" for "what does the timeline list for 2020?")."""
    label = (spans.label_of(s.text) or s.context.split(" > ")[-1]).lower()
    return bool(label) and all(n.text.lower() in label for n in ask.subjects)


def accepted(ask: Ask, part: Part, ranked: list[Scored], min_sim: float) -> list[Scored]:
    """The scored units that answer the part: the asked subject (when the question names one) and, for
    a name, place, date or number, a span that gives one."""
    out: list[Scored] = []
    later: list[Scored] = []
    for x in ranked:
        if ask.subjects and x.subject < 1.0:  # every name the question gives ("Llama 3 on MMLU": both)
            continue
        if part.facet and x.side != part.facet and not (x.side is None and _SIDE_MARK.search(x.span.text)):
            # (A span marking each name with its side, "GPT-4 (closed-source) and LLaMA 3 (open-source)",
            # speaks of both: its names are sorted by their marks.)
            continue  # "one closed-source model": not from a span about the open side
        if strict(part.kind, ask) or part.kind == "list":
            # A span naming the asked subject and giving the asked kind answers, in whatever words
            # ("Claude (Anthropic): emphasizes safety" for "who makes Claude?", cosine 0.23).
            floor = min_sim - (0.45 if ask.subjects and x.subject >= 1.0 else 0.2)
            if x.gives and x.sim >= floor:
                out.append(x)
            elif part.kind == "list" and x.sim >= min_sim:
                later.append(x)  # no named items: evidence only if no span lists any
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
            or (
                x.gives and part.kind == "definition" and _TERM.match(part.text) and x.cov >= CONSIDER_LEAD_IN
            )
            or (ask.subjects and x.subject >= 1.0 and _entry_of(ask, x.span))
        ):
            out.append(x)
    return out + later


# --------------------------------------------------------------------------- wording


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _sentence(text: str) -> str:
    text = text.strip().rstrip(":;,")
    if not text:
        return text
    return text[0].upper() + text[1:]


def _clause(kind: Kind, s: Span, ask: Ask, common: frozenset[str]) -> str:
    """The shortest run of clauses of the span that carries the answer (the whole span when short)."""
    text = s.text
    if not strict(kind, ask):
        return _trim(text)
    if not gives(kind, text, ask, common) and s.context and gives(kind, s.context, ask, common):
        # The answer is in the label the span hangs under ("Claude (Anthropic):" over "- Emphasizes…").
        return s.context.split(" > ")[-1]
    pieces = clauses(text)
    if len(pieces) <= 1:
        return _trim(text)
    for i, piece in enumerate(pieces):
        if gives(kind, piece, ask, common):
            chosen = piece
            j = i
            while _words(chosen) < 5 and j + 1 < len(pieces):
                j += 1
                chosen = f"{chosen} {pieces[j]}"
            return chosen
    return _trim(text)


def _trim(text: str) -> str:
    """A long sentence cut at the last clause boundary before the lead's word limit."""
    if _words(text) <= LEAD_MAX_WORDS:
        return text
    pieces = clauses(text)
    out = ""
    for p in pieces:
        if out and _words(out + " " + p) > LEAD_MAX_WORDS:
            break
        out = f"{out} {p}".strip()
    return out


def _with_subject(clause: str, s: Span, ask: Ask) -> str:
    """The clause led by its subject when it does not name it ("Falcon: developed by TII…")."""
    if not ask.subjects or _subject(ask.subjects, names(clause, lenient=True))[0] >= 1.0:
        return clause
    own = spans.label_of(s.text)
    for label in (own, s.context.split(" > ")[-1] if s.context else ""):
        if label and _subject(ask.subjects, names(label, lenient=True))[0] > 0 and label not in clause:
            return f"{label}: {clause[0].lower() + clause[1:] if clause[:2].istitle() else clause}"
    return clause


def proper(phrase: str, common: frozenset[str]) -> bool:
    """Whether a phrase names something: a token with a digit or inner capitals (GPT-4, LLaMA), an owner
    in brackets ("Claude (Anthropic)"), or a single capitalised word the passages never write in lower
    case (Falcon, Bloom; not "Privacy", not "Future of LLM Accessibility")."""
    tokens = [t for t in re.findall(r"[A-Za-z0-9][\w.-]*", phrase) if t.lower() not in _GENERIC_NAMES]
    if any(re.search(r"\d|[a-z][A-Z]|[A-Z]{2,}", t) for t in tokens):
        return True
    if re.search(r"\([A-Z][\w ]*\)", phrase):
        return True
    if len(tokens) > 1 and all(
        t[0].isupper() and t.lower() not in common and t.lower() not in grounding.STOP_WORDS for t in tokens
    ):
        return True  # "Abu Dhabi", "Borealis Labs": every word a capitalised word never written in lower case
    return (
        len(tokens) == 1
        and tokens[0][0].isupper()
        and tokens[0].lower() not in common
        and tokens[0].lower() not in grounding.STOP_WORDS
        and not re.search(r"(ity|ness|tion|ment|ance|ence|ing|ive|ship|al|ure)$", tokens[0])
    )


def items(s: Span, named_only: bool, common: frozenset[str] = frozenset()) -> list[str]:
    """Named items a span lists: an enumeration after "Examples:"/"include"/"such as", or its label."""
    found: list[str] = []
    if m := _ENUMERATION.search(s.text):
        for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[A-Z])|;\s*", m.group(1)):
            piece = piece.strip(" .")
            if piece and piece[0].isupper() and _words(piece) <= 6:
                found.append(piece)
    if not found:
        # "GPT-4 (closed-source) and LLaMA 3 (open-source)": each name marked with its side.
        for m in _SIDE_MARK.finditer(s.text):
            before = names(s.text[: m.start()], lenient=True)
            if before and s.text[: m.start()].rstrip().endswith(before[-1].text):
                found.append(before[-1].text)
    if not found and s.kind == "item":
        label = spans.label_of(s.text)
        if label and not _GENERIC_LABEL.match(label):
            found.append(label)
        elif (
            s.context
            and (under := s.context.split(" > ")[-1])
            and not _GENERIC_LABEL.match(under)
            and proper(under, common)
        ):
            found.append(under)  # "- Example: …" under "GPT-4 (OpenAI):": the item is the label above
    if named_only:
        found = [f for f in found if proper(f, common)]
    return [f for f in found if not re.match(r"(?i)(others?|etc|more)\b", f)]


_SIDE_MARK = re.compile(r"\(\s*(open[- ]source|open|closed[- ]source|closed|proprietary)\s*\)", re.I)


def name_sides(passages: Sequence[tuple[str, str]]) -> dict[str, str]:
    """The side the passages place each named model on, where they agree: a name in a span (or under a
    label or heading) that speaks of one side, or marked "(closed-source)" right after it."""
    votes: dict[str, dict[str, int]] = {}
    for i, (text, section) in enumerate(passages):
        for s in spans.split(text, i):
            marked: dict[str, str] = {}
            for m in _SIDE_MARK.finditer(s.text):
                before = names(s.text[: m.start()], lenient=True)
                if before and (mark := facet(m.group(1))):
                    marked[before[-1].base] = mark
            spoken = _side(s, section)
            for n in names(s.text, lenient=True):
                if chosen := marked.get(n.base) or (spoken if not marked else None):
                    votes.setdefault(n.base, {}).setdefault(chosen, 0)
                    votes[n.base][chosen] += 1
    return {
        b: max(v, key=lambda k: v[k]) for b, v in votes.items() if len(v) == 1 or len(set(v.values())) > 1
    }


@dataclass(frozen=True)
class _Labelled:
    span: Span
    text_label: str


def _label_group(good: list[Scored]) -> list[_Labelled]:
    """The labels of the list the best labelled item belongs to, in document order ("Cost",
    "Security and Privacy", "Innovation vs. Control"): a list of traits is answered by its own items."""
    labelled = [
        (x, label)
        for x in good
        if x.span.kind == "item"
        and (label := spans.label_of(x.span.text))
        and not _GENERIC_LABEL.match(label)
    ]
    if not labelled:
        return []
    head, _ = labelled[0]
    group = sorted(
        {
            (x.span.start, label): x
            for x, label in labelled
            if x.span.passage == head.span.passage and x.span.context == head.span.context
        }.items()
    )
    return [_Labelled(x.span, label) for (_, label), x in group][:8]


@dataclass(frozen=True)
class Block:
    """A list as its document introduces it: a lead-in sentence ending in ":" ("…for several reasons:")
    and the labelled items under it ("Versatility: …", "Efficiency: …")."""

    lead_in: Span
    items: tuple[Span, ...]
    labels: tuple[str, ...]


MIN_BLOCK_ITEMS = 2  # one labelled item is an entry, not a list


def blocks(split: Sequence[list[Span]]) -> list[Block]:
    """Every run of labelled list items that a lead-in sentence introduces (`split`: each passage's spans)."""
    out: list[Block] = []
    for pieces in split:
        lead: Span | None = None
        run: list[Span] = []
        for s in [*pieces, None]:
            if s is not None and s.kind == "item":
                if not s.context:  # a later sentence of an item carries the item's label as context
                    run.append(s)
                continue
            labels = tuple(spans.label_of(x.text) for x in run)
            if lead is not None and len(run) >= MIN_BLOCK_ITEMS and all(labels):
                out.append(Block(lead, tuple(run), labels))
            run = []
            if s is None:
                break
            lead = s if s.kind == "sentence" and s.text.rstrip().endswith(":") else None
    return out


_STANDS_FOR = re.compile(r"\b(stands?|short) for\b|\babbreviat|\bacronym\b|\bfull name\b", re.I)
_TERM = re.compile(
    r"^\s*(?:(?:in (?:simple|plain) (?:terms|words)|put simply|simply put|briefly),?\s*)?what\s+(?:is|are)\s+"
    r"(?:an?\s+|the\s+)?([\w-]+(?:\s+[\w-]+)?)(?:\s+(?:of|in|for|to|on|used)\b[^?]*)?\s*\?*\s*$",
    re.I,
)


def _initials_cover(acronym: str, expansion: str) -> bool:
    """Whether the expansion's word initials spell the acronym's capitals in order ("LLaMA" ← "Large
    Language Model Meta AI")."""
    wanted = [c for c in acronym if c.isupper()]
    initials = "".join(w[0].upper() for w in re.findall(r"[A-Za-z][\w'-]*", expansion))
    it = iter(initials)
    return len(wanted) >= 2 and all(c in it for c in wanted)


_ACRONYM_ASKED = re.compile(
    r"\bwhat\s+(?:does|do|did|is)\s+(?:the\s+)?(?:name\s+|acronym\s+|abbreviation\s+|term\s+)?[\"'“‘]?"
    r"([\w.-]+?)[\"'”’]?\s+(?:stand|short)\b",
    re.I,
)


def defined_term(part: Part, ask: Ask) -> str:
    """The term a definition or "what does X stand for?" question asks about ("weights", "LLaMA"), or ""."""
    if _STANDS_FOR.search(part.text):
        if m := _ACRONYM_ASKED.search(part.text):
            return m.group(1)
        return ask.subjects[0].text if ask.subjects else ""
    if part.kind == "definition" and (m := _TERM.match(part.text)):
        return m.group(1)
    return ""


def gloss(part: Part, ask: Ask, units: Sequence[Span]) -> tuple[str, Span] | None:
    """A term's own gloss in brackets: what an acronym stands for ("LLaMA (Large Language Model Meta
    AI)"), or what a word means where the documents explain it in passing ("weights (the learned
    parameters)"). The documents' shortest definition, and often the only one."""
    term = defined_term(part, ask)
    if not term:
        return None
    if _STANDS_FOR.search(part.text):
        t = re.escape(term)
        for s in units:
            for m in re.finditer(rf"(?<![\w-]){t}\s*\(([^()]{{3,80}})\)", s.text):
                if _initials_cover(term, m.group(1)):
                    return f"{term}: {m.group(1).strip()}", s
            # "Large Language Models (LLMs)", "Large Language Models, or LLMs,".
            for m in re.finditer(
                rf"((?:[A-Z][\w'-]*\s+){{1,7}}[A-Z][\w'-]*)(?:\s*\(\s*|,?\s+or\s+){t}s?\b", s.text
            ):
                if _initials_cover(term, m.group(1)):
                    return f"{term}: {m.group(1).strip()}", s
        return None
    for s in units:
        # A gloss that explains (starts lower case), not a name in brackets ("GPT-4 (OpenAI)").
        g = re.search(rf"(?<![\w-]){re.escape(term)}\s*\(([^()]{{3,60}})\)", s.text, re.I)
        if g and g.group(1)[0].islower():
            return f"{term[0].upper() + term[1:]}: {g.group(1).strip()}", s
    return None


def _introduces(block: Block, best: Span, part: Part) -> bool:
    """Whether the block's lead-in is the answer: it is the best span, or the best span is one of its
    items and the lead-in says most of what is asked ("Teams adopt the toolkit for three reasons:")."""
    if block.lead_in == best:
        return True
    if best not in block.items:
        return False
    asked = _asked(part.text)
    have = verify.concepts(block.lead_in.text)
    return bool(asked) and sum(c in have for c in asked) / len(asked) >= CONSIDER_LEAD_IN


CONSIDER_LEAD_IN = 0.5  # share of the question's concepts a list's lead-in must say to answer for its items


@dataclass(frozen=True)
class _Answered:
    lead: Lead
    evidence: list[Span]


def _answer_part(
    ask: Ask,
    part: Part,
    good: list[Scored],
    common: frozenset[str],
    passages: Sequence[tuple[str, str]],
    listed: Sequence[Block] = (),
) -> _Answered:
    best = good[0]
    if block := next((b for b in listed if _introduces(b, best.span, part)), None):
        # "…for several reasons:" answers with the reasons it introduces, and so does one of those
        # reasons when the sentence introducing them answers too.
        lead = f"{_trim(block.lead_in.text.rstrip().rstrip(':'))}: {', '.join(block.labels)}"
        cited = (block.lead_in, *block.items)
        return _Answered(Lead(_sentence(lead), cited), list(cited))
    if part.kind == "list":
        named = modelish(part.text)
        asked = {n.base for n in ask.subjects if n.base}
        group = [
            g for g in _label_group(good) if not asked & {n.base for n in names(g.text_label, lenient=True)}
        ]
        if not named and group:
            return _Answered(Lead(", ".join(s.text_label for s in group), tuple(s.span for s in group)), [])
        # "Name one…" is answered with a few, not every model the passages list.
        cap = 3 if re.search(r"\b(one|an?|single)\b", part.text + " " + ask.question, re.I) else 6
        chosen: list[tuple[str, Span]] = []
        taken: list[set[str]] = []
        excluded = {n.base for m in _EXCEPT.finditer(ask.question) for n in names(m.group(1), lenient=True)}
        excluded |= asked  # "what jobs is T5 used for?" is not answered "T5"
        wanted = part.facet or ask.facet
        sides = name_sides(passages) if wanted else {}
        # Spans that enumerate ("Examples: LLaMA 3 by Meta, Bloom, GPT-Neo") before labels of items.
        good = sorted(good, key=lambda x: (not _ENUMERATION.search(x.span.text), -x.score))
        for x in good:
            if len(chosen) >= cap:
                break
            for item in items(x.span, named, common):
                mine = {n.base for n in names(item, lenient=True)} or {grounding.normalise(item)}
                if mine & excluded or any(mine <= b or b <= mine for b in taken):
                    continue  # "GPT-4 (OpenAI)" after "GPT-4"; "apart from GPT…"
                if wanted and any(sides.get(b, wanted) != wanted for b in mine):
                    continue  # "which open model…": not one the documents place on the closed side
                taken.append(mine)
                chosen.append((item, x.span))
        if chosen:
            head = {"open": "Open-source", "closed": "Closed-source"}.get(part.facet or "", "")
            text = ", ".join(i for i, _ in chosen[:cap])
            used = tuple(dict.fromkeys(s for _, s in chosen[:cap]))
            return _Answered(Lead(f"{head}: {text}" if head else text, used), list(used))
    if part.kind == "yesno" and (decided := _yes_or_no(part.text, good[:3], passages)):
        answer, x = decided
        lead = f"{answer}: {_with_subject(_trim(x.span.text), x.span, ask)}"
        return _Answered(Lead(lead, (x.span,)), [x.span])
    if best.span.kind == "row" and ", " in best.span.context:
        # A cell of a table: the row's cells side by side ("Cost — Open-source: Low or free; Closed-source:
        # Typically requires paid API"), each column named, all cited.
        row = best.span.context.split(", ", 1)[1]
        # Every cell of the row, accepted or not: the other column is the contrast asked for.
        p = best.span.passage
        cells = [
            c
            for c in spans.split(passages[p][0], p)
            if c.kind == "row" and c.context.split(", ", 1)[-1] == row
        ]
        lead = f"{row} — " + "; ".join(f"{c.context.split(', ', 1)[0]}: {c.text}" for c in cells)
        return _Answered(Lead(_sentence(lead), tuple(cells)), cells)
    if best.span.kind == "row" and best.span.text.count("|") >= 2:
        # A whole row whose header the passage lacks: "Cost: Low or free | Typically requires paid API".
        first, rest = best.span.text.split("|", 1)
        return _Answered(Lead(_sentence(f"{first.strip()}: {rest.strip()}"), (best.span,)), [best.span])
    clause = _clause(part.kind, best.span, ask, common)
    lead = _sentence(_with_subject(clause, best.span, ask))
    return _Answered(Lead(lead, (best.span,)), [best.span])


def _yes_or_no(
    question: str, good: list[Scored], passages: Sequence[tuple[str, str]]
) -> tuple[str, Scored] | None:
    """ "Yes" or "No" with the span that decides it: the question read as a claim ("Is LLaMA open
    source?" → "LLaMA is open source") and checked by the verifier against the best spans."""
    if not disagree.states(question):
        return None  # "If its code costs nothing, does that make…": no statement to check, no verdict
    claim = disagree.claim_of(question, question.rstrip(" ?"))
    for x in good:
        judged = verify.judge(claim, _readable(x.span, passages[x.span.passage][1]))
        if judged.verdict == "supported":
            return "Yes", x
        if judged.verdict == "contradicted":
            return "No", x
    return None


def compose(
    ask: Ask,
    passages: Sequence[tuple[str, str]],
    similarity: Similarity,
    min_sim: float,
    max_quotes: int = 2,
    vocabulary: frozenset[str] | None = None,
    where: Sequence[str] = (),
) -> Composition:
    """The direct answer and its evidence from the passages (`(text, section)` each, best first)."""
    split = [spans.split(text, i) for i, (text, _) in enumerate(passages)]  # once, for units and lists
    units = _units(passages, split)
    listed = blocks(split)
    placed = _placed(ask.question, where)
    if where and ask.subjects:
        ask = _without_places(ask, passages, where)
    whole = ask
    first_good: list[Scored] = []
    first_ranked: list[Scored] = []
    common = (vocabulary or frozenset()) | lower_words(passages)
    leads: list[Lead] = []
    used: list[Span] = []
    pool: list[Scored] = []
    missing: list[str] = []
    neighbours: list[str] = []
    for part in ask.parts:
        # Each part is about its own names ("when were transformers introduced and when did Meta put
        # out LLaMA 2?": only the second is about LLaMA 2); a part without names, about the question's.
        own = tuple({n.key(): n for n in names(part.text)}.values())
        if len(ask.parts) > 1:
            ask = replace(whole, subjects=own or (whole.subjects if _PRONOUN_PART.search(part.text) else ()))
        ranked = score(ask, part, units, passages, similarity, common, where)
        first_ranked = first_ranked or ranked
        good = accepted(ask, part, ranked, min_sim)
        # "…does the rise-of-open-source article highlight?": from that article when it answers at all.
        good = [x for x in good if x.span.passage in placed] or good
        if found := gloss(part, ask, units):
            text, span = found
            leads.append(Lead(_sentence(text), (span,)))
            used.append(span)
            pool += good[:3]
            first_good = first_good or good
            continue
        if not good:
            missing.append(part.text)
            neighbours += [
                n
                for x in ranked[:10]
                if (n := _subject(ask.subjects, names(_readable(x.span), lenient=True))[1])
            ]
            continue
        first_good = first_good or good
        answered = _answer_part(ask, part, good, common, passages, listed)
        if any(_restates(answered.lead.text, lead.text) for lead in leads):
            continue  # one span answers two parts ("Claude (Anthropic): emphasizes safety…")
        leads.append(answered.lead)
        used += answered.evidence
        if part.kind in _OPEN_KINDS and answered.evidence:
            # "Hugging Face is … a hub …. Their platform hosts thousands of models, datasets…": the
            # sentence that goes on about the same subject goes with it.
            used += [n for n in _goes_on(answered.evidence[-1], units, passages) if _leans_back(n)]
        # Under a table row's answer, other rows of the table are other aspects, not support.
        row = answered.evidence[0] if answered.evidence and answered.evidence[0].kind == "row" else None
        pool += [
            x for x in good[1:4] if row is None or x.span.kind != "row" or _row_name(x.span) == _row_name(row)
        ]
    ask = whole
    sides = _sides(ask, leads, first_good, first_ranked, min_sim)
    if not leads and sides:
        # No span answers it outright, yet the documents argue it both ways: that is the answer.
        first = sides[0].sides[0].spans[0]
        leads, used, missing = [Lead(_sentence(first.text), (first,))], [first], []
    if not leads:
        return Composition([], [], True, _refusal_note(ask, neighbours))
    quotes = _quotes(leads, used, pool, max_quotes)
    note = ""
    if missing:
        note = f"{NOT_SAID}: " + "; ".join(m.rstrip("?") + "?" for m in missing)
    return Composition(leads, quotes, False, note, sides)


STANCE_CANDIDATES = 30  # the spans most about a yes/no question that may take a side on it
STANCE_MARGIN = 0.2  # how far below the evidence cosine a span may be and still take a side


def _sides(
    ask: Ask, leads: list[Lead], good: list[Scored], ranked: list[Scored], min_sim: float
) -> list[disagree.Disagreement]:
    """Where the documents disagree about a one-part question: the answer checked against the other
    answering spans; else, for a yes/no question, the spans most about it that lean the other way."""
    if len(ask.parts) != 1 or ask.kind in ("list", "number", "date"):
        return []
    if leads:
        candidates = [x.span for x in good[:12]]
        found = disagree.find(ask.question, leads[0].text, candidates, [_readable(c) for c in candidates])
        if found or ask.kind != "yesno":
            return found
    if ask.kind != "yesno":
        return []
    near = [
        x.span
        for x in ranked[:STANCE_CANDIDATES]
        if x.sim >= min_sim - STANCE_MARGIN and (ask.facet is None or x.side in (None, ask.facet))
    ]
    return disagree.weigh(ask.question, near, [_readable(c) for c in near])


def doc_words(doc_id: str) -> str:
    """A document's file name as words ("open-vs-closed-source-debate.md" → "open vs closed source
    debate"): what a question calls it by."""
    return Path(doc_id).stem.replace("-", " ").replace("_", " ")


def _named_place(question: str) -> set[str]:
    """The concepts of the document or section a question names ("in the technology matrix",
    "according to the course's quiz"), without the words every reference has ("article", "section")."""
    return (
        set(verify.concepts(" ".join(m.group(0) for m in _DOC_REFERENCE.finditer(question)))) - _PLACE_WORDS
    )


_OPEN_KINDS: frozenset[Kind] = frozenset({"description", "definition", "reason"})


def _goes_on(s: Span, units: list[Span], passages: Sequence[tuple[str, str]]) -> list[Span]:
    """The span right after `s` on the same line of its passage (the next sentence of its paragraph or
    list item), if any."""
    text = passages[s.passage][0]
    after = [u for u in units if u.passage == s.passage and u.start >= s.end]
    nxt = min(after, key=lambda u: u.start, default=None)
    return [nxt] if nxt is not None and "\n" not in text[s.end : nxt.start] else []


def _leans_back(s: Span) -> bool:
    """Whether a sentence opens by pointing at the one before ("Their platform…", "This approach…")."""
    return bool(verify.LEANS_BACK.match(s.text))


def _placed(question: str, where: Sequence[str]) -> set[int]:
    """The passages from the document the question names (`where` gives each passage's file name, then
    its sections): those whose file holds most of the reference's words; none when it names none. A
    section named too ("the course's quiz") only weighs its spans (`score`): the answer may sit
    elsewhere in the document."""
    said = _named_place(question)
    if not said or not where:
        return set()
    overlap = [len(said & set(verify.concepts(w.split(" > ")[0]))) for w in where]
    best = max(overlap)
    return {i for i, n in enumerate(overlap) if n == best} if best else set()


def named_documents(question: str, titles: dict[str, str]) -> set[str]:
    """The documents a question names ("the debate article", "the course's quiz") among `titles` (doc id →
    title): those whose file name or title holds the most words of the reference that set them apart
    (a word every document's name holds, such as "open source", sets none apart)."""
    said = _named_place(question)
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


def _without_places(ask: Ask, passages: Sequence[tuple[str, str]], where: Sequence[str]) -> Ask:
    """The question's subjects without those that name a document rather than a thing in it ("the
    README", "the FAQ"): found in a file's name or title, never in the passages' text."""
    text = " ".join(t for t, _ in passages).lower()
    places = " ".join(where).lower()
    kept = tuple(n for n in ask.subjects if n.base not in places or n.base in text)
    return ask if len(kept) == len(ask.subjects) else replace(ask, subjects=kept)


def _refusal_note(ask: Ask, neighbours: list[str]) -> str:
    """Why nothing answered, when the documents speak of a neighbouring version instead."""
    return neighbours[0] if neighbours else ""


def _quotes(leads: list[Lead], used: list[Span], pool: list[Scored], limit: int) -> list[Span]:
    """The spans to show under the answer: those the lead was cut from, then the next best, while the
    answer stays short; never one that repeats what is already said."""
    said = " ".join(lead.text for lead in leads)
    out: list[Span] = []
    for s in used:
        if (
            grounding.normalise(s.text) != grounding.normalise(said)
            and s not in out
            and not _inside(s.text, said)
        ):
            out.append(s)
    budget = ANSWER_MAX_WORDS - _words(said) - sum(_words(s.text) for s in out)
    for x in pool:
        if len(out) >= limit:
            break
        s = x.span
        if s in out or s in used or _restates(s.text, said + " " + " ".join(o.text for o in out)):
            continue
        if _words(s.text) > budget:
            continue
        budget -= _words(s.text)
        out.append(s)
    return out[: max(limit, len(used))]


def _inside(text: str, said: str) -> bool:
    return grounding.normalise(text) in grounding.normalise(said)


def _restates(text: str, said: str) -> bool:
    words = grounding.content_words(text)
    return not words or len(words & grounding.content_words(said)) / len(words) >= 0.7
