"""Definitions: a "what is X?" / "what does X stand for?" question + spans → the term asked about and
the documents' own gloss of it; the one decision this module owns: which bracketed words gloss a term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rag.question import Ask, Part
from rag.spans import Span

_STANDS_FOR = re.compile(r"\b(stands?|short) for\b|\babbreviat|\bacronym\b|\bfull name\b", re.I)
TERM = re.compile(
    r"^\s*(?:(?:in (?:simple|plain) (?:terms|words)|put simply|simply put|briefly),?\s*)?"
    # "what is X?", and X asked for as the documents define it: "how does the article define X?"
    r"(?:what\s+(?:is|are)|how\s+(?:does|do|did)\s+[^?]+?\s+define|define|what\s+(?:does|do)\s+[^?]+?\s+mean\s+by)\s+"
    r"(?:an?\s+|the\s+)?([\w-]+(?:\s+[\w-]+){0,2})(?:\s+(?:of|in|for|to|on|used)\b[^?]*)?\s*[?.]*\s*$",
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
