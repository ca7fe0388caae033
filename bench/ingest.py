"""1. ingest vs the encoder's limit: full ingest ÷ `SentenceTransformer.encode` of the very texts it embeds
(model load excluded), for both embedding backends; ONNX vs torch vectors and throughput.

The rounds are measured once for this section and the peer one (`ingest_rounds`)."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bench.common import embedders, make_corpus, settings_for, timed
from bench.context import Context, IngestRun
from bench.pairs import interleave, ratio
from bench.rows import make_row, ratio_row
from rag.config import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding


def pipeline_texts(settings: Settings) -> list[str]:
    """Exactly the texts ingest embeds: each chunk as a node, with the metadata LlamaIndex embeds."""
    from llama_index.core.schema import MetadataMode

    from rag import corpus
    from rag.chunking import chunk_document
    from rag.embeddings import load_tokenizer
    from rag.ingest import to_node

    files, _ = corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))
    tokenizer = load_tokenizer(settings)
    texts: list[str] = []
    for source in files:
        doc = corpus.read(source)
        for chunk in chunk_document(doc, tokenizer, settings.chunk_size, settings.chunk_overlap):
            texts.append(to_node(chunk).get_content(metadata_mode=MetadataMode.EMBED))
    return texts


@dataclass
class Contenders:
    """What one ingest round measures, in this order: `SentenceTransformer.encode` (the reference), full
    ingest with the torch embedder, the onnx encoder alone, full ingest with the onnx embedder, and (when
    the peer section runs) the LlamaIndex starter pipeline."""

    ctx: Context
    texts: list[str]
    reference: Any  # a SentenceTransformer on the same model
    onnx_settings: Settings
    torch_settings: Settings
    torch_embedder: BaseEmbedding
    onnx_embedder: BaseEmbedding
    vectors: dict[str, Any] = field(default_factory=dict)  # the last round's, from each encoder

    def st_encode(self, texts: list[str]) -> Any:
        batch = self.onnx_settings.embed_batch_size
        return self.reference.encode(texts, batch_size=batch, normalize_embeddings=True)

    def onnx_encode(self, texts: list[str]) -> Any:
        import numpy as np

        if self.onnx_embedder.class_name() == "OnnxEmbedding":
            encoder: Any = self.onnx_embedder  # rag.embeddings' OnnxEmbedding: `encode` gives the array
            return encoder.encode(texts)
        return np.asarray(self.onnx_embedder.get_text_embedding_batch(texts))

    def ingest(self, settings: Settings, embedder: BaseEmbedding) -> None:
        from rag.ingest import refresh

        shutil.rmtree(settings.index_dir, ignore_errors=True)
        report = refresh(settings, embedder=embedder)
        if report.chunks_written != len(self.texts):
            raise RuntimeError(
                f"ingest wrote {report.chunks_written} chunks, the bench embedded {len(self.texts)}"
            )

    def starter(self) -> None:
        import chromadb
        from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
        from llama_index.vector_stores.chroma import ChromaVectorStore

        documents = SimpleDirectoryReader(str(self.onnx_settings.corpus_dir)).load_data()
        client = chromadb.PersistentClient(path=str(self.ctx.work / "peer" / f"{time.time_ns()}"))
        store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("peer"))
        context = StorageContext.from_defaults(vector_store=store)
        VectorStoreIndex.from_documents(documents, storage_context=context, embed_model=self.torch_embedder)

    def one_round(self, k: int) -> dict[str, float]:
        t: dict[str, float] = {}
        t["st"], self.vectors["st"] = timed(lambda: self.st_encode(self.texts))
        t["torch"] = timed(lambda: self.ingest(self.torch_settings, self.torch_embedder))[0]
        t["onnx_encode"], self.vectors["onnx"] = timed(lambda: self.onnx_encode(self.texts))
        t["onnx"] = timed(lambda: self.ingest(self.onnx_settings, self.onnx_embedder))[0]
        if "peer" in self.ctx.options.chosen:
            t["starter"] = timed(self.starter)[0]
        self.ctx.say(f"round {k + 1}: " + ", ".join(f"{name} {v:.1f} s" for name, v in t.items()))
        return t


def ingest_rounds(ctx: Context) -> IngestRun:
    """The ingest pairs, measured once for both sections, interleaved in each round."""
    if ctx.ingest is not None:
        return ctx.ingest
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from rag.embeddings import model_path

    s_onnx, s_torch = settings_for(ctx, "onnx"), settings_for(ctx, "torch", embed_backend="torch")
    size = make_corpus(s_onnx.corpus_dir, ctx.options.copies)
    texts = pipeline_texts(s_onnx)
    ctx.say(f"corpus: {ctx.options.copies} editions of 4 documents, {size / 1e3:.0f} kB, {len(texts)} chunks")
    torch_embedder, onnx_embedder = embedders(ctx)
    reference = SentenceTransformer(str(model_path(s_onnx.embed_model)), device="cpu")
    run = Contenders(ctx, texts, reference, s_onnx, s_torch, torch_embedder, onnx_embedder)
    reference.encode(texts[:8])  # warm-up
    run.onnx_encode(texts[:8])
    pairs = [("onnx", "st"), ("torch", "st"), ("onnx", "onnx_encode")]
    pairs += [("onnx", "starter"), ("torch", "starter")] if "peer" in ctx.options.chosen else []
    ctx.say("interleaved rounds: SentenceTransformer.encode, ingest (torch), onnx encoder, ingest (onnx)…")
    series = interleave(run.one_round, ctx.options.rounds, pairs, ctx.options.more, ctx.say)
    worst = float(np.min(np.sum(run.vectors["onnx"] * run.vectors["st"], axis=1)))
    ctx.ingest = IngestRun(series, texts, size, worst)
    ctx.details["ingest"] = {
        "chunks": len(texts),
        "bytes": size,
        "seconds": {k: s.values for k, s in series.items()},
    }
    return ctx.ingest


def bench_ingest(ctx: Context) -> None:
    run = ingest_rounds(ctx)
    series, chunks = run.series, len(run.texts)
    st, torch_, onnx, encoder = series["st"], series["torch"], series["onnx"], series["onnx_encode"]
    st.name, torch_.name, onnx.name, encoder.name = "encode", "torch", "onnx", "encoder"
    ctx.keep(
        ratio_row("ingest", "full ingest (onnx) ÷ SentenceTransformer.encode", ratio(onnx, st), "x", 1.25),
        ratio_row("ingest", "full ingest (torch) ÷ SentenceTransformer.encode", ratio(torch_, st), "x", 1.25),
        ratio_row("ingest", "full ingest (onnx) ÷ its own encoder alone", ratio(onnx, encoder), floor=True),
        make_row(
            "ingest",
            "encoder throughput, SentenceTransformer.encode",
            st.map(lambda t: chunks / t),
            "chunks/s",
        ),
        make_row("ingest", "encoder throughput, onnxruntime", encoder.map(lambda t: chunks / t), "chunks/s"),
        make_row(
            "ingest",
            "onnx vs sentence-transformers vectors, worst cosine",
            run.worst_cosine,
            "cos",
            0.9999,
            at_least=True,
        ),
    )
