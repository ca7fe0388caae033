"""Definitions: a "what is X?" / "what does X stand for?" / "who is X?" question + spans → the term or
person asked about and the documents' own gloss of it; the one decision this module owns: which bracketed
or set-off words gloss a term, and which say what a person does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.question import Ask, Part
from rag.question_kinds import COUNTS_AS, POST_WORD
from rag.spans import Span, cell_of

_STANDS_FOR = re.compile(r"\b(stands?|short) for\b|\babbreviat|\bacronym\b|\bfull name\b", re.I)
TERM = re.compile(
    r"^\s*(?:(?:in (?:simple|plain) (?:terms|words)|put simply|simply put|briefly),?\s*)?"
    # (where it is defined may come first: "Under the Fenwick licence, what counts as…")
    r"(?:(?:under|in|according to)\s+[^,?]{1,60},\s*)?"
    # "what is X?", and X asked for as the documents define it: "how does the article define X?"
    r"(?:what\s+is\s+meant\s+by|what\s+(?:is|are)|how\s+(?:does|do|did)\s+[^?]+?\s+define|define"
    r"|what\s+(?:does|do)\s+[^?]+?\s+mean\s+by"
    # (…or by what counts as it: "what makes a model count as a derivative of Orrin-3?")
    rf"|{COUNTS_AS})\s+"
    # (the term may be quoted: 'What is meant by "open-washing"?')
    # (the fewest words before what it is of: "a derivative of Orrin-3" asks what a derivative is)
    r"(?:an?\s+|the\s+)?[\"'“‘]?([\w-]+(?:\s+[\w-]+){0,2}?)[\"'”’]?"
    r"(?:\s+(?:of|in|for|to|on|used)\b[^?]*)?\s*[?.]*\s*$",
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
    if part.kind == "definition" and (m := TERM.match(part.text)):
        return m.group(1)
    return ""


# A person asked after by name alone: "Who is Ruairi Castellane?", "What is Oskar Vilde's role?", "What job
# does Ruairi Castellane do?", "What does Dr Khalidi do?"
_TITLE = r"(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx)\.?\s+"
_NAME = rf"(?:{_TITLE})?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,3}}"
_JOB = r"(?:job(?:\s+title)?|role|position|title|post|occupation|profession)"
_PERSON_ASKED = re.compile(
    rf"^\W*(?:(?i:who\s+(?:is|was))\s+(?P<a>{_NAME})\s*\??\s*$"
    rf"|(?i:what\s+(?:is|was))\s+(?P<b>{_NAME})['’]s\s+(?i:{_JOB})\b"
    rf"|(?i:what\s+{_JOB}\s+(?:does|did))\s+(?P<c>{_NAME})\s+(?i:do|have|hold)\b"
    rf"|(?i:what\s+(?:does|did))\s+(?P<d>{_NAME})\s+do\b(?:\s+for\s+a\s+living)?\s*\??\s*$)"
)
# What follows a person's name, set off by a comma, a bracket or a dash, when it holds a post: "Ruairi
# Castellane, chief technology officer at Brannock Labs, the company…"
_SET_OFF = rf"\s*(?:,|\(|\s[–—-])\s*(?P<post>(?:[^,.;:()–—]*?{POST_WORD}[^,.;:()–—]*))(?=[,.;:()–—]|$)"
_POST_COLUMN = re.compile(rf"(?i)\s*(?:(?:job\s+)?{_JOB}|posts?|designation|function)\s*")
POST_WORDS = 14  # a post is said in a few words; more is a sentence about the person


def person_asked(question: str) -> str:
    """The person a question asks who they are or what they do, by name ("Ruairi Castellane"); ""."""
    m = _PERSON_ASKED.search(question)
    return next((g for g in m.groups() if g), "") if m else ""


def post_of(person: str, units: Sequence[Span]) -> tuple[str, Span] | None:
    """What the documents say `person` does, where they name them: the post set off after the name
    ("Ruairi Castellane, chief technology officer at Brannock Labs,"), a table row's post ("title, Oskar
    Vilde: Security Lead"), or the label of the field the name fills ("Engagement lead: Saoirse Oyelowo");
    the first such in `units`, with its span."""
    bare = re.sub(rf"^{_TITLE}", "", person)
    # (by the whole name, or by title and surname: "Dr Khalidi")
    named = rf"(?:{re.escape(bare)}|{_TITLE}{re.escape(bare.split()[-1])})"
    set_off = re.compile(rf"\b{named}\b{_SET_OFF}")
    filled = re.compile(rf"^\W*(?P<post>[^:|]{{2,40}}?{POST_WORD}[^:|]{{0,20}}?)\s*(?:[:|]\s*)+{named}\b")
    for s in units:
        if (cell := cell_of(s)) and re.fullmatch(named, cell[1]) and _POST_COLUMN.fullmatch(cell[0]):
            return f"{bare}: {s.text}", s
        if cell and re.fullmatch(named, s.text.strip()) and re.search(POST_WORD, cell[1]):
            return f"{bare}: {cell[1]}", s  # (a record's field: "| Engagement lead | Saoirse Oyelowo |")
        if (m := set_off.search(s.text) or filled.search(s.text)) and len(
            m.group("post").split()
        ) <= POST_WORDS:
            return f"{bare}: {m.group('post').strip()}", s
    return None


def gloss(part: Part, ask: Ask, units: Sequence[Span]) -> tuple[str, Span] | None:
    """A term's own gloss in brackets: what an acronym stands for ("LLaMA (Large Language Model Meta
    AI)"), or what a word means where the documents explain it in passing ("weights (the learned
    parameters)"). The documents' shortest definition, and often the only one."""
    if person := person_asked(part.text):
        return post_of(person, units)
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
