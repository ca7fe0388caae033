"""2. ingest vs a peer: seconds per MB of source text, ours vs the LlamaIndex starter pipeline into Chroma
(measured in the ingest rounds), and the tokens each embeds per second."""

from __future__ import annotations

from dataclasses import dataclass

from bench.common import settings_for
from bench.context import Context
from bench.ingest import ingest_rounds
from bench.pairs import Series, ratio
from bench.rows import make_row, ratio_row


@dataclass(frozen=True)
class Embedded:
    """What a pipeline embeds of the corpus."""

    chunks: int
    tokens: int  # as the encoder reads them: special tokens included, each chunk cut at 256


def embedded_tokens(texts: list[str], embed_model: str) -> int:
    """Tokens the encoder reads for these texts: special tokens included, each text cut at 256."""
    from tokenizers import Tokenizer

    from rag.embeddings import max_seq_length, model_path

    folder = model_path(embed_model)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_seq_length(folder))
    tokenizer.no_padding()
    return sum(len(e.ids) for e in tokenizer.encode_batch(texts))


def bench_peer(ctx: Context) -> None:
    from llama_index.core import SimpleDirectoryReader
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode

    run = ingest_rounds(ctx)
    settings = settings_for(ctx, "onnx")
    docs = SimpleDirectoryReader(str(settings.corpus_dir)).load_data()
    nodes = SentenceSplitter().get_nodes_from_documents(docs)
    peer_texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    peer = Embedded(len(nodes), embedded_tokens(peer_texts, settings.embed_model))
    ours = Embedded(len(run.texts), embedded_tokens(run.texts, settings.embed_model))
    run.series["starter"].name = "starter"
    ctx.details["peer"] = {
        "seconds": run.series["starter"].values,
        "peer_chunks": peer.chunks,
        "peer_tokens": peer.tokens,
        "our_chunks": ours.chunks,
        "our_tokens": ours.tokens,
    }
    report_peer(ctx, run.series, run.corpus_bytes / 1e6, peer, ours)


def report_peer(
    ctx: Context, series: dict[str, Series], megabytes: float, peer: Embedded, ours: Embedded
) -> None:
    starter, onnx, torch_ = series["starter"], series["onnx"], series["torch"]
    note = (
        f"the starter embeds {peer.tokens:,} tokens ({peer.chunks} chunks of up to 1,024 tokens, each cut to the "
        f"model's 256), ours {ours.tokens:,} ({ours.chunks} chunks that fit the window)"
    )

    def per_mb(seconds: float) -> float:
        return seconds / megabytes

    ctx.keep(
        make_row("peer", "LlamaIndex starter pipeline, seconds per MB", starter.map(per_mb), "s/MB"),
        make_row("peer", "ours (onnx), seconds per MB", onnx.map(per_mb), "s/MB"),
        make_row("peer", "ours (torch), seconds per MB", torch_.map(per_mb), "s/MB"),
        ratio_row("peer", "ours (onnx) ÷ starter, seconds per MB", ratio(onnx, starter), "x", 1.0, note=note),
        ratio_row("peer", "ours (torch) ÷ starter, seconds per MB", ratio(torch_, starter), "x", 1.0),
        make_row(
            "peer",
            "LlamaIndex starter pipeline, embedded tokens per second",
            starter.map(lambda t: peer.tokens / t),
            "tok/s",
        ),
        make_row(
            "peer",
            "ours (torch, the same encoder), embedded tokens per second",
            torch_.map(lambda t: ours.tokens / t),
            "tok/s",
        ),
        make_row(
            "peer", "ours (onnx), embedded tokens per second", onnx.map(lambda t: ours.tokens / t), "tok/s"
        ),
    )
