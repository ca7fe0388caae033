"""Names: a document → which capitalised phrases in it are names ("Falcon", "GPT-4", "Hugging Face").

The one decision this module owns: a word is a name when it holds a digit or a capital inside ("LLaMA",
"7B"), or when the document writes it capitalised in mid-sentence and never in lower case; generic
acronyms (AI, API, LLMs) and years are not names.
"""

from __future__ import annotations

import re

from evals.templates.lines import mask
from rag.grounding import STOP_WORDS

_TOKEN = r"(?:[A-Z][^\W_]*(?:[-.+/][^\W_]+)*|\d[\dA-Za-z.]*[A-Za-z][A-Za-z0-9]*|\d+(?:\.\d+)?)"
NAME_PATTERN = rf"[A-Z][^\W_]*(?:[-.+/][^\W_]+)*(?:[ ]{_TOKEN}){{0,3}}"
NAME = re.compile(rf"(?<![\w-]){NAME_PATTERN}(?![\w-])")
_GENERIC_NAMES = {"API", "APIs", "AI", "LLM", "LLMs", "GPU", "GPUs", "ML", "NLP", "URL", "FAQ"}
YEAR = re.compile(r"(?<![\w.-])(?:19|20)\d\d(?![\w.-])")


class Names:
    """Tells a name ("Falcon", "GPT-4", "Hugging Face") from a capitalised word ("Transparency", "Instead"):
    a word is a name when it holds a digit or a capital inside ("LLaMA", "7B"), or when the document writes
    it capitalised in mid-sentence and never in lower case. Generic acronyms (AI, API, LLMs) are not."""

    def __init__(self, text: str) -> None:
        self.masked = mask(text)
        self.lower = frozenset(re.findall(r"\b[a-z][a-z-]+\b", text))
        self._seen: dict[str, bool] = {}
        self.topic = self._topic()

    def _topic(self) -> str | None:
        """What the document is about when it names it in its title ("# Kestrel-3B model card")."""
        title = re.search(r"^(?:#{1,2}[ \t]+|title:[ \t]*)(.+)$", self.masked, re.M)
        for m in NAME.finditer(title.group(1) if title else ""):
            if self.is_name(m.group(0)):
                return m.group(0)
        return None

    def _mid_sentence(self, phrase: str) -> bool:
        """Whether the document writes the phrase after a lower-case word or a comma somewhere."""
        if phrase not in self._seen:
            pattern = rf"(?:\b[a-z]+[,;]?|,) {re.escape(phrase)}(?![\w-])"
            self._seen[phrase] = re.search(pattern, self.masked) is not None
        return self._seen[phrase]

    def is_name(self, phrase: str) -> bool:
        tokens = phrase.split()
        if (
            not tokens
            or tokens[0].lower() in STOP_WORDS
            or YEAR.fullmatch(phrase)
            or phrase in _GENERIC_NAMES
        ):
            return False
        if any(re.fullmatch(r"[A-Z][a-z]+[-.]\d[\w.]*", t) for t in tokens):
            return True  # "Acme-3", "Llama-2", "Phi-3.5": a capitalised word with a version joined to it
        parts = [p for t in tokens for p in re.split(r"[-./+]", t) if p and p not in _GENERIC_NAMES]
        if any(
            (any(c.isdigit() for c in p) and not p.isdigit()) or any(c.isupper() for c in p[1:])
            for p in parts
        ):
            return True
        unknown = [p for p in parts if p[0].isupper() and p.lower() not in self.lower]
        return bool(unknown) and (self._mid_sentence(phrase) or any(self._mid_sentence(p) for p in unknown))

    def in_span(self, masked: str, start: int, end: int, base: int) -> list[tuple[int, int]]:
        """Names inside masked[start:end] (document offsets, `base` being masked's own offset), with
        leading words that are not names themselves ("Prominent", "Developed") left off."""
        found = []
        for m in NAME.finditer(masked, start - base, end - base):
            s, e = m.span()
            while len(masked[s:e].split()) > 1 and not self.is_name(masked[s:e].split()[0]):
                s += len(masked[s:e].split()[0]) + 1
            if self.is_name(masked[s:e]):
                found.append((base + s, base + e))
        return found
