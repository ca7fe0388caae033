"""Render: a composition (or the model's checked draft) and the passages used → the answer's text and its
numbered citations, each pointing at the exact `file[start:end]` with the spans taken from it.

The one decision this module owns: what the user reads and in what order — the direct answer, the
documents' own words, the sides where sources differ, and the note on what they do not say.
"""

from __future__ import annotations

from rag import grounding
from rag.compose import Composition
from rag.config import Settings
from rag.records import Citation
from rag.retrieve import Passage
from rag.spans import Span


class _Numbering:
    """Citation numbers in order of first use, one per passage, with the spans taken from each."""

    def __init__(self, used: list[Passage]) -> None:
        self.used = used
        self.numbers: dict[str, int] = {}
        self.marks: dict[str, list[tuple[int, int]]] = {}

    def cite(self, i: int, span: Span | None = None) -> str:
        c = self.used[i].chunk
        if c.id not in self.numbers:
            self.numbers[c.id] = len(self.numbers) + 1
            self.marks[c.id] = []
        if span is not None and (c.start + span.start, c.start + span.end) not in self.marks[c.id]:
            self.marks[c.id].append((c.start + span.start, c.start + span.end))
        return f"[{self.numbers[c.id]}]"

    def citations(self) -> list[Citation]:
        cites = [
            Citation(
                self.numbers[p.chunk.id],
                p.chunk.doc_id,
                p.chunk.title,
                p.chunk.section,
                p.chunk.text,
                p.chunk.start,
                p.chunk.end,
                p.chunk.line_start,
                p.chunk.line_end,
                round(p.score, 6),
                tuple(self.marks[p.chunk.id]),
                p.chunk.table_header,
            )
            for p in self.used
            if p.chunk.id in self.numbers
        ]
        return sorted(cites, key=lambda c: c.n)


def render(
    comp: Composition, used: list[Passage], written: list[grounding.Sentence] | None = None
) -> tuple[str, list[Citation]]:
    """The answer's text and citations: the direct answer (the model's checked sentences when it wrote
    any, else the composition's leads, in the documents' words), then the supporting spans as quotes.

    Each citation is a passage (its exact `file[start:end]`), with the spans the answer took from it as
    `highlights`; the documents' own footnote markers never reach the text (they would read as ours).
    """
    n = _Numbering(used)
    if written:
        lines = [_end(s.text, "".join(n.cite(i - 1) for i in s.cites)) for s in written]
    else:
        lines = [
            _end(lead.text, "".join(dict.fromkeys(n.cite(s.passage, s) for s in lead.spans)))
            for lead in comp.leads
        ]
    text = " ".join(lines)
    if comp.quotes:
        text += "\n\nFrom the documents:"
        for q in comp.quotes:
            # (the item it hangs under; a field of a table with no header row, ", To:", by its label alone)
            label = q.context.split(" > ")[-1].strip(" ,:")
            label = f"{label}: " if label else ""
            text += f"\n- {label}“{q.text}” {n.cite(q.passage, q)}"
    for d in comp.disagreements:
        text += "\n\nSources differ:"
        for side in d.sides:
            refs = "".join(dict.fromkeys(n.cite(s.passage, s) for s in side.spans))
            text += f"\n- {side.stance} {refs}"
    if comp.note:
        text += f"\n\n{comp.note}"
    return text, n.citations()


def disagreements(comp: Composition, cites: list[Citation], used: list[Passage]) -> list[dict[str, object]]:
    """`rag ask --json`'s disagreements: each side's stance and the numbers of the citations it rests on."""
    number = {(c.source, c.start): c.n for c in cites}
    out: list[dict[str, object]] = []
    for d in comp.disagreements:
        sides = []
        for side in d.sides:
            ns = [number[(used[s.passage].chunk.doc_id, used[s.passage].chunk.start)] for s in side.spans]
            sides.append({"stance": side.stance, "citations": list(dict.fromkeys(ns))})
        out.append({"about": d.about, "sides": sides})
    return out


def _end(sentence: str, refs: str) -> str:
    body = sentence.rstrip()
    stop = body[-1] if body and body[-1] in ".!?" else "."
    body = body[:-1].rstrip() if body and body[-1] in ".!?" else body
    return f"{body} {refs}{stop}"


def check_draft(
    question: str, draft: str, used: list[Passage], settings: Settings, similarity: grounding.Similarity
) -> tuple[list[grounding.Sentence], list[str], int]:
    """The model's drafted sentences that their cited passage supports, that are more than an echoed
    heading and that are about the question; the text of those dropped; how many a passage contradicted."""
    texts = [p.chunk.text for p in used]
    headers = [p.chunk.table_header for p in used]
    checked = grounding.check(draft, texts, settings.support_threshold, similarity, headers)
    candidates = [s for s in checked.kept if not _is_echo(s.text, used)]
    relevance = similarity(question, [s.text for s in candidates]) if candidates else []
    kept = [s for s, r in zip(candidates, relevance, strict=True) if r >= settings.draft_relevance]
    dropped = [s.text for s in checked.dropped] + [s.text for s in checked.kept if s not in kept]
    return kept, dropped, sum(s.action == "contradicted" for s in checked.dropped)


def _is_echo(sentence: str, used: list[Passage]) -> bool:
    """A sentence that only repeats titles or headings of the passages, or asks a question, is no answer."""
    if sentence.rstrip().endswith(("?", ":")):
        return True
    headers = " ".join(f"{p.chunk.title} {p.chunk.section}" for p in used)
    return grounding.content_words(sentence) <= grounding.content_words(headers)
