"""Chunking: a `Document` → `Chunk`s, each with its heading path and exact character span in the source.

Sections come from the document's headings (`rag.sections`); each section is split by LlamaIndex's `SentenceSplitter`, which keeps sentences whole, with sizes counted in
the embedding model's own tokens. The one decision this stage owns: every chunk is an exact slice of the
document, `document.text[chunk.start:chunk.end] == chunk.text`, so a citation can always quote its source.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from rag import plain_tables
from rag.corpus import Document
from rag.sections import sections
from rag.spans import table_header

Tokenizer = Callable[[str], list[int]]


@dataclass(frozen=True)
class Chunk:
    id: str
    doc_id: str
    title: str
    section: str  # heading path, "Part > Sub-part"; "" before the first heading
    text: str
    start: int
    end: int
    line_start: int
    line_end: int
    # the header row of the table the chunk starts inside, below that row, or the question turn its first
    # turn answers (`spans.table_header`)
    table_header: str = ""


def chunk_document(doc: Document, tokenizer: Tokenizer, chunk_size: int, chunk_overlap: int) -> list[Chunk]:
    """Chunks of one document, in order; their spans are exact and together cover all its non-blank text.
    `chunk_size` and `chunk_overlap` count tokenizer tokens (`Settings.chunk_size`, `chunk_overlap`)."""
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.node_parser.text.utils import split_by_sentence_tokenizer

    splitter = SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        tokenizer=tokenizer,
        paragraph_separator="\n\n",
        chunking_tokenizer_fn=rows_apart(split_by_sentence_tokenizer()),
    )
    newlines = [i for i, ch in enumerate(doc.text) if ch == "\n"]
    chunks: list[Chunk] = []
    for sec in sections(doc):
        body = doc.text[sec.start : sec.end]
        for rel_start, rel_end in _spans(body, splitter.split_text(body)):
            start, end = sec.start + rel_start, sec.start + rel_end
            text = doc.text[start:end]
            chunk_id = hashlib.sha1(f"{doc.id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:24]
            chunks.append(
                Chunk(
                    id=chunk_id,
                    doc_id=doc.id,
                    title=doc.title,
                    section=" > ".join(sec.path),
                    text=text,
                    start=start,
                    end=end,
                    line_start=bisect.bisect_left(newlines, start) + 1,
                    line_end=bisect.bisect_left(newlines, end - 1) + 1,
                    table_header=table_header(doc.text, start),
                )
            )
    return chunks


def rows_apart(sentences: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """The splitter's sentence step with each table row a sentence of its own: a table splits between
    rows, never inside one (the sentence tokenizer would cut "| Mistral 7B | 7.3B |" at "7."; a
    plain-text table's rows, lined up by spaces, run together as one sentence)."""

    def split(text: str) -> list[str]:
        out: list[str] = []
        prose: list[str] = []
        for line in text.splitlines(keepends=True):
            if line.count("|") >= 2 or plain_tables.fields(line):
                out += sentences("".join(prose)) if prose else []
                prose = []
                out.append(line)
            else:
                prose.append(line)
        return out + (sentences("".join(prose)) if prose else [])

    return split


def _spans(body: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Locate each split piece in the section text.

    `SentenceSplitter` returns pieces that are slices of its input with surrounding whitespace stripped,
    consecutive pieces overlapping; a piece it had to rewrite (it can normalise whitespace inside a piece)
    is located by its first and last words instead, and any text left uncovered joins the nearest span.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = body.find(piece, cursor)
        span = (at, at + len(piece)) if at >= 0 else _fuzzy_span(body, piece, cursor)
        if span is None:
            continue
        spans.append(span)
        cursor = span[0] + 1
    return _cover(body, spans)


def _fuzzy_span(body: str, piece: str, cursor: int) -> tuple[int, int] | None:
    words = piece.split()
    head = re.escape(words[0])
    tail = re.escape(words[-1])
    m = re.compile(head).search(body, cursor)
    if not m:
        return None
    ends = [e.end() for e in re.finditer(tail, body[m.start() :])]
    approx = m.start() + len(piece)
    best = min((m.start() + e for e in ends), key=lambda e: abs(e - approx), default=None)
    return (m.start(), best) if best is not None else None


def _cover(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Extend spans so no non-blank text falls between them (nothing in a document is unsearchable)."""
    if not spans:
        stripped = body.strip()
        if not stripped:
            return []
        lead = len(body) - len(body.lstrip())
        return [(lead, lead + len(stripped))]
    spans = sorted(spans)
    out: list[tuple[int, int]] = []
    lead = len(body) - len(body.lstrip())
    first_start, first_end = spans[0]
    out.append((min(first_start, lead), first_end))
    for start, end in spans[1:]:
        prev_start, prev_end = out[-1]
        if start > prev_end and body[prev_end:start].strip():
            gap_end = prev_end + len(body[prev_end:start].rstrip())
            out[-1] = (prev_start, gap_end)
        if end > out[-1][1] or start > out[-1][0]:
            out.append((start, end))
    last_start, last_end = out[-1]
    tail = len(body.rstrip())
    if tail > last_end:
        out[-1] = (last_start, tail)
    return out
