"""Formats: the bytes of a text, Markdown or HTML file → its text and title; `Unreadable` when it has none.

The one decision this module owns: how each text format becomes the `text` citations index into and the
title a document is shown by. Markdown and plain text keep the file's decoded characters exactly (so
`text[start:end]` is the file's own text); HTML keeps its visible text, headings as markdown `#` lines.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from rag.errors import Unreadable
from rag.spans import RUN_IN_WORDS, signed

SHORT_LINE = 80  # characters: a first line this short can serve as a title, a longer one is prose
NUL_SNIFF = 8192  # bytes looked at for NUL bytes, which text files never hold


def decode_text(raw: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; anything else is refused."""
    if not raw:
        raise Unreadable("empty file")
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise Unreadable(f"invalid {codec} text at byte {exc.start}") from None
    if b"\x00" in raw[:NUL_SNIFF]:
        raise Unreadable("binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None


_FRONT_MATTER_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?title:\s*[\"']?(.+?)[\"']?\s*\n(?:.*\n)*?---", re.M)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.M)


def markdown_title(text: str) -> str:
    """The front-matter title, else the first heading, else the first short line."""
    if m := _FRONT_MATTER_TITLE.match(text):
        return m.group(1).strip()
    if m := _HEADING.search(text):
        return clean_heading(m.group(1))
    lines = [line.strip() for line in text.splitlines()]
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    if start < len(lines) and _RULE.fullmatch(lines[start]):
        # A plain-text title block between rules ("=====" / "ENVIRONMENTAL IMPACT STATEMENT" / "PROPOSED
        # AI INFERENCE FACILITY, MARROWBY" / "=====") is its lines, not the rule.
        block = list(itertools.takewhile(lambda line: line and not _RULE.fullmatch(line), lines[start + 1 :]))
        return " — ".join(block[:TITLE_BLOCK_LINES])
    first = lines[start] if start < len(lines) else ""
    return first if len(first) <= SHORT_LINE else ""


_RULE = re.compile(r"[-=_*~#+]{3,}")
TITLE_BLOCK_LINES = 3


def clean_heading(heading: str) -> str:
    """Strip markdown emphasis and stray punctuation from a heading for display."""
    heading = re.sub(r"[*`]+|(?<!\w)_+|_+(?!\w)", "", heading).strip().rstrip(":").strip()
    return heading.replace("_", " ") if " " not in heading else heading


def title_from_name(doc_id: str) -> str:
    stem = Path(doc_id).stem
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or doc_id


# Elements that end a line of the visible text (the rest run on: "<b>open</b>-source" is one word).
_BLOCKS = [
    "p", "li", "div", "br", "section", "article", "blockquote", "pre", "dt", "dd", "ul", "ol", "dl",
    "header", "footer", "main", "aside", "nav", "figure", "figcaption", "address", "hr",
]  # fmt: skip


_ITEM = re.compile(r"(?:-|\d+\.) ")


_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def _links_only(block: Any) -> bool:
    """Whether an HTML block is two links or more and nothing else but separators ("·", "|")."""
    links = block.find_all("a")
    said = "".join(t for t in block.find_all(string=True) if t.find_parent("a") is None)
    return len(links) >= 2 and not re.search(r"\w", said)


def html_to_text(html: str) -> tuple[str, str]:
    """Visible text of an HTML page, headings kept as markdown `#` lines so chunking stays heading-aware
    and tables as markdown rows (`_table_rows`), so each cell is read under its column."""
    from bs4 import BeautifulSoup
    from bs4.element import Comment, NavigableString

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup(["head", "script", "style", "noscript", "template", "iframe", "svg", "nav"]):
        tag.decompose()
    for block in soup.find_all(["aside", "footer"]):
        # A page's menu of links beside or below its text ("Related: Guidance: using AI tools (2024)", "Who
        # funds us · Contact") says nothing the page does: a list or line of links and nothing else.
        for links in block.find_all(["ul", "ol", "p"]):
            if _links_only(links):
                links.decompose()
        if not any(
            re.search(r"\w", t) for t in block.find_all(string=True) if t.find_parent(_HEADINGS) is None
        ):
            block.decompose()  # (and its heading, "Related", with nothing left under it)
    for sup in soup.find_all("sup"):
        # A footnote's number after a word ("in 2024.<sup>2</sup>") would read as part of a figure
        # ("2024.2"): dropped. After a digit it is a power ("10<sup>25</sup>"): written 10^25.
        before = sup.previous_sibling
        power = isinstance(before, str) and before[-1:].isdigit()
        if power:
            sup.replace_with(f"^{sup.get_text('', strip=True)}")
        elif re.fullmatch(r"\[?\d{1,3}\]?", sup.get_text("", strip=True)):
            sup.decompose()
    for bold in soup.find_all(["strong", "b"]):
        # A paragraph's run-in heading ("<p><strong>Root cause.</strong> An automated push…") stays bold, as
        # markdown writes it: its full stop then ends no sentence, so the label stays with what it heads.
        said = bold.get_text(" ", strip=True)
        after = bold.next_sibling
        if (
            bold.parent is not None
            and bold.parent.name in ("p", "li")
            and not any(
                str(x.get_text() if hasattr(x, "get_text") else x).strip() for x in bold.previous_siblings
            )
            and re.fullmatch(r"[^.!?]{1,40}[.:]", said)
            and len(said.split()) <= RUN_IN_WORDS
            and isinstance(after, str)
            and after.strip()
        ):
            bold.replace_with(f"**{said}**")
    for table in [t for t in soup.find_all("table") if t.find_parent("table") is None]:
        table.replace_with(_table_rows(table))
    for level in range(1, 7):
        for h in soup.find_all(f"h{level}"):
            h.replace_with(f"\n\n{'#' * level} {h.get_text(' ', strip=True)}\n\n")
    for item in soup.find_all("li"):
        # A list item is read as one ("- Developers must notify…", "2. …"), as markdown writes it: its own
        # unit, under the list's lead-in, rather than a paragraph among paragraphs.
        lst = item.find_parent(["ul", "ol"])
        number = len(item.find_previous_siblings("li")) + 1
        item.insert(0, f"\n{number}. " if lst is not None and lst.name == "ol" else "\n- ")
    for term in soup.find_all("dt"):
        # A term and its definition are one line, "Audit Director: Nuala Brightwater", as a record's field
        # reads: on lines of their own the name would sit under a heading that says what it is.
        definition = term.find_next_sibling()
        if definition is not None and definition.name == "dd":
            said = term.get_text(" ", strip=True).rstrip(":")
            gap = term.next_sibling
            if isinstance(gap, NavigableString) and not gap.strip() and gap.next_sibling is definition:
                gap.extract()  # (the source's line break between the two tags is none of the text's)
            term.replace_with(f"\n{said}: " if said else "\n")
    for br in soup.find_all("br"):
        # A person's name over their post ("Tomasz Everleigh-Bryce<br>\nCommunications Manager, Quillon
        # Labs") is one line of who they are: the source's newline after its "<br>" is no blank line there.
        # (Elsewhere a line broken by hand stays a line of its own: "…value: €2,350,000<br>Total value…")
        before, after = br.previous_sibling, br.next_sibling
        if (
            isinstance(before, NavigableString)
            and isinstance(after, NavigableString)
            and not isinstance(after, Comment)
            and signed(before.strip(), after.strip())
        ):
            after.replace_with(after.lstrip())
    for block in soup.find_all(_BLOCKS):
        block.insert_after("\n")
    text = soup.get_text("")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # (one list, not items a blank line apart: the lines between an HTML list's tags)
    lines = text.split("\n")
    text = "\n".join(
        line
        for i, line in enumerate(lines)
        if line or not (0 < i < len(lines) - 1 and _ITEM.match(lines[i - 1]) and _ITEM.match(lines[i + 1]))
    )
    if not title and (m := _HEADING.search(text)):
        title = clean_heading(m.group(1))
    return title, text


def _table_rows(table: Any) -> str:
    """An HTML table as markdown rows ("| Cost | Low or free | Paid API |"), a |---| line under a header
    row of `th` cells: its cells would otherwise run together ("CostLow or freePaid API"). A table inside
    a cell is that cell's text."""
    rows: list[list[str]] = []
    heads: list[bool] = []
    fields: list[bool] = []  # a row of one `th` and its values in `td`s
    groups: list[bool] = []  # a row of one `th` alone: a record's group heading ("Register")
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = tr.find_all(["th", "td"], recursive=False)
        texts = [" ".join(c.get_text(" ", strip=True).split()).replace("|", "/") for c in cells]
        if any(texts):
            rows.append(texts)
            heads.append(all(c.name == "th" for c in cells))
            fields.append(len(cells) > 1 and cells[0].name == "th" and all(c.name == "td" for c in cells[1:]))
            groups.append(len(cells) == 1 and cells[0].name == "th")
    if not rows:
        return "\n"
    # A record ("<th>Founded</th><td>2014, Crostmouth</td>" row by row) has no header row: an empty one
    # keeps its first row from being read as one ("Founded: 2014, Crostmouth", not a column). (An infobox's
    # group headings, "<th colspan=2>Register</th>", stand among its fields as rows of their own.)
    record = all(f or g for f, g in zip(fields, groups, strict=True)) and (all(fields) or sum(fields) > 1)
    width = max(len(r) for r in rows) if record else len(rows[0])
    lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
    if record:
        lines[:0] = ["|" + "  |" * width, "|" + "---|" * width]
    elif heads[0] and len(rows) > 1:
        lines.insert(1, "|" + "---|" * len(rows[0]))
    # The caption says what the table counts and when ("Documented misuse incidents, 2024"): a paragraph
    # of its own above the rows, as it reads on the page.
    caption = table.find("caption", recursive=False)
    said = " ".join(caption.get_text(" ", strip=True).split()) if caption else ""
    return "\n\n" + (f"{said}\n\n" if said else "") + "\n".join(lines) + "\n\n"
