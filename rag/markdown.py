"""Markdown: text from a document, a model, a file name or an error → markdown that shows it as written.

Plain Python (no Streamlit), so every rule the page relies on is tested directly.
The one decision this module owns: what outside text may become on the page — markdown with every special
character escaped, so it shows as written and never as a live element (script, image fetched from an outside
host, javascript: link, Streamlit colour or icon directive). Only the page's own emphasis is added: the
`[n]` markers of an answer and the spans a passage gave it, in bold.
"""

from __future__ import annotations

import re
import string

from rag.answer import Citation

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_LINK_START = re.compile(r"((?<=[A-Za-z])\\:(?=\\/)|(?i:(?<=mailto)|(?<=xmpp))\\:|\\@)")
_WWW = re.compile(r"(www)(?=\\\.)", re.I)
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_MARKERS = re.compile(r"((?:\\\[\d+\\\])+)")


def escape_markdown(text: str, keep_code: bool = False) -> str:
    """Markdown that shows `text` as written: every ASCII punctuation character is escaped.

    Escaping does not stop GitHub's bare-link detection (`http://…`, `www.…`, `a@b.org`), which runs on
    the parsed text, so an invisible word joiner (U+2060) goes into `scheme://`, `mailto:`, `@` and
    `www.`: the text reads the same and no link is made. Lines stay lines (hard breaks), blank lines separate
    paragraphs, leading spaces cannot start a code block. With `keep_code`, `code spans` are kept (for the
    library's own messages, which use them).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if keep_code:
        parts = _CODE_SPAN.split(text)
        text = "".join(p if i % 2 else _escape_chars(p) for i, p in enumerate(parts))
    else:
        text = _escape_chars(text)
    paragraphs = [p for p in re.split(r"\n(?:[ \u00a0]*\n)+", text) if p.strip()]
    return "\n\n".join("  \n".join(_keep_indent(line) for line in p.split("\n")) for p in paragraphs)


def _escape_chars(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINK_START.sub("\u2060\\1", _WWW.sub("\\1\u2060", text))


def _keep_indent(line: str) -> str:
    """Leading spaces as no-break spaces, so an indented line shows indented and never becomes code."""
    stripped = line.lstrip(" ")
    return "\u00a0" * (len(line) - len(stripped)) + stripped.rstrip()


def answer_markdown(text: str) -> str:
    """A checked answer as inert markdown, its `[n]` citation markers in bold."""
    return _MARKERS.sub(r"**\1**", escape_markdown(text))


def _readable(raw: str) -> str:
    """A slice of a passage without its markup characters (`**`, heading `#`s, table rules), escaped."""
    raw = re.sub(r"\*\*|__|`", "", raw)
    raw = re.sub(r"(?m)^[ \t]*#{1,6}[ \t]+", "", raw)
    raw = re.sub(r"(?m)^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*$", "", raw)
    return escape_markdown(raw)


def highlighted(c: Citation) -> str:
    """A cited passage as inert markdown, its markup left out, the spans the answer took from it in bold."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(c.highlights):  # spans side by side are one highlight
        if merged and not c.text[merged[-1][1] - c.start : start - c.start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, pos = [], 0
    for start, end in merged:
        a, b = max(pos, start - c.start), min(len(c.text), end - c.start)
        if a >= b:
            continue
        out.append(_readable(c.text[pos:a]))
        out.append(f"**{_readable(' '.join(c.text[a:b].split()))}**")
        pos = b
    out.append(_readable(c.text[pos:]))
    # A passage that starts inside a table is shown under the table's header: the answer names its
    # columns ("Open-source LLMs: Low or free"), and the reader should see where it took them from (a
    # transcript's answer, likewise, under the question it answers).
    head = f"{_readable(c.table_header)}\n" if c.table_header else ""
    return head + "".join(out)
