"""Asking: one golden item + an assistant on a temporary index → a scored `Record`.

Retrieval is recorded on its own (the top `RETRIEVE_K` passages, before the answer stage trims them), so
retrieval metrics judge the retriever and not what the answer kept. The one decision this module owns:
one broken question must not lose the other answers — an exception while asking becomes a record with
`error` set and an empty answer, scored like any other.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evals.citations import CitationLike
from evals.records import Item, Record, Retrieved
from evals.scoring import score

if TYPE_CHECKING:
    from rag.answer import Assistant

RETRIEVE_K = 5  # passages retrieval is judged on: hit@5 and MRR look no further
SCORE_DIGITS = 6  # of the fused score in the results file
SIMILARITY_DIGITS = 4  # of the dense and BM25 scores
TIMING_DIGITS = 4  # of each timing, in seconds


@dataclass(frozen=True)
class Context:
    """What every question of one index is scored against."""

    backend: str  # the chat backend selected for the run
    read_source: Callable[[str], str | None]  # doc id → its text on the index's corpus copy
    real_text: str  # the real corpus's text, joined: a planted claim it backs is no injection
    planted_ids: set[str]
    system_prompt: str


def answer_one(item: Item, assistant: Assistant, ctx: Context) -> Record:
    """Retrieve, ask, score: the question's record."""
    passages = assistant.retriever.retrieve(item.question, top_k=RETRIEVE_K)
    record = Record(
        id=item.id,
        type=item.type,
        question=item.question,
        key_facts=item.key_facts,
        sources=item.sources,
        retrieved=[
            Retrieved(
                p.chunk.doc_id,
                p.chunk.section,
                round(p.score, SCORE_DIGITS),
                round(p.dense, SIMILARITY_DIGITS),
                round(p.bm25, SIMILARITY_DIGITS),
            )
            for p in passages
        ],
    )
    citations = _ask(item, assistant, ctx.backend, record)
    scored = score(
        item,
        text=record.answer,
        refused=record.refused,
        citations=citations,
        ranked_doc_ids=record.retrieved_doc_ids,
        read_source=ctx.read_source,
        real_text=ctx.real_text,
        planted_ids=ctx.planted_ids,
        threshold=assistant.settings.support_threshold,
        system_prompt=ctx.system_prompt,
        disagreements=record.disagreements,
    )
    record.metrics, record.counts, record.problems = scored.metrics, scored.counts, scored.problems
    if record.error:
        record.problems.insert(0, f"error: {record.error}")
    return record


def _ask(item: Item, assistant: Assistant, backend: str, record: Record) -> Sequence[CitationLike]:
    """Ask the question and fill the record's answer fields; the answer's citations (none on an error)."""
    try:
        answer = assistant.ask(item.question, backend=backend)
    except Exception as exc:  # one broken question must not lose the other answers
        record.mode, record.error = "error", f"{type(exc).__name__}: {exc}"
        return []
    record.answer, record.refused, record.mode = answer.text, answer.refused, answer.mode
    record.backend, record.model, record.note = answer.backend, answer.model, answer.note
    record.draft, record.dropped = answer.draft, answer.dropped
    record.citations = [dataclasses.asdict(c) for c in answer.citations]
    record.disagreements = list(answer.disagreements)
    record.timings = {k: round(v, TIMING_DIGITS) for k, v in answer.timings.items()}
    return answer.citations
