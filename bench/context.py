"""What the sections share: the run's options, the rows and details they record, and what one section
loads or measures that a later one reuses (the embedders, the ingest rounds)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.pairs import Series
from bench.rows import Row

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

SECTIONS = (
    "ingest",
    "peer",
    "refresh",
    "generation",
    "startup",
    "retrieval",
    "answers",
    "crowd",
    "eval",
    "page",
)


@dataclass(frozen=True)
class Options:
    """The command line, and the sizes a full run (or a `--quick` try-out) measures at."""

    chosen: tuple[str, ...] = SECTIONS  # as given to `--only`, in its order
    quick: bool = False
    no_write: bool = False
    keep: bool = False
    copies: int = 3  # editions of each corpus document in the bench corpus
    rounds: int = 5  # interleaved rounds of every pair (at least 5 in a full run)
    more: int = 3  # extra rounds for a pair whose spreads still overlap
    crowd_rounds: int = 5
    generation_questions: int = 2  # each round asks them through both paths
    page_questions: int = 8  # golden fact questions typed into the page, each timed once
    sizes: tuple[int, ...] = (1000, 10000, 100000)  # retrieval index sizes
    queries: int = 200

    @classmethod
    def make(
        cls, chosen: tuple[str, ...], quick: bool, no_write: bool, keep: bool, sizes: str | None
    ) -> Options:
        sizes = sizes or ("1000,10000" if quick else "1000,10000,100000")
        return cls(
            chosen=chosen,
            quick=quick,
            no_write=no_write,
            keep=keep,
            rounds=2 if quick else 5,
            more=0 if quick else 3,
            crowd_rounds=1 if quick else 5,
            generation_questions=1 if quick else 2,
            page_questions=5 if quick else 8,
            sizes=tuple(int(n) for n in sizes.split(",")),
            queries=50 if quick else 200,
        )


@dataclass
class IngestRun:
    """The ingest rounds, measured once for the ingest and peer sections."""

    series: dict[str, Series]
    texts: list[str]  # exactly the texts ingest embeds
    corpus_bytes: int
    worst_cosine: float  # onnx vs sentence-transformers vectors


@dataclass
class Context:
    """Collects rows and details, prints progress; carries loaded models and measured rounds between
    sections."""

    work: Path  # the run's temporary folder
    options: Options
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # written as is to `latest.json`
    started: float = field(default_factory=time.perf_counter)
    torch_embedder: BaseEmbedding | None = None
    onnx_embedder: BaseEmbedding | None = None
    ingest: IngestRun | None = None

    def say(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", flush=True)

    def keep(self, *rows: Row) -> None:
        for row in rows:
            self.rows.append(row)
            print(row.progress(), flush=True)

    def failed(self, section: str, exc: BaseException) -> None:
        self.details.setdefault("failed", {})[section] = repr(exc)[:500]
