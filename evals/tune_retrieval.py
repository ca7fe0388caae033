"""Retrieval tuning: chunking and fusion settings → hit@k and MRR on the golden set, no model in the loop.

`python -m evals.tune_retrieval` builds a clean index of the corpus per chunking setting in a temporary
folder (the user's index is never touched), retrieves the top 5 for every golden item that has supporting
documents, and prints a markdown table; with `--write` it replaces the table in `evals/EXPERIMENTS.md`. The one decision this module owns: which chunking and
fusion settings are compared (`CHUNKINGS`, `FUSIONS`).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from evals.asking import RETRIEVE_K
from evals.records import Item, load_suite
from evals.retrieval import hit_at_k, reciprocal_rank
from rag.config import Settings

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENTS = ROOT / "evals" / "EXPERIMENTS.md"
START, END = "<!-- tune:start -->", "<!-- tune:end -->"
CHUNKINGS = [(96, 16), (160, 24), (224, 32)]
FUSIONS = [  # (label, dense weight, bm25 weight)
    ("dense only", 1.0, 0.0),
    ("BM25 only", 0.0, 1.0),
    ("RRF 1:1", 1.0, 1.0),
    ("RRF 2:1 dense", 2.0, 1.0),
    ("RRF 1:2 BM25", 1.0, 2.0),
]


def measure(settings: Settings, embedder: Any, items: list[Item]) -> dict[str, float]:
    from rag.retrieve import Retriever

    retriever = Retriever(settings, embedder)
    hits: list[float] = []
    rr: list[float] = []
    started = time.perf_counter()
    for item in items:
        ranked = [p.chunk.doc_id for p in retriever.retrieve(item.question, top_k=RETRIEVE_K)]
        hits.append(hit_at_k(item.sources, ranked, RETRIEVE_K))
        rr.append(reciprocal_rank(item.sources, ranked))
    return {
        "hit@5": sum(hits) / len(hits),
        "mrr": sum(rr) / len(rr),
        "ms_per_query": 1000 * (time.perf_counter() - started) / len(items),
    }


def measure_all(base: Settings, embedder: Any, items: list[Item]) -> list[str]:
    """One markdown row per chunking and fusion setting, each chunking indexed once in a temp folder."""
    from rag.ingest import refresh

    rows = []
    with tempfile.TemporaryDirectory(prefix="rag-tune-") as tmp:
        for size, overlap in CHUNKINGS:
            built = base.model_copy(
                update={
                    "chunk_size": size,
                    "chunk_overlap": overlap,
                    "index_dir": Path(tmp) / f"index-{size}",
                    "chroma_host": None,
                }
            )
            report = refresh(built, embedder=embedder)
            for label, dense, bm25 in FUSIONS:
                run = built.model_copy(update={"dense_weight": dense, "bm25_weight": bm25})
                got = measure(run, embedder, items)
                rows.append(
                    f"| {size} / {overlap} ({report.chunks_total} chunks) | {label} | {got['hit@5']:.3f} "
                    f"| {got['mrr']:.3f} | {got['ms_per_query']:.0f} |"
                )
                print(rows[-1], file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m evals.tune_retrieval", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--write", action="store_true", help=f"replace the table in {EXPERIMENTS.name}")
    args = parser.parse_args(argv)

    from rag.embeddings import load_embedder

    base = Settings()
    items = [i for i in load_suite(ROOT / "evals" / "golden.yaml") if i.sources and i.type != "injection"]
    rows = measure_all(base, load_embedder(base), items)
    table = "\n".join(
        [
            f"{len(items)} questions (fact and multi), {time.strftime('%Y-%m-%d')}; kept: 160 / 24, RRF 1:1.",
            "",
            "| chunk tokens / overlap | fusion | hit@5 | MRR | ms per query |",
            "|---|---|---|---|---|",
            *rows,
        ]
    )
    print(table)
    if args.write:
        text = EXPERIMENTS.read_text(encoding="utf-8")
        text = text[: text.index(START) + len(START)] + "\n" + table + "\n" + text[text.index(END) :]
        EXPERIMENTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
