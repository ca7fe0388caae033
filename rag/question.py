"""Question analysis: a question → what it asks for (`Ask`): the answer kind, its parts, its named subjects.

Rules, not a model: the kind comes from the question's own words ("who built…" wants an organisation or
person, "when…" a date, "how many…" a number), the parts from a second question word joined by "and"
("who built Falcon and who built GPT-J"), the subjects from the names it holds with their versions
("Llama 2" is not "Llama 3", "7B" is not "70B"). The one decision this stage owns: what an answer must
give, and about what, for the composer to accept a span or refuse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import takewhile

from rag.question_follow import YEAR, has_own_subject, is_follow_up, resolve
from rag.question_kinds import DOC_REFERENCE, EXCEPT, KINDS, POST_ABBREVIATIONS, Facet, Kind, facet, kind_of
from rag.question_names import FIRST_VERSION, Name, compared, names, phrase, plain_word
from rag.question_parts import Part, parts_of

__all__ = [
    "EXCEPT",
    "FIRST_VERSION",
    "KINDS",
    "Ask",
    "Facet",
    "Kind",
    "Name",
    "Part",
    "analyse",
    "compared",
    "facet",
    "has_own_subject",
    "is_follow_up",
    "kind_of",
    "names",
    "parts_of",
    "phrase",
    "plain_word",
    "resolve",
    "unit_of",
]


@dataclass(frozen=True)
class Ask:
    question: str
    kind: Kind
    parts: tuple[Part, ...]
    subjects: tuple[Name, ...]
    unit: str  # "how many parameters" → "parameters"
    facet: Facet | None = None  # the side the whole question is about, if one


_GOING = frozenset({"went", "goes", "go", "came", "comes", "got", "gets"})
_AUXILIARIES = frozenset(
    "does do did is are was were has have had will would can could should must might may".split()  # noqa: SIM905
)


_PER_TIME = re.compile(r"\b(?:a|an|per|each|every)\s+(?:day|week|month|quarter|year)\b")


_COUNT_QUALIFIERS = frozenset(
    {"extra", "additional", "more", "new", "further", "other", "full-time", "part-time"}
)


def unit_of(question: str) -> str:
    """What "how many" counts or "how much" measures: "how many open-source models" → "models", "how many
    GPU hours" → "hours", "how much electricity" → "electricity"; "" for "how much does it charge" (a sum)."""
    m = re.search(r"\bhow (many|much)\s+((?:[\w-]+\s+){0,2}[\w-]+)", question, re.I)
    # The words before the verb: "how many people does it take" counts people, "how much does it cost" nothing.
    # (or a verb of going: "how much prize money went to the runner-up" measures money)
    words: list[str] = (
        list(takewhile(lambda w: w not in _AUXILIARIES | _GOING, m.group(2).lower().split())) if m else []
    )
    if not m or not words or words[0] == "in":
        return ""  # (nor "how much in unpaid benefits built up", "how much in total": a sum)
    if m.group(1).lower() == "much" and (per := _PER_TIME.search(" ".join(words))):
        # "how much a month did it spend…": a sum by the month; "how much electricity a year": electricity
        words = " ".join(words)[: per.start()].split()
        if not words:
            return ""
    if words[0] == "of" and (
        part := re.search(
            r"\bhow many of\s+(?:the|its|their|these|those|all)?\s*(?:[\w.'’-]+\s+){0,5}?((?-i:[a-z][a-z-]*s))(?![\w-])",
            question,
            re.I,
        )
    ):
        return part.group(1).lower()  # a part of a whole counted: "how many of the written responses…"
    if words[0] == "of" and (
        share := re.search(
            r"\bhow much of\s+(?:the\s+|its\s+|their\s+)?((?:[\w-]+\s+){1,5}?)(?:is|are|was|were|did|does|do|has|have|went|goes)\b",
            question,
            re.I,
        )
    ):
        return share.group(1).split()[-1].lower()  # a share of a whole: "how much of the grant budget is…"
    if m.group(1).lower() != "many":
        return words[-1]  # the measured noun, after any words that qualify it ("how much public money")
    # (plural, after its qualifiers; else the first word that qualifies nothing: "how many extra staff";
    # not a word ending "ss", "how many openness categories" counts categories)
    counted = next(
        (w for w in words if re.fullmatch(r"[a-z-]*[^s]s", w)),
        next((w for w in words if w not in _COUNT_QUALIFIERS), words[0]),
    )
    if counted != "times":
        return counted
    # "How many times has it been downloaded?" counts downloads, as a text says them ("2.3 million
    # downloads"): the event its verb names — the question's last word, or after a bare "how many times"
    # its first participle ("…was Kestrel downloaded in its first month?"), else no unit.
    verb = re.search(r"\b(\w+ed)\W*$", question) or (
        re.search(r"\btimes\b[^?]*?\b([a-z]{3,}ed)\b", question[m.start() :], re.I)
        if words == ["times"]
        else None
    )
    return verb.group(1).lower() if verb else ("" if words == ["times"] else counted)


def unit_stem(unit: str) -> str:
    """What a span must write of a counted unit: its first five letters, a plural's "s" dropped first, so
    a clipped word is found in the whole one ("labs" in "laboratories", "GPUs" in "GPU hours")."""
    singular = unit[:-1] if unit.endswith("s") and not unit.endswith("ss") else unit
    return singular[:5]


_THAN = re.compile(r"\bthan\b", re.I)
_DURING = re.compile(r"\s*(?:during|throughout)\b[^,?]{1,60},", re.I)
_WHO = re.compile(r"\s*who\b", re.I)
# A role's title: "the Head of Digital", "its Chief Technology Officer", "the Director of Research".
_ROLE_TITLE = re.compile(
    r"\b(?:the|its|their|our|your)\s+((?:[A-Z][\w-]*\s+){0,3}(?:Head|Director|Chief|Officer|Manager|Lead|Chair"
    r"|President|Minister|Secretary|Editor|Coordinator)(?:\s+of\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?)\b"
)
_RELEASE_KIND = re.compile(r"(?i)(?:API|open|closed)[- ](?:only|weights?|source|access)")


def asked_names(question: str, found: Sequence[Name]) -> list[Name]:
    """The names `found` in the question that it asks about: not a kind of release ("how many are
    API-only?" asks it of things), nor the time it is set in when others remain ("During the Lantern
    pilot, how long did the provider hold ANBS material?" — "…retained by the provider for 30 days")."""
    kept = [n for n in found if not _RELEASE_KIND.fullmatch(n.text)]
    # (nor a role's title, "what did the Head of Digital say…?": whoever holds it, named or not — unless
    # the question asks who holds it)
    titled = (
        set()
        if _WHO.match(question)
        else {n.key() for m in _ROLE_TITLE.finditer(question) for n in names(m.group(0))}
    )
    kept = [n for n in kept if n.key() not in titled] or kept
    if post := _POST_ASKED.match(question):
        kept = [n for n in kept if n.text != post.group(1)]  # ("which MP chaired…?" asks for a person)
    if during := _DURING.match(question):
        framed = {n.key() for n in names(during.group(0))}
        kept = [n for n in kept if n.key() not in framed] or kept
    return kept


# A post asked for by its abbreviation, the kind of person the answer names: "Which MP chaired…?"
_POST_ASKED = re.compile(rf"\W*(?i:and\s+)?(?i:which|what)\s+({POST_ABBREVIATIONS})s?\b")
_WHO = re.compile(r"\W*(?:and\s+)?who\b", re.I)
# An owner named before its kind and a possessive: "the Fenwick Valley cooperative's", "the Harrowgate
# district's".
_OWNER_KIND = re.compile(r"\b((?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*)(?:\s+[a-z]+){1,2}['’]s\s+")
_THEIR_POST = re.compile(
    r"\W*(?:and\s+)?what\s+(?:is|was|are|were)\s+(?:their|his|her)\s+(?:job|role|post|position|title|job title)"
    r"(?:\s+there)?\s*\??",
    re.I,
)
_PARTS = frozenset(
    {"part", "section", "article", "clause", "schedule", "chapter", "annex", "appendix", "paragraph"}
)
_PART_OF = re.compile(rf"\b(?i:{'|'.join(_PARTS)})\s+[\dA-Z][\w.]*\s+of\s+(?:the\s+)?[A-Z]")
_BARE_PART = re.compile(
    r"\s*(?:and\s+)?(?:(?:(?:by|on|until|before|from)\s+)?(?:what|which)\s+(?:date|day|deadline)|when)\s*\??",
    re.I,
)


def analyse(question: str) -> Ask:
    parts = parts_of(question)
    # "Who signed the letter, and what is their job?": the signer's post is said with their name
    # ("Marguerite Osei-Lund, Director of Programmes"), not of what the question names.
    parts = [
        p
        for i, p in enumerate(parts)
        if not (i and _WHO.match(parts[i - 1].text) and _THEIR_POST.fullmatch(p.text))
    ]
    if len(parts) > 1:
        # "Who makes Claude, and what does it emphasize?": a part without a subject of its own is
        # about the question's.
        parts = [
            p if has_own_subject(p.text) else Part(resolve(p.text, [question]), p.kind, p.facet)
            for p in parts
        ]
        # "…, and by what date?": a part asking when, and nothing else, asks it of what the question says
        # before it.
        parts = [
            Part(f"{question} {p.text}", p.kind, p.facet) if _BARE_PART.fullmatch(p.text) else p
            for p in parts
        ]
    kinds = {p.kind for p in parts}
    kind: Kind = parts[0].kind if len(kinds) == 1 else kind_of(question)
    # "Apart from OpenAI's GPT family, which models…": the names left out are not what it asks about.
    asked = EXCEPT.sub(" ", question) if len(parts) == 1 else question
    subjects = tuple({n.key(): n for n in compared(names(asked))}.values())
    # "Meta's LLaMA" is about LLaMA: a passage need not repeat its owner to speak of it.
    owners = {
        a.key()
        for a in subjects
        for b in subjects
        if re.search(rf"{re.escape(a.text)}['’]s\s+{re.escape(b.text)}\b", question)
    }
    # (and "the Fenwick Valley cooperative's FieldHand" about FieldHand: an owner said by its kind, every
    # word of its name before the kind)
    owners |= {
        a.key()
        for m in _OWNER_KIND.finditer(question)
        if any(question.startswith(b.text, m.end()) for b in subjects)
        for a in subjects
        if re.search(rf"\b{re.escape(a.text)}\b", m.group(1))
    }
    subjects = tuple(n for n in subjects if n.key() not in owners) or subjects
    subjects = tuple(asked_names(question, subjects))
    # "…for breaching Part 3 of the Accountability Act?": the part names where in the Act, not a thing another
    # document must repeat to speak of the Act's penalties.
    subjects = tuple(n for n in subjects if not _PART_OF.search(question) or n.base not in _PARTS) or subjects
    if kind == "reason" and (than := _THAN.search(question)):
        # "Why is Brannoch-40B weaker at Ceolach than Lantern-Ceol?" asks why of Brannoch-40B: the thing
        # it is measured against need not be named beside the reason ("only 0.4 per cent of its data").
        compared_to = {n.key() for n in names(question[than.end() :])}
        subjects = tuple(n for n in subjects if n.key() not in compared_to) or subjects
    if kind != "date":
        # "What does the timeline list for 2018?": the year is what the answer must be about.
        # (not a year that is a name's own version: "OWCD 2025" is the symposium, not it and 2025)
        held = {v for n in subjects for v in n.versions}
        subjects += tuple(
            Name(y, y, frozenset()) for y in dict.fromkeys(YEAR.findall(question)) if y not in held
        )
    # "…not open source does the report on open source and LLMs give?": the document named is no side.
    side = facet(DOC_REFERENCE.sub(" ", question))
    return Ask(question, kind, tuple(parts), subjects, unit_of(question), side)
