"""Sections: a `Document` → its `Section`s, each a span of the text under one heading path.

The one decision this module owns: where a document's sections begin. Markdown headings outside code
fences, or, in plain text without any, short title-like lines; a heading with no body of its own joins the
section after it, so no chunk is a bare heading.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from rag import plain_tables
from rag.corpus import Document, clean_heading
from rag.spans import (
    gives_a_value,
    goes_on_item,
    in_header,
    indent_of,
    listed_under,
    signature,
    signed,
    signing_date,
    stops_mid_sentence,
)

TITLE_CHARS = 80  # a plain-text line longer than this is prose, not a heading
TITLE_WORDS = 12  # likewise in words
# How documents are split into sections and chunks, as the manifest records it: an index split another
# way is rebuilt (2: a plain heading the document repeats is a sub-heading of the one above it; 3: a chunk
# that starts inside a table carries the table's header row, and an HTML table is read as markdown rows;
# 4: a table splits between rows, never inside one; 5: so does a plain-text table lined up by spaces, and
# a chunk starting inside one carries its header line; 6: a chunk starting with a transcript's turn carries
# the question turn before it; 7: a line inside a hard-wrapped paragraph is no plain-text heading; 8: nor
# is an indented line listed under a "Label:" line, and an HTML list's items are read as "- " items; 9: nor
# is a memo's or a talk's header field, "From: …", "Speaker: …"; 10: a plain-text table whose header names
# its first column too, "Model   Triage accuracy   Est. annual cost", is a table; 11: nor is any line of a
# header's run of "Label: value" lines, "Venue: …" / "Chair: …", and an HTML record of `th`/`td` rows gets an
# empty header row, and an HTML term and its definition are one line, "Audit Director: Nuala Brightwater";
# 12: nor is a line indented past the bullet of the list item above it, which it goes on; 13: nor is a form's
# field carrying its code, "(72) Inventors: Lisbet Harrowby"; 14: a plain-text document's title between
# rules, "=====" / "ENVIRONMENTAL IMPACT STATEMENT" / "=====", is the lines between them, not the rule, and a
# plain-text table's rule under its header, "-----------  -------", ends no table; 15: nor is the first line of
# a paragraph of long lines at one indent, whatever word the next line opens with; 16: nor is a signing line
# under a label, "Countersigned: Daniel Psaros, Board Secretary", nor a sign-off after a dash, "- Gregor
# Tallis, orchard grower", nor the date under a signature).
SECTIONING = 16
PLAIN_LEVEL = 2  # the level given to a plain-text heading that names its section alone


@dataclass(frozen=True)
class Section:
    start: int
    end: int
    path: tuple[str, ...]


# A Markdown heading line ("## Cost"), its level and its title; and a code fence, inside which none counts.
MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
# The old private names, still imported by evals/templates; to go once they use the public ones.


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line
        pos += len(line)


OPENING_CHARS = 600  # a document's opening, as far as it names who the document is from or about


def opening(text: str, limit: int = OPENING_CHARS) -> str:
    """A document's opening: its first paragraphs, headings left out, up to `limit` characters. A
    transcript, press release or memo names there who its "we" are ("The guest is Lena Marsh, co-founder
    and CEO of Kestrel Labs", "ARDEN — Corvid AI today announced…") and speaks of them later by pronoun."""
    body = "\n".join(line for line in text.splitlines() if not MD_HEADING.match(line))
    prose = [p.strip() for p in re.split(r"\n[ \t]*\n", body) if p.strip()]
    out = ""
    for p in prose:
        out = f"{out}\n\n{p}" if out else p
        if said_length(out) >= limit:
            # (the paragraph that runs past the limit is read as far as it: an interview's standfirst,
            # "Tomasz Reyndal has run Halcyon Reasoning Labs since…", follows a magazine's header lines)
            break
    # (counted in what it says: a plain-text header's rules and column padding say nothing, and would
    # leave its list of participants out — "PRIYA VENKATARAMAN ..... Vice-President, Lumaris Systems")
    low, high = min(limit, len(out)), len(out)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if said_length(out[:mid]) <= limit else (low, mid - 1)
    return out[:low]


_PADDING = re.compile(r"[ \t]{2,}|([=\-_~*.·])\1{2,}")


def said_length(text: str) -> int:
    """The length of `text` less its padding: runs of spaces, rules and dotted leaders."""
    return len(_PADDING.sub(" ", text))


def _markdown_headings(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    in_fence = False
    for pos, line in _lines(text):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (m := MD_HEADING.match(line.rstrip("\r\n"))):
            found.append((pos, len(m.group(1)), clean_heading(m.group(2))))
    return found


def _plain_headings(text: str) -> list[tuple[int, int, str]]:
    """Short, capitalised lines without closing punctuation ("Cost-Effectiveness", "Why Does This Matter?").
    Plain text has no heading levels, but a heading the document repeats ("Advantages", "Challenges")
    cannot name its section alone: it is a sub-heading of the one above it ("Closed Source LLMs >
    Challenges"), and a passage searched for the weaknesses of closed models must say whose they are."""
    found: list[tuple[int, int, str]] = []
    lines = list(_lines(text))
    offsets = [(pos, pos + len(line.rstrip("\r\n"))) for pos, line in lines]
    texts = [line.rstrip("\r\n") for _, line in lines]
    for i, (pos, line) in enumerate(lines):
        s = line.strip()
        if (
            s
            and not _wrapped(
                lines[i - 1][1] if i else "", lines[i + 1][1] if i + 1 < len(lines) else "", line
            )
            # (an entry of a list under a label: "Participants:" / "  Raj Tandon — Chief Financial Officer")
            and not listed_under(text, offsets, i)
            and len(s) <= TITLE_CHARS
            and len(s.split()) <= TITLE_WORDS
            and (s[0].isupper() or s[0].isdigit())
            and s[-1] not in ".,;:!|"
            and not s.startswith(("-", "*", "•", "|", ">"))
            and not gives_a_value(s)
            and not in_header(texts, i)
            and not plain_tables.part_of_table(texts, i)
            and not _hanging(line, lines[i + 1][1] if i + 1 < len(lines) else "")
            and not _PAGE_MARK.search(s)
            # (nor a person's name over their post, nor the post: "R. Thistlewood" / "Underwriting Manager")
            and not signed(line, texts[i + 1] if i + 1 < len(texts) else "")
            and not (i and signed(texts[i - 1], line))
            and not _signed_off(s, texts[i + 1 :])
            and not signature(s)
            and not signing_date(s, texts[max(0, i - 2) : i])  # ("…Auditor-General" / "28 November 2025")
            and not stops_mid_sentence(s)  # ("…the cabinet report published on" / "Friday puts…")
            and s.count("(") <= s.count(")")  # (nor one leaving a bracket open)
        ):
            found.append((pos, PLAIN_LEVEL, s))
    seen = Counter(title.casefold() for _, _, title in found)
    return [(pos, level + (seen[title.casefold()] > 1), title) for pos, level, title in found]


def _signed_off(line: str, after: list[str]) -> bool:
    """Whether a line of one word is a message's sign-off: its writer's first name, the signature under it
    (past a "--") opening with it ("Femi" / "" / "--" / "Femi Aldergrove")."""
    below = next((a.strip() for a in after if a.strip() and a.strip() not in ("--", "-- ")), "")
    return len(line.split()) == 1 and below.startswith(f"{line} ")


# A page's running footer or header ("AM-TEO-AIX (07/25) p.1/3", "Page 2 of 9"): no heading of what follows.
_PAGE_MARK = re.compile(r"(?i)\b(?:p\.|page)\s*\d{1,3}\s*(?:/|of)\s*\d{1,3}\b")


def _hanging(line: str, after: str) -> bool:
    """Whether a numbered paragraph goes on under a hanging indent: "1.3  "Open-Weights Model" means a
    Generative AI System whose parameters" / "     (weights) are made available…"."""
    return (
        bool(re.match(r"\s*\d{1,2}(?:\.\d{1,2})+\s", line))
        and bool(after.strip())
        and indent_of(after) > indent_of(line)
    )


WRAP_CHARS = 50  # a line this long before another, not closing a clause, wraps a paragraph there


def _wrapped(before: str, after: str, line: str = "") -> bool:
    """Whether a line sits inside a hard-wrapped paragraph, whatever it looks like: the line after it goes
    on in lower case ("Quality-wise the tuned model matched Quillon Pro on our ticket" / "categories within
    a point or two…"), or the line before it is a long line of prose the paragraph goes on from (a list's
    item or a table's row ends where it ends, unless the line goes on indented past its bullet: "- Pilot
    started…; budget" / "    EUR 240,000 including hardware")."""
    if goes_on_item(before, line):
        return True
    # (…or the line opens a paragraph of long lines at one indent, whatever word the next opens with: "The
    # Committee considered the call-in, requested by Councillors" / "Oyelaran and Tolley, of the Cabinet…")
    opens = (
        len(line.strip()) >= WRAP_CHARS
        and len(after.strip()) >= WRAP_CHARS
        and indent_of(after) == indent_of(line)
    )
    after, before = after.strip(), before.strip()
    prose = not before.startswith(("-", "*", "•", ">", "#")) and "|" not in before  # (no item, no row)
    return (
        opens
        or bool(after[:1].islower())
        or (prose and len(before) >= WRAP_CHARS and not before.endswith((":", ".", "?", "!")))
    )


def sections(doc: Document) -> list[Section]:
    """Split a document at its headings; a heading with no body of its own joins the section after it."""
    headings = _markdown_headings(doc.text)
    if not headings and doc.kind in ("text", "markdown"):
        headings = _plain_headings(doc.text)
    result: list[Section] = []
    stack: list[tuple[int, str]] = []
    bounds = [h[0] for h in headings] + [len(doc.text)]
    if not headings or headings[0][0] > 0:
        result.append(Section(0, bounds[0], ()))
    pending_start: int | None = None
    for i, (pos, level, title) in enumerate(headings):
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        end = bounds[i + 1]
        body = doc.text[pos:end].split("\n", 1)[1] if "\n" in doc.text[pos:end] else ""
        start = pending_start if pending_start is not None else pos
        if not body.strip() and i + 1 < len(headings):
            pending_start = start  # an empty heading: its text rides along with the next section
            continue
        pending_start = None
        result.append(Section(start, end, tuple(t for _, t in stack)))
    return [s for s in result if doc.text[s.start : s.end].strip()]
