"""Sentences: a drafted answer or a passage → its sentences, with the citation markers each carries; the one
decision this module owns: where a sentence ends and which "[n]" belongs to it.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
# A full stop that ends an abbreviation or a title ("vs.", "e.g.", "Dr. Helene Marchetti-Obi") ends no
# sentence.
NOT_AN_END = (
    r"(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bcf\.)(?<!\bNo\.)"
    r"(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bProf\.)(?<!\bSt\.)"
    r"(?<!\bapprox\.)(?<!\bca\.)(?<!\bincl\.)(?<!\bexcl\.)(?<!\best\.)(?<!\bref\.)"  # ("approx. 0.6 FTE")
    r"(?<!\bext\.)(?<!\bExt\.)(?<!\btel\.)(?<!\bTel\.)"  # (a telephone's extension: "Dolores Kettleby ext. 4417")
    r"(?<!\.\.\.\.)(?<!\s\.\.)(?<!\s\.\.\.)"  # (a form's dotted leader, "Status .............. Rev B")
)
_SENTENCE_END = re.compile(NOT_AN_END + r"(?<=[.!?])[\"'”’)]*\s+|\n+")
_ANSWER_PREFIX = re.compile(r"^(?:(?:the\s+)?answer(?:\s+is)?\s*:+\s*)+", re.I)
_LEADING_MARKERS = re.compile(r"^\s*((?:\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]\s*)+)")


def split_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Sentences of a drafted answer with the markers each carries; a marker after a full stop
    ("…in Abu Dhabi. [2]") belongs to the sentence before it."""
    pieces = [p for p in _SENTENCE_END.split(text) if p and p.strip()]
    out: list[tuple[str, list[int]]] = []
    for piece in pieces:
        if out and (m := _LEADING_MARKERS.match(piece)):
            out[-1][1].extend(_numbers(m.group(1)))
            piece = piece[m.end() :]
        if not piece.strip():
            continue
        numbers = _numbers(piece)
        clean = MARKER.sub("", piece)
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        clean = re.sub(r"\s{2,}", " ", clean).strip().lstrip("-*• ").strip()
        clean = _ANSWER_PREFIX.sub("", clean).strip()
        if clean:
            out.append((clean, numbers))
    return [(s, tuple(dict.fromkeys(n))) for s, n in out]


def _numbers(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def passage_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences (and list items, lines) of a passage, whitespace-trimmed; a line that
    introduces a list ("- **LLaMA 3 (Meta AI)**:") is joined to the item after it, which completes it."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail <= lead:
            continue
        if out and text[out[-1][0] : out[-1][1]].rstrip("*").endswith(":"):
            out[-1] = (out[-1][0], s + trail)
        else:
            out.append((s + lead, s + trail))
    return out
