"""Lines: a document's text → its prose lines (paragraphs and bullets) and their sentences, offsets kept.

Headings, tables, rules, code fences and YAML front matter are left out; a wrapped paragraph or an indented
continuation joins the line it continues; a bullet's "**Label**:" is found and its prose starts after it.
Markup is blanked, never removed, so every offset in a `Line` is an offset in the document. The one
decision this module owns: what counts as one line of prose for the templates to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rag.corpus import clean_heading
from rag.sections import FENCE, MD_HEADING
from rag.spans import BULLET

MAX_LABEL_WORDS = 8  # a longer "label" is a sentence with a colon in it, not a label


@dataclass(frozen=True)
class Line:
    """A paragraph or a bullet, with the lines that continue it (a wrapped paragraph, an indented line)."""

    start: int
    end: int  # without the last line break
    text: str  # text[start:end] masked: markup blanked, every offset kept
    heading: str  # the heading it sits under, "" before the first one
    indent: int
    bullet: bool
    label: tuple[int, int] | None  # a bullet's label "**Label**:" as (start, end) in the document
    body: int  # where its prose starts (after bullet and label)


_LABEL = re.compile(
    r"(?:\*\*\s*(?P<bold>[^*\n]{1,80}?)\s*:?\s*\*\*\s*:|(?P<plain>[^:*\n]{1,60}?)\s*:)(?=\s|$)"
)
_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+")
_MASK = re.compile(r"[*`]|\[\d{1,3}\](?:\[\d{1,3}\])*|!?\[([^\]\n]*)\]\([^)\n]*\)")
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?](?![\s\"'”’)]|$))+(?:[.!?]+[\"'”’)]*|$)")


def mask(line: str) -> str:
    """Blank markdown emphasis, citation markers and links, keeping every offset."""

    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group(0))

    return _MASK.sub(blank, line)


def _plain_heading(s: str) -> bool:
    """A short capitalised line without closing punctuation (as `rag.chunking` reads plain-text headings)."""
    return bool(
        s
        and len(s) <= 80
        and len(s.split()) <= 12
        and (s[0].isupper() or s[0].isdigit())
        and s[-1] not in ".,;:!|"
        and not s.startswith(("-", "*", "•", "|", ">"))
    )


@dataclass
class _Reader:
    """Where `read_lines` is in the document: the heading above, and whether prose may continue."""

    heading: str = ""
    in_fence: bool = False
    in_front: bool = False
    joinable: bool = False  # whether the line before was prose this one may continue

    def skips(self, i: int, line: str, has_md_headings: bool) -> bool:
        """Whether the line is no prose (front matter, fence, table, heading…), noting any heading."""
        stripped = line.strip()
        if i == 0 and stripped == "---":
            self.in_front = True
            return True
        if self.in_front:
            self.in_front = stripped != "---"
            return True
        if FENCE.match(line):
            self.in_fence = not self.in_fence
            return True
        if self.in_fence or not stripped or stripped.startswith(("|", "---", "![", ">", "<")):
            self.joinable = False
            return True
        if m := MD_HEADING.match(line):
            self.heading, self.joinable = _NUMBERING.sub("", clean_heading(m.group(2))), False
            return True
        if not has_md_headings and _plain_heading(stripped):
            self.heading, self.joinable = clean_heading(stripped), False
            return True
        return False


def read_lines(text: str) -> list[Line]:
    """The document's prose lines with their heading, bullet and label; headings, tables, rules, code
    fences and YAML front matter are left out."""
    raw: list[tuple[int, str]] = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        raw.append((pos, piece.rstrip("\r\n")))
        pos += len(piece)
    has_md_headings = any(MD_HEADING.match(line) for _, line in raw)
    lines: list[Line] = []
    reader = _Reader()
    for i, (start, line) in enumerate(raw):
        if reader.skips(i, line, has_md_headings):
            continue
        indent = len(line) - len(line.lstrip())
        bullet = BULLET.match(line)
        if reader.joinable and not bullet and (not lines[-1].bullet or indent > lines[-1].indent):
            last = lines[-1]
            end = start + len(line)
            lines[-1] = Line(last.start, end, mask(text[last.start : end]), *_rest(last))
            continue
        reader.joinable = True
        label, body = _label(line, start, bullet.end() if bullet else None, indent)
        lines.append(
            Line(start, start + len(line), mask(line), reader.heading, indent, bool(bullet), label, body)
        )
    return lines


def _label(
    line: str, start: int, after_bullet: int | None, indent: int
) -> tuple[tuple[int, int] | None, int]:
    """A bullet's label (document offsets) and where its prose starts; no label for other lines."""
    body = start + (after_bullet if after_bullet is not None else indent)
    if after_bullet is None or not (lm := _LABEL.match(line, after_bullet)):
        return None, body
    group = "bold" if lm.group("bold") else "plain"
    s, e = lm.span(group)
    numbering = _NUMBERING.match(line[s:e])
    s += numbering.end() if numbering else 0
    if s < e and len(line[s:e].split()) <= MAX_LABEL_WORDS:
        return (start + s, start + e), start + lm.end()
    return None, body


def _rest(line: Line) -> tuple[str, int, bool, tuple[int, int] | None, int]:
    return line.heading, line.indent, line.bullet, line.label, line.body


def sentences(line: Line) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of a line's prose, end punctuation included."""
    body = line.text[line.body - line.start :]
    for m in _SENTENCE.finditer(body):
        piece = m.group(0)
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            yield line.body + m.start() + lead, line.body + m.start() + len(piece.rstrip())
