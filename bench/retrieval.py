"""6. retrieval at scale: p50/p95 of hybrid retrieval at 1k, 10k, 100k chunks (synthetic indexes:
seeded random words, random unit vectors), and where the time goes."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from bench.common import ROOT, embedders, settings_for, timed
from bench.context import Context
from bench.rows import make_row
from evals.metrics import percentile
from rag.config import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import BaseNode

    from rag import store

Query = tuple[str, list[float]]  # words, and a precomputed query vector


def vocabulary() -> list[str]:
    words: dict[str, None] = {}
    for source in sorted((ROOT / "corpus").glob("*.md")):
        for w in re.findall(r"[a-z]{3,}", source.read_text(encoding="utf-8").lower()):
            words.setdefault(w)
    return list(words)


def synthetic_nodes(
    rng: Any,
    vocab: list[str],
    weights: Any,
    offset: int,
    count: int,
    documents: dict[str, store.DocEntry],
    segment: str,
) -> list[BaseNode]:
    """Chunks `offset` to `offset + count`, 25 to a document (entered in `documents`), as embedded nodes."""
    import numpy as np

    from rag import store
    from rag.chunking import Chunk
    from rag.ingest import to_node

    per_doc = 25
    vectors = rng.standard_normal((count, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    lengths = rng.integers(80, 140, size=count)
    picks = rng.choice(len(vocab), size=int(lengths.sum()), p=weights)
    nodes: list[BaseNode] = []
    pos = 0
    for i in range(count):
        k = offset + i
        text = " ".join(vocab[j] for j in picks[pos : pos + lengths[i]]).capitalize() + "."
        pos += lengths[i]
        doc_id = f"synthetic/doc-{k // per_doc:05d}.md"
        chunk = Chunk(f"{doc_id}#{k}", doc_id, f"Document {k // per_doc}", "Part", text, 0, len(text), 1, 1)
        node = to_node(chunk)
        node.embedding = vectors[i].tolist()
        nodes.append(node)
        documents.setdefault(doc_id, store.DocEntry("0" * 64, chunk.title, "markdown", [], "", segment))
        documents[doc_id].chunk_ids.append(chunk.id)
    return nodes


def build_synthetic(ctx: Context, n: int, seed: int = 7) -> Settings:
    """A committed index version of `n` synthetic chunks, and the corpus it is the index of: each
    document's chunks as a file whose hash the manifest holds, so a refresh finds them unchanged."""
    import hashlib

    import numpy as np

    from rag import bm25, store
    from rag.sections import SECTIONING

    settings = settings_for(ctx, f"synthetic-{n}", corpus_dir=ctx.work / f"corpus-synthetic-{n}")
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    shutil.rmtree(settings.corpus_dir, ignore_errors=True)
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    weights = 1.0 / np.arange(1, len(vocab) + 1)  # Zipf-like word frequencies
    weights /= weights.sum()
    version = store.start_version(settings.index_dir)
    vector_store = store.open_vector_store(settings, settings.index_dir, version, create=True)
    documents: dict[str, store.DocEntry] = {}
    batch, t_write, written = 5000, 0.0, []
    for offset in range(0, n, batch):
        count = min(batch, n - offset)
        nodes = synthetic_nodes(rng, vocab, weights, offset, count, documents, version)
        t_write += timed(partial(vector_store.add, nodes))[0]
        written.extend(nodes)
        if (offset + count) % 25_000 == 0 or offset + count == n:
            ctx.say(f"  {offset + count:,} of {n:,} chunks written ({t_write:.0f} s in Chroma)")
    texts: dict[str, list[str]] = {}
    for node in written:
        texts.setdefault(str(node.metadata["doc_id"]), []).append(node.get_content())
    for doc_id, chunks in texts.items():
        path = settings.corpus_dir / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        documents[doc_id] = replace(documents[doc_id], sha256=sha)
    ctx.say("  indexing words (BM25)…")
    t_bm25 = timed(lambda: bm25.build(settings.index_dir, version, written))[0]
    ctx.say(f"  BM25 built in {t_bm25:.0f} s")
    manifest = store.Manifest(
        version=version,
        embed_model=settings.embed_model,
        dim=384,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        created=time.time(),
        documents=documents,
        segments={version: bm25.record(settings.index_dir, version, n)},
        layout=store.LAYOUT,
        sectioning=SECTIONING,  # as a refresh would build it: a refresh builds on it, not from scratch
    )
    store.commit_version(settings.index_dir, manifest)
    return settings


def milliseconds(calls: list[partial[Any]]) -> list[float]:
    """Each call's wall time, ms."""
    return [1000 * timed(call)[0] for call in calls]


def latencies(settings: Settings, embedder: BaseEmbedding, queries: list[Query]) -> dict[str, float]:
    """p50/p95 of `Retriever.retrieve` with precomputed query vectors, then each part alone on the same
    queries: the dense retriever (Chroma's HNSW query + conversion to nodes), Chroma's query alone, BM25."""
    from rag.retrieve import Retriever

    t_open, retriever = timed(lambda: Retriever(settings, embedder))
    for q, e in queries[:10]:  # warm-up
        retriever.retrieve(q, settings.top_k, embedding=e)
    measured = queries[10:]
    whole = milliseconds([partial(retriever.retrieve, q, settings.top_k, embedding=e) for q, e in measured])
    dense = milliseconds([partial(retriever.nearest, e) for _, e in measured])
    lexical = milliseconds([partial(retriever._words.search, q, settings.candidate_k) for q, _ in measured])
    collection: Any = next(iter(retriever._stores.values()))._collection
    include = ["documents", "metadatas", "distances"]
    chroma = milliseconds(
        [
            partial(collection.query, query_embeddings=[e], n_results=settings.candidate_k, include=include)
            for _, e in measured
        ]
    )
    return {
        "p50_ms": percentile(whole, 50),
        "p95_ms": percentile(whole, 95),
        "dense_p50_ms": percentile(dense, 50),
        "chroma_query_p50_ms": percentile(chroma, 50),
        "bm25_p50_ms": percentile(lexical, 50),
        "open_s": t_open,
    }


def random_queries(count: int) -> list[Query]:
    import numpy as np

    vocab = vocabulary()
    rng = np.random.default_rng(11)
    queries = []
    for _ in range(count):
        size = int(rng.integers(5, 12))
        words = " ".join(vocab[j] for j in rng.integers(0, min(len(vocab), 600), size=size))
        vector = rng.standard_normal(384).astype(np.float32)
        queries.append((words.capitalize() + "?", (vector / np.linalg.norm(vector)).tolist()))
    return queries


def bench_retrieval(ctx: Context) -> None:
    embedder = embedders(ctx)[1]
    queries = random_queries(ctx.options.queries + 10)
    figures: dict[int, dict[str, float]] = {}
    for n in ctx.options.sizes:
        ctx.say(f"building a synthetic index of {n:,} chunks…")
        t_build, settings = timed(partial(build_synthetic, ctx, n))
        figures[n] = f = {**latencies(settings, embedder, queries), "build_s": t_build}
        ctx.say(
            f"  {n:,}: p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms (dense {f['dense_p50_ms']:.1f}, "
            f"of which Chroma {f['chroma_query_p50_ms']:.1f}; BM25 {f['bm25_p50_ms']:.1f}); "
            f"built in {t_build:.0f} s, opened in {f['open_s']:.1f} s"
        )
        shutil.rmtree(settings.index_dir, ignore_errors=True)
    ctx.details["retrieval"] = {str(k): v for k, v in figures.items()}
    report_retrieval(ctx, figures)


def report_retrieval(ctx: Context, figures: dict[int, dict[str, float]]) -> None:
    largest = max(figures)
    for n, f in figures.items():
        limits = (50.0, 100.0) if n == largest else (None, None)
        ctx.keep(
            make_row("retrieval", f"hybrid retrieval p50 at {n:,} chunks", f["p50_ms"], "ms", limits[0]),
            make_row("retrieval", f"hybrid retrieval p95 at {n:,} chunks", f["p95_ms"], "ms", limits[1]),
        )
    f = figures[largest]
    ctx.keep(
        make_row(
            "retrieval", f"  of which dense (Chroma + nodes) p50 at {largest:,}", f["dense_p50_ms"], "ms"
        ),
        make_row(
            "retrieval", f"  of which Chroma query alone p50 at {largest:,}", f["chroma_query_p50_ms"], "ms"
        ),
        make_row("retrieval", f"  of which BM25 p50 at {largest:,}", f["bm25_p50_ms"], "ms"),
        make_row("retrieval", f"opening the retriever at {largest:,} chunks", f["open_s"], "s"),
    )
