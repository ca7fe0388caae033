"""Benchmarks: each figure beside its target, each one a ratio or percentile against a reference measured
in the same run (the machine is shared, so absolute seconds drift; ratios hold).

Every pair (a figure and its reference) is measured interleaved, A, B, A, B, … for at least 5 rounds
(`bench.pairs`): each figure is the median over the rounds with its spread (p25–p75); a pair whose spreads
overlap gets up to 3 more rounds, and if they still overlap its ratio reads "within noise".

`python -m bench.run` (`make bench`) measures, in this order:
1. ingest:     full ingest of a ~280-chunk corpus ÷ `SentenceTransformer.encode` of the very texts it embeds
               (model load excluded), for both embedding backends; ONNX vs torch vectors and throughput
2. peer:       seconds per MB of source text, ours vs the LlamaIndex starter pipeline into Chroma
               (measured in the ingest rounds)
3. refresh:    `rag ingest` on an unchanged corpus; refresh after one changed document vs its share of a
               full ingest measured in the same rounds
4. generation: the whole answer path (`Assistant.ask`, worded by the embedded model) vs llama.cpp alone on
               the same messages; warm time to first token
5. startup:    fresh processes: `rag status` beside cold `rag ask` (answer from spans; worded by the model;
               torch embedder = before), peak RSS; the page's peak RSS
6. retrieval:  p50/p95 of hybrid retrieval at 1k, 10k, 100k chunks (synthetic), and where the time goes
7. answers:    warm answers from spans and warm `rag verify`, p50/p95
8. crowd:      ten browser sessions (Chromium) asking the real page at once: p50/p95 of their answer times
               against one session alone, and how many were shown their place in the line
9. eval:       wall time of `rag eval --no-floors` on the golden set, as a fresh process
It prints progress and every figure with its target (PASS/MISS), writes `bench/results/latest.json`, and
rewrites the table between the markers in `BENCHMARKS.md`. `--quick` runs smaller sizes and 2 rounds for
a try-out.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import rag  # noqa: F401  (sets the offline switches before any Hugging Face import)
from bench.pairs import Ratio, Series, interleave, ratio
from evals.metrics import percentile
from rag.config import Settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
REPORT = ROOT / "BENCHMARKS.md"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
CLOSED = "http://127.0.0.1:9"  # nothing listens on the discard port: no Ollama is ever reached
QUESTIONS = (
    "Which institute developed the Falcon models?",
    "Which models from Mistral AI are mentioned in the documents?",
    "In simple terms, what are the weights of a language model?",
    "What are the drawbacks of proprietary models for customers?",
)
SECTIONS = ("ingest", "peer", "refresh", "generation", "startup", "retrieval", "answers", "crowd", "eval")


@dataclass
class Row:
    section: str
    metric: str
    value: float
    unit: str  # "x", "s", "ms", "%", "MiB", "tok/s", "s/MB", "cos"
    target: str = ""  # e.g. "≤ 1.25"; empty: reported for context
    passed: bool | None = None
    note: str = ""
    spread: tuple[float, float] | None = None  # p25–p75 over the rounds, in the value's unit
    noise: bool = False  # a ratio whose two spreads overlap: shown as "within noise", not as a figure
    shown_as: str = ""  # words instead of the value ("within noise", "not comparable")

    def shown(self) -> str:
        if self.shown_as:
            return self.shown_as
        if self.spread is None:
            return show(self.value, self.unit)
        lo, hi = (show(v, self.unit).rstrip("×").split(" ")[0] for v in self.spread)
        return f"{show(self.value, self.unit)} ({lo}–{hi})"

    def verdict(self) -> str:
        if self.target and self.passed is None:
            return "NOISE" if self.noise else "?"
        return "" if self.passed is None else ("PASS" if self.passed else "MISS")


def show(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "cos":
        return f"{value:.7f}"
    if unit in ("ms", "MiB", "tok/s"):
        return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{value:.2f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def make_row(
    section: str,
    metric: str,
    value: float,
    unit: str,
    limit: float | None = None,
    at_least: bool = False,
    note: str = "",
) -> Row:
    target, passed = "", None
    if limit is not None:
        target = f"{'≥' if at_least else '≤'} {show(limit, unit)}"
        passed = value >= limit if at_least else value <= limit
    return Row(section, metric, value, unit, target, passed, note)


class Bench:
    """Collects rows, prints progress; `state` carries loaded models and built indexes between sections."""

    def __init__(self, work: Path, args: argparse.Namespace) -> None:
        self.work = work
        self.args = args
        self.rows: list[Row] = []
        self.details: dict[str, Any] = {}
        self.state: dict[str, Any] = {}
        self.started = time.perf_counter()

    def say(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.1f} s] {message}", flush=True)

    def add(
        self,
        section: str,
        metric: str,
        value: float,
        unit: str,
        limit: float | None = None,
        at_least: bool = False,
        note: str = "",
    ) -> Row:
        return self.keep(make_row(section, metric, value, unit, limit, at_least, note))

    def keep(self, row: Row) -> Row:
        self.rows.append(row)
        verdict = f"  target {row.target:>12}  {row.verdict()}" if row.target else ""
        print(f"    {row.metric:<58} {row.shown():>22}{verdict}", flush=True)
        return row

    def add_series(
        self,
        section: str,
        metric: str,
        series: Series,
        unit: str,
        limit: float | None = None,
        at_least: bool = False,
        note: str = "",
    ) -> Row:
        """A measured series: its median, its spread (p25–p75) shown beside it; the target on the median."""
        row = make_row(section, metric, series.median, unit, limit, at_least, note)
        row.spread = series.spread
        return self.keep(row)

    def add_ratio(
        self,
        section: str,
        metric: str,
        r: Ratio,
        as_: str = "x",
        limit: float | None = None,
        note: str = "",
        floor: bool = False,
    ) -> Row:
        """A ÷ B from interleaved rounds, as a ratio ("x"), an overhead (100 × (A÷B − 1), "overhead") or a
        share (100 × A÷B, "share"). Overlapping spreads: "within noise", passed only if even the ratio at
        the pessimistic ends of the spreads meets the limit (else undecided). `floor`: A cannot be below B
        (an overhead), so A below B is a measuring artefact, never shown as a negative figure."""

        def conv(x: float) -> float:
            return 100 * (x - 1) if as_ == "overhead" else 100 * x if as_ == "share" else x

        unit = "x" if as_ == "x" else "%"
        a, b = r.a, r.b
        detail = (
            f"{a.name} {show(a.median, 's')} ({show(a.spread[0], 's')}–{show(a.spread[1], 's')}) vs "
            f"{b.name} {show(b.median, 's')} ({show(b.spread[0], 's')}–{show(b.spread[1], 's')}), "
            f"{len(r.per_round.values)} interleaved rounds"
        )
        row = make_row(section, metric, conv(r.median), unit, limit, note=note)
        row.spread = (conv(r.spread[0]), conv(r.spread[1]))
        if r.noise:
            row.noise, row.shown_as = True, "within noise"
            row.note = f"{note}; {detail}" if note else detail
            if limit is not None:
                row.passed = True if conv(max(r.worst, 1.0 if floor else 0.0)) <= limit else None
        elif floor and r.median < 1:  # A clearly below a part of itself: the two did different work
            row.shown_as, row.passed = "not comparable", None
            row.note = f"{note}; {detail}: A below B" if note else f"{detail}: A below B"
        return self.keep(row)


# --- shared helpers -------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def settings_for(b: Bench, name: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "corpus_dir": b.work / "corpus",
        "index_dir": b.work / f"index-{name}",
        "backend": "embedded",
        "ollama_host": CLOSED,
        "embed_backend": "onnx",
    }
    values.update(overrides)
    return Settings(**values)


def make_corpus(folder: Path, copies: int) -> int:
    """The four corpus documents, `copies` editions of each with their headings numbered; returns bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / "corpus").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        for k in range(1, copies + 1):
            edition = re.sub(r"^(#{1,6} .+?)\s*$", rf"\1 (edition {k})", text, flags=re.M)
            (folder / f"{source.stem}-edition-{k:02d}.md").write_text(edition, encoding="utf-8")
    return sum(p.stat().st_size for p in folder.iterdir())


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


def embedders(b: Bench) -> tuple[Any, Any]:
    """(torch, onnx) embedders, loaded once for the whole run."""
    if "onnx" not in b.state:
        from rag.embeddings import load_embedder

        b.say("loading the embedders (torch: sentence-transformers; onnx: onnxruntime)…")
        b.state["torch"] = load_embedder(settings_for(b, "x", embed_backend="torch"))
        b.state["onnx"] = load_embedder(settings_for(b, "x", embed_backend="onnx"))
        if b.state["onnx"].class_name() != "OnnxEmbedding":
            b.say("  the onnx backend is not available here; its figures are torch's")
    return b.state["torch"], b.state["onnx"]


def built_index(b: Bench) -> Settings:
    """The bench corpus indexed with the onnx embedder (built by the ingest section, or here, untimed)."""
    settings = settings_for(b, "onnx")
    if not (settings.index_dir / "CURRENT").exists():
        from rag.ingest import refresh

        make_corpus(settings.corpus_dir, b.args.copies)
        b.say("building the bench index (untimed)…")
        refresh(settings, embedder=embedders(b)[1])
    return settings


# Linux counts a child's peak RSS from its parent's at fork time (exec keeps the old mm's high-water mark),
# so a child of this big process would report this process's size: a small wrapper starts the command.
MEASURE = """
import json, os, subprocess, sys, time
t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as fh:
    json.dump({"seconds": time.perf_counter() - t0, "rss_kib": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, fh)
"""


def run_measured(cmd: list[str], env: dict[str, str], timeout: float) -> dict[str, Any]:
    """Run a fresh process; its wall time, its peak RSS, exit code and output."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        figures = Path(tmp) / "figures.json"
        wrapper = subprocess.Popen(
            [sys.executable, "-c", MEASURE, str(figures), *cmd],
            stdout=out,
            stderr=err,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        try:
            wrapper.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(wrapper.pid, 9)
            wrapper.wait()
        measured = (
            json.loads(figures.read_text())
            if figures.exists()
            else {"seconds": timeout, "rss_kib": 0, "code": -9}
        )
        out.seek(0)
        err.seek(0)
        return {
            "seconds": measured["seconds"],
            "rss_mib": measured["rss_kib"] / 1024,
            "code": measured["code"],
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace")[-2000:],
        }


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_CORPUS_DIR=str(settings.corpus_dir),
        RAG_INDEX_DIR=str(settings.index_dir),
        RAG_EMBED_BACKEND=settings.embed_backend,
        RAG_BACKEND="embedded",
        OLLAMA_HOST=CLOSED,
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
    )
    env.update(extra)
    return env


def ingest_rounds(b: Bench) -> dict[str, Series]:
    """The ingest pairs, measured once for both sections, interleaved in each round:
    `SentenceTransformer.encode` (the reference), full ingest with the torch embedder, the onnx encoder
    alone, full ingest with the onnx embedder, and (when the peer section runs) the LlamaIndex starter."""
    if "ingest_series" in b.state:
        return b.state["ingest_series"]  # type: ignore[no-any-return]
    import chromadb
    import numpy as np
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from sentence_transformers import SentenceTransformer

    from rag.embeddings import model_path
    from rag.ingest import refresh

    s_onnx, s_torch = settings_for(b, "onnx"), settings_for(b, "torch", embed_backend="torch")
    size = make_corpus(s_onnx.corpus_dir, b.args.copies)
    texts = pipeline_texts(s_onnx)
    b.state["corpus_bytes"] = size
    b.state["texts"] = texts
    b.say(f"corpus: {b.args.copies} editions of 4 documents, {size / 1e3:.0f} kB, {len(texts)} chunks")
    torch_embedder, onnx_embedder = embedders(b)
    reference = SentenceTransformer(str(model_path(s_onnx.embed_model)), device="cpu")
    batch = s_onnx.embed_batch_size
    with_peer = "peer" in b.args.chosen

    def st_encode() -> Any:
        return reference.encode(texts, batch_size=batch, normalize_embeddings=True)

    def onnx_encode() -> Any:
        if onnx_embedder.class_name() == "OnnxEmbedding":
            return onnx_embedder.encode(texts)
        return np.asarray(onnx_embedder.get_text_embedding_batch(texts))

    def ingest(settings: Settings, embedder: Any) -> Any:
        shutil.rmtree(settings.index_dir, ignore_errors=True)
        report = refresh(settings, embedder=embedder)
        if report.chunks_written != len(texts):
            raise RuntimeError(
                f"ingest wrote {report.chunks_written} chunks, the bench embedded {len(texts)}"
            )
        return report

    def starter() -> Any:
        documents = SimpleDirectoryReader(str(s_onnx.corpus_dir)).load_data()
        client = chromadb.PersistentClient(path=str(b.work / "peer" / f"{time.time_ns()}"))
        store = ChromaVectorStore(chroma_collection=client.get_or_create_collection("peer"))
        context = StorageContext.from_defaults(vector_store=store)
        return VectorStoreIndex.from_documents(documents, storage_context=context, embed_model=torch_embedder)

    for warm in (lambda: reference.encode(texts[:8]), lambda: onnx_embedder.encode(texts[:8])):
        warm()
    vectors: dict[str, Any] = {}

    def one_round(k: int) -> dict[str, float]:
        t: dict[str, float] = {}
        t["st"], vectors["st"] = timed(st_encode)
        t["torch"] = timed(lambda: ingest(s_torch, torch_embedder))[0]
        t["onnx_encode"], vectors["onnx"] = timed(onnx_encode)
        t["onnx"] = timed(lambda: ingest(s_onnx, onnx_embedder))[0]
        if with_peer:
            t["starter"] = timed(starter)[0]
        b.say(f"round {k + 1}: " + ", ".join(f"{name} {v:.1f} s" for name, v in t.items()))
        return t

    pairs = [("onnx", "st"), ("torch", "st"), ("onnx", "onnx_encode")]
    pairs += [("onnx", "starter"), ("torch", "starter")] if with_peer else []
    b.say("interleaved rounds: SentenceTransformer.encode, ingest (torch), onnx encoder, ingest (onnx)…")
    series = interleave(one_round, b.args.rounds, pairs, b.args.more, b.say)
    b.state["ingest_series"] = series
    b.state["worst_cosine"] = float(np.min(np.sum(vectors["onnx"] * vectors["st"], axis=1)))
    b.details["ingest"] = {
        "chunks": len(texts),
        "bytes": size,
        "seconds": {k: s.values for k, s in series.items()},
    }
    return series


# --- 1. ingest vs the encoder's limit -------------------------------------------------------------------


def bench_ingest(b: Bench) -> None:
    series = ingest_rounds(b)
    chunks = len(b.state["texts"])
    st, torch_, onnx = series["st"], series["torch"], series["onnx"]
    st.name, torch_.name, onnx.name, series["onnx_encode"].name = "encode", "torch", "onnx", "encoder"
    b.add_ratio("ingest", "full ingest (onnx) ÷ SentenceTransformer.encode", ratio(onnx, st), "x", 1.25)
    b.add_ratio("ingest", "full ingest (torch) ÷ SentenceTransformer.encode", ratio(torch_, st), "x", 1.25)
    b.add_ratio(
        "ingest",
        "full ingest (onnx) ÷ its own encoder alone",
        ratio(onnx, series["onnx_encode"]),
        floor=True,
    )
    b.add_series(
        "ingest", "encoder throughput, SentenceTransformer.encode", st.map(lambda t: chunks / t), "chunks/s"
    )
    b.add_series(
        "ingest",
        "encoder throughput, onnxruntime",
        series["onnx_encode"].map(lambda t: chunks / t),
        "chunks/s",
    )
    b.add(
        "ingest",
        "onnx vs sentence-transformers vectors, worst cosine",
        b.state["worst_cosine"],
        "cos",
        0.9999,
        at_least=True,
    )


# --- 2. ingest vs a peer --------------------------------------------------------------------------------


def bench_peer(b: Bench) -> None:
    from llama_index.core import SimpleDirectoryReader
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode

    series = ingest_rounds(b)
    corpus_dir = settings_for(b, "onnx").corpus_dir
    megabytes = b.state["corpus_bytes"] / 1e6
    nodes = SentenceSplitter().get_nodes_from_documents(SimpleDirectoryReader(str(corpus_dir)).load_data())
    peer_tokens = embedded_tokens([n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes])
    our_tokens = embedded_tokens(b.state["texts"])
    starter, onnx, torch_ = series["starter"], series["onnx"], series["torch"]
    starter.name = "starter"
    b.details["peer"] = {
        "seconds": starter.values,
        "peer_chunks": len(nodes),
        "peer_tokens": peer_tokens,
        "our_chunks": len(b.state["texts"]),
        "our_tokens": our_tokens,
    }
    note = (
        f"the starter embeds {peer_tokens:,} tokens ({len(nodes)} chunks of up to 1,024 tokens, each cut to the "
        f"model's 256), ours {our_tokens:,} ({len(b.state['texts'])} chunks that fit the window)"
    )
    per_mb = lambda t: t / megabytes  # noqa: E731
    b.add_series("peer", "LlamaIndex starter pipeline, seconds per MB", starter.map(per_mb), "s/MB")
    b.add_series("peer", "ours (onnx), seconds per MB", onnx.map(per_mb), "s/MB")
    b.add_series("peer", "ours (torch), seconds per MB", torch_.map(per_mb), "s/MB")
    b.add_ratio("peer", "ours (onnx) ÷ starter, seconds per MB", ratio(onnx, starter), "x", 1.0, note=note)
    b.add_ratio("peer", "ours (torch) ÷ starter, seconds per MB", ratio(torch_, starter), "x", 1.0)
    b.add_series(
        "peer",
        "LlamaIndex starter pipeline, embedded tokens per second",
        starter.map(lambda t: peer_tokens / t),
        "tok/s",
    )
    b.add_series(
        "peer",
        "ours (torch, the same encoder), embedded tokens per second",
        torch_.map(lambda t: our_tokens / t),
        "tok/s",
    )
    b.add_series(
        "peer", "ours (onnx), embedded tokens per second", onnx.map(lambda t: our_tokens / t), "tok/s"
    )


def embedded_tokens(texts: list[str]) -> int:
    """Tokens the encoder reads for these texts: special tokens included, each text cut at 256."""
    from tokenizers import Tokenizer

    from rag.embeddings import max_seq_length, model_path

    folder = model_path(Settings().embed_model)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_seq_length(folder))
    tokenizer.no_padding()
    return sum(len(e.ids) for e in tokenizer.encode_batch(texts))


# --- 3. refresh -----------------------------------------------------------------------------------------


def bench_refresh(b: Bench) -> None:
    """Interleaved rounds of: one document changed and refreshed, a no-op `rag ingest` as a fresh process,
    and the reference, a full ingest of the same corpus into a fresh index."""
    from rag.ingest import refresh

    settings = built_index(b)
    full_settings = settings_for(b, "refresh-full")
    embedder = embedders(b)[1]
    rag_bin = str(Path(sys.executable).parent / "rag")
    docs = sorted(settings.corpus_dir.glob("*.md"), key=lambda p: p.stat().st_size)
    changed = docs[len(docs) // 2]  # a median-sized document
    refresh(settings, embedder=embedder)  # settle, untimed
    runs: list[dict[str, Any]] = []

    def one_round(k: int) -> dict[str, float]:
        with changed.open("a", encoding="utf-8") as fh:
            fh.write(f"\n\nA paragraph added by the benchmark, round {k + 1}, to change this document.\n")
        t_changed, report = timed(lambda: refresh(settings, embedder=embedder))
        share = report.chunks_written / report.chunks_total
        done = run_measured([rag_bin, "ingest", "--json"], child_env(settings), 300)
        if done["code"] != 0:
            raise RuntimeError(f"rag ingest failed: {done['stderr']}")
        noop = json.loads(done["stdout"])
        if noop["added"] or noop["updated"] or noop["removed"]:
            raise RuntimeError(f"the no-op refresh changed something: {noop}")
        shutil.rmtree(full_settings.index_dir, ignore_errors=True)
        t_full = timed(lambda: refresh(full_settings, embedder=embedder))[0]
        runs.append({"written": report.chunks_written, "total": report.chunks_total})
        b.say(
            f"round {k + 1}: one changed {t_changed:.2f} s ({report.chunks_written} of {report.chunks_total} "
            f"chunks), no-op {noop['seconds']:.2f} s (process {done['seconds']:.2f} s), full ingest {t_full:.1f} s"
        )
        return {
            "changed": t_changed,
            "full_share": t_full * share,
            "full": t_full,
            "noop": noop["seconds"],
            "noop_process": done["seconds"],
        }

    series = interleave(one_round, b.args.rounds, [("changed", "full_share")], b.args.more, b.say)
    series["changed"].name, series["full_share"].name = "refresh", "full ingest × share"
    series["noop"].name, series["full"].name = "no-op", "full ingest"
    b.details["refresh"] = {
        "document": changed.name,
        "runs": runs,
        **{k: s.values for k, s in series.items()},
    }
    b.add_series("refresh", "no-op `rag ingest`: work (report's seconds)", series["noop"], "s", 1.0)
    b.add_ratio(
        "refresh",
        "no-op `rag ingest`: work ÷ full ingest",
        ratio(series["noop"], series["full"]),
        "share",
        2.0,
    )
    b.add_series(
        "refresh", "no-op `rag ingest`: whole process, start-up included", series["noop_process"], "s"
    )
    written, total = runs[-1]["written"], runs[-1]["total"]
    b.add_series(
        "refresh", f"one changed document: seconds ({written} of {total} chunks)", series["changed"], "s"
    )
    b.add_ratio(
        "refresh",
        "one changed document ÷ (full ingest × its share of chunks)",
        ratio(series["changed"], series["full_share"]),
        "x",
        1.3,
        note="fixed costs: copy of the previous version's Chroma folder, BM25 rebuilt over all chunks",
    )


# --- 4. generation --------------------------------------------------------------------------------------


def bench_generation(b: Bench) -> None:
    """The whole answer path worded by the embedded model (`answer_with_model="always"`) against llama.cpp
    alone on the same messages: per round, each question through both, back to back, cache reset."""
    from rag.answer import Assistant, build_messages
    from rag.llm import embedded

    settings = settings_for(b, "onnx", answer_with_model="always")
    built_index(b)
    assistant = Assistant(settings, embedder=embedders(b)[1])
    model = embedded(settings)
    llm = model._llm
    b.say("warming up the embedded model…")
    messages: dict[str, list[dict[str, str]]] = {}
    questions = QUESTIONS[: b.args.generation_questions]
    for q in questions:
        answer = assistant.ask(q, backend="embedded")
        b.say(f"  {q[:50]!r}: {answer.timings['total_s']:.1f} s")
        passages = assistant.retriever.retrieve(answer.standalone, settings.top_k)
        messages[q] = build_messages(answer.standalone, passages, model, settings)[0]

    def alone(messages: list[dict[str, str]]) -> tuple[float, float, int, str]:
        llm.reset()
        t0 = time.perf_counter()
        first, tokens, parts = 0.0, 0, []
        for chunk in llm.create_chat_completion(
            messages=messages,  # type: ignore[arg-type]
            max_tokens=settings.max_answer_tokens,
            temperature=settings.temperature,
            seed=settings.seed,
            stream=True,
        ):
            text = chunk["choices"][0]["delta"].get("content")  # type: ignore[index,union-attr]
            if text:
                first = first or time.perf_counter() - t0
                tokens += 1
                parts.append(text)
        return time.perf_counter() - t0, first, tokens, "".join(parts)

    same: list[bool] = []

    def one_round(k: int) -> dict[str, float]:
        t = {"ours": 0.0, "alone": 0.0, "tokens": 0.0}
        firsts: dict[str, list[float]] = {"ours": [], "alone": []}
        for q in questions:
            llm.reset()  # type: ignore[no-untyped-call]  # neither side reuses the other's prompt cache
            answer = assistant.ask(q, backend="embedded")
            ref = alone(messages[q])
            t["ours"] += answer.timings["total_s"]
            t["alone"] += ref[0]
            t["tokens"] += ref[2]
            firsts["ours"].append(answer.timings.get("first_token_s", answer.timings["total_s"]))
            firsts["alone"].append(ref[1])
            same.append(answer.draft == ref[3])
        b.say(f"round {k + 1}: Assistant.ask {t['ours']:.1f} s, llama.cpp alone {t['alone']:.1f} s")
        return {
            **t,
            "ours_first": percentile(firsts["ours"], 50),
            "alone_first": percentile(firsts["alone"], 50),
        }

    pairs = [("ours", "alone"), ("ours_first", "alone_first")]
    series = interleave(one_round, b.args.rounds, pairs, b.args.more, b.say)
    series["ours"].name, series["alone"].name = "Assistant.ask", "llama.cpp alone"
    tokens = series["tokens"].values
    b.details["generation"] = {k: s.values for k, s in series.items()} | {"same_draft": same}
    b.add_series(
        "generation",
        "llama.cpp alone, tokens/s",
        Series("tok/s", [n / s for n, s in zip(tokens, series["alone"].values, strict=True)]),
        "tok/s",
    )
    b.add_series(
        "generation",
        "whole answer path (Assistant.ask), tokens/s",
        Series("tok/s", [n / s for n, s in zip(tokens, series["ours"].values, strict=True)]),
        "tok/s",
    )
    b.add_ratio(
        "generation",
        "answer-path overhead over llama.cpp alone",
        ratio(series["ours"], series["alone"]),
        "overhead",
        10.0,
        note=f"same draft as llama.cpp alone in {sum(same)} of {len(same)} answers",
        floor=True,
    )
    b.add_series("generation", "time to first token, llama.cpp alone (median)", series["alone_first"], "s")
    b.add_series(
        "generation",
        "warm time to first token, Assistant.ask with the model (median)",
        series["ours_first"],
        "s",
        1.5,
    )


# --- 5. cold start and memory ---------------------------------------------------------------------------

PAGE_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at.run()
at.chat_input[0].set_value(sys.argv[2]).run()
replies = [m for m in at.chat_message if m.name == "assistant"]
text = "\\n".join(md.value for md in replies[-1].markdown) if replies else ""
print(json.dumps({"ok": not at.exception, "cited": "[1]" in text, "seconds": time.perf_counter() - t0}))
"""


def bench_startup(b: Bench) -> None:
    """Fresh processes, interleaved in each round: `rag status` (the reference: start-up alone), then
    `rag ask` with the embedded backend answered from spans (the target), worded by the embedded model,
    and from spans with the torch embedder (before the ONNX one)."""
    settings = built_index(b)
    embedders(b)  # the ONNX file is exported before the fresh processes need it
    rag_bin = str(Path(sys.executable).parent / "rag")
    envs = {
        "spans": child_env(settings),
        "model": child_env(settings, RAG_ANSWER_WITH_MODEL="always"),
        "torch": child_env(settings, RAG_EMBED_BACKEND="torch"),
    }
    question = QUESTIONS[0]
    rss: dict[str, list[float]] = {k: [] for k in envs}

    def ask(label: str) -> dict[str, Any]:
        done = run_measured([rag_bin, "ask", question, "--json", "--backend", "embedded"], envs[label], 600)
        if done["code"] != 0:
            raise RuntimeError(f"rag ask ({label}) failed: {done['stderr']}")
        answer = json.loads(done["stdout"])
        if not answer["citations"]:
            raise RuntimeError(f"rag ask ({label}) gave no citations: {answer}")
        rss[label].append(done["rss_mib"])
        done["generate_s"] = answer["timings"].get("generate_s", 0.0)
        return done

    def one_round(k: int) -> dict[str, float]:
        status = run_measured([rag_bin, "status", "--json"], envs["spans"], 60)
        if status["code"] != 0:
            raise RuntimeError(f"rag status failed: {status['stderr']}")
        t = {"status": status["seconds"]}
        for label in envs:
            if label == "model" and k > 0:
                continue  # a minute or more on a busy machine, and context only: measured in round 1
            done = ask(label)
            t[label] = done["seconds"]
            if label == "model":
                t["model_less_generate"] = done["seconds"] - done["generate_s"]
        b.say(f"round {k + 1}: " + ", ".join(f"{name} {v:.2f} s" for name, v in t.items()))
        return t

    b.say("interleaved fresh processes: `rag status`, `rag ask` (spans, onnx), (model), (spans, torch)…")
    series = interleave(one_round, b.args.rounds, [("spans", "status")], b.args.more, b.say)
    series["status"].name, series["spans"].name = "`rag status`", "`rag ask`"
    b.say("the page: `app.py` under Streamlit's AppTest with one question, as a fresh process…")
    page = run_measured(
        [sys.executable, "-c", PAGE_SCRIPT, str(ROOT / "app.py"), question], envs["spans"], 900
    )
    page_out = json.loads(page["stdout"].strip().splitlines()[-1]) if page["code"] == 0 else {}
    b.details["startup"] = {
        **{k: s.values for k, s in series.items()},
        "rss_mib": rss,
        "page": {"seconds": page["seconds"], "rss_mib": page["rss_mib"], **page_out},
    }
    b.add_series("startup", "`rag status`, fresh process", series["status"], "s", 1.5)
    b.add_series(
        "startup",
        "cold `rag ask`, embedded backend, answer from spans",
        series["spans"],
        "s",
        3.0,
        note="fresh process: imports, ONNX embedder, index, retrieval, composing from spans; no model load",
    )
    b.add_ratio("startup", "cold `rag ask` (spans) ÷ `rag status`", ratio(series["spans"], series["status"]))
    b.add_series(
        "startup", "cold `rag ask`, worded by the embedded model (round 1 only)", series["model"], "s"
    )
    note = "everything but answering: imports, embedder, index, model load, question embedding, retrieval"
    b.add_series(
        "startup",
        "  of which before generating (less generate_s)",
        series["model_less_generate"],
        "s",
        note=note,
    )
    b.add_series("startup", "cold `rag ask` from spans, torch embedder (before)", series["torch"], "s")
    b.add("startup", "`rag ask` peak RSS, onnx, spans (median)", percentile(rss["spans"], 50), "MiB", 1536)
    b.add(
        "startup",
        "`rag ask` peak RSS, onnx, with the model (median)",
        percentile(rss["model"], 50),
        "MiB",
        1536,
    )
    b.add("startup", "`rag ask` peak RSS, torch (before, median)", percentile(rss["torch"], 50), "MiB", 1536)
    if page["code"] != 0 or not page_out.get("ok"):
        b.say(f"  the page run failed: {page['stderr'][-500:]}")
    b.add(
        "startup",
        "page process (AppTest + one question) peak RSS",
        page["rss_mib"],
        "MiB",
        1536,
        note=f"{page['seconds']:.1f} s; answer cited: {page_out.get('cited')}",
    )


# --- 6. retrieval at scale ------------------------------------------------------------------------------


def vocabulary() -> list[str]:
    words: dict[str, None] = {}
    for source in sorted((ROOT / "corpus").glob("*.md")):
        for w in re.findall(r"[a-z]{3,}", source.read_text(encoding="utf-8").lower()):
            words.setdefault(w)
    return list(words)


def build_synthetic(b: Bench, n: int, seed: int = 7) -> Settings:
    """A committed index version of `n` synthetic chunks: seeded random words, random unit vectors."""
    import numpy as np

    from rag import store
    from rag.chunking import Chunk
    from rag.ingest import to_node
    from rag.retrieve import build_bm25

    settings = settings_for(b, f"synthetic-{n}")
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    weights = 1.0 / np.arange(1, len(vocab) + 1)  # Zipf-like word frequencies
    weights /= weights.sum()
    version = store.start_version(settings, settings.index_dir, None)
    vector_store = store.open_vector_store(settings, settings.index_dir, version, create=True)
    documents: dict[str, store.DocEntry] = {}
    per_doc, batch = 25, 5000
    t_write = 0.0
    for offset in range(0, n, batch):
        count = min(batch, n - offset)
        vectors = rng.standard_normal((count, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        lengths = rng.integers(80, 140, size=count)
        picks = rng.choice(len(vocab), size=int(lengths.sum()), p=weights)
        nodes, pos = [], 0
        for i in range(count):
            k = offset + i
            text = " ".join(vocab[j] for j in picks[pos : pos + lengths[i]]).capitalize() + "."
            pos += lengths[i]
            doc_id = f"synthetic/doc-{k // per_doc:05d}.md"
            chunk = Chunk(
                f"{doc_id}#{k}", doc_id, f"Document {k // per_doc}", "Part", text, 0, len(text), 1, 1
            )
            node = to_node(chunk)
            node.embedding = vectors[i].tolist()
            nodes.append(node)
            documents.setdefault(doc_id, store.DocEntry("0" * 64, chunk.title, "markdown", []))
            documents[doc_id].chunk_ids.append(chunk.id)
        t_write += timed(lambda nodes=nodes: vector_store.add(nodes))[0]
        if (offset + count) % 25_000 == 0 or offset + count == n:
            b.say(f"  {offset + count:,} of {n:,} chunks written ({t_write:.0f} s in Chroma)")
    b.say("  indexing words (BM25)…")
    t_bm25 = timed(lambda: build_bm25(settings, settings.index_dir, version, vector_store))[0]
    b.say(f"  BM25 built in {t_bm25:.0f} s")
    manifest = store.Manifest(
        version=version,
        embed_model=settings.embed_model,
        dim=384,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        created=time.time(),
        documents=documents,
    )
    store.commit_version(settings.index_dir, manifest)
    return settings


def latencies(settings: Settings, embedder: Any, queries: list[tuple[str, list[float]]]) -> dict[str, float]:
    """p50/p95 of `Retriever.retrieve` with precomputed query vectors, then each part alone on the same
    queries: the dense retriever (Chroma's HNSW query + conversion to nodes), Chroma's query alone, BM25."""
    from llama_index.core.schema import QueryBundle

    from rag.retrieve import Retriever

    t_open, retriever = timed(lambda: Retriever(settings, embedder))
    for q, e in queries[:10]:  # warm-up
        retriever.retrieve(q, settings.top_k, embedding=e)
    measured = queries[10:]
    whole = [
        1000 * timed(lambda q=q, e=e: retriever.retrieve(q, settings.top_k, embedding=e))[0]
        for q, e in measured
    ]
    bundles = [QueryBundle(query_str=q, embedding=e) for q, e in measured]
    dense = [1000 * timed(lambda x=x: retriever._dense.retrieve(x))[0] for x in bundles]
    bm25 = retriever._bm25
    lexical = [1000 * timed(lambda x=x: bm25.retrieve(x))[0] for x in bundles] if bm25 is not None else [0.0]
    collection = retriever._dense._vector_store._collection
    include = ["documents", "metadatas", "distances"]
    chroma = [
        1000
        * timed(
            lambda e=e: collection.query(
                query_embeddings=[e], n_results=settings.candidate_k, include=include
            )
        )[0]
        for _, e in measured
    ]
    return {
        "p50_ms": percentile(whole, 50),
        "p95_ms": percentile(whole, 95),
        "dense_p50_ms": percentile(dense, 50),
        "chroma_query_p50_ms": percentile(chroma, 50),
        "bm25_p50_ms": percentile(lexical, 50),
        "open_s": t_open,
    }


def bench_retrieval(b: Bench) -> None:
    import numpy as np

    embedder = embedders(b)[1]
    vocab = vocabulary()
    rng = np.random.default_rng(11)
    queries = []
    for _ in range(b.args.queries + 10):
        size = int(rng.integers(5, 12))
        words = " ".join(vocab[j] for j in rng.integers(0, min(len(vocab), 600), size=size))
        vector = rng.standard_normal(384).astype(np.float32)
        queries.append((words.capitalize() + "?", (vector / np.linalg.norm(vector)).tolist()))
    figures: dict[int, dict[str, float]] = {}
    for n in b.args.sizes:
        b.say(f"building a synthetic index of {n:,} chunks…")
        t_build, settings = timed(lambda n=n: build_synthetic(b, n))
        figures[n] = f = {**latencies(settings, embedder, queries), "build_s": t_build}
        b.say(
            f"  {n:,}: p50 {f['p50_ms']:.1f} ms, p95 {f['p95_ms']:.1f} ms (dense {f['dense_p50_ms']:.1f}, "
            f"of which Chroma {f['chroma_query_p50_ms']:.1f}; BM25 {f['bm25_p50_ms']:.1f}); "
            f"built in {t_build:.0f} s, opened in {f['open_s']:.1f} s"
        )
        shutil.rmtree(settings.index_dir, ignore_errors=True)
    b.details["retrieval"] = {str(k): v for k, v in figures.items()}
    largest = max(figures)
    for n, f in figures.items():
        limits = (50.0, 100.0) if n == largest else (None, None)
        b.add("retrieval", f"hybrid retrieval p50 at {n:,} chunks", f["p50_ms"], "ms", limits[0])
        b.add("retrieval", f"hybrid retrieval p95 at {n:,} chunks", f["p95_ms"], "ms", limits[1])
    f = figures[largest]
    b.add("retrieval", f"  of which dense (Chroma + nodes) p50 at {largest:,}", f["dense_p50_ms"], "ms")
    b.add("retrieval", f"  of which Chroma query alone p50 at {largest:,}", f["chroma_query_p50_ms"], "ms")
    b.add("retrieval", f"  of which BM25 p50 at {largest:,}", f["bm25_p50_ms"], "ms")
    b.add("retrieval", f"opening the retriever at {largest:,} chunks", f["open_s"], "s")


CLAIMS = (
    "Falcon was developed by Meta.",
    "Llama 2 is fully open source.",
    "GPT-4 can be downloaded and modified by its users.",
    "Open-source models generally cost less than proprietary ones.",
    "TII, based in Abu Dhabi, built the Falcon series.",
    "Closed-source models come with professional support.",
)


def bench_answers(b: Bench) -> None:
    """Warm answers composed from the spans (no model) and warm `rag verify`, in one long-lived process
    as the page keeps one: each question and claim once to warm up, then measured, interleaved."""
    from rag.answer import Assistant

    assistant = Assistant(built_index(b), embedders(b)[1])
    questions = [*QUESTIONS, "Is LLaMA open source?", "Who makes Claude, and what does it emphasize?"]
    for q in questions:
        assistant.ask(q)
    for c in CLAIMS:
        assistant.verify(c)
    answers: list[float] = []
    checks: list[float] = []
    for _ in range(b.args.rounds):
        for q, c in zip(questions, CLAIMS * 2, strict=False):
            answers.append(assistant.ask(q).timings["total_s"])
            checks.append(assistant.verify(c).seconds)
    b.add("answers", "warm answer from spans, p50", percentile(answers, 50), "s", 1.0)
    b.add("answers", "warm answer from spans, p95", percentile(answers, 95), "s")
    b.add("answers", "warm `rag verify`, p50", percentile(checks, 50) * 1000, "ms", 150.0)
    b.add("answers", "warm `rag verify`, p95", percentile(checks, 95) * 1000, "ms")


# --- 8. ten people at once ------------------------------------------------------------------------------


def bench_crowd(b: Bench) -> None:
    """The page under `streamlit run`, ten Chromium sessions asking ten questions at the same moment (the
    browser test's own driver): each answer's time from Enter to its cited sources on screen. Each round
    asks one session alone (the reference), then ten at once."""
    import asyncio

    from tests.test_browser import CHROMIUM
    from tests.test_browser_crowd import CROWD, ask_together, serve_page

    if not CHROMIUM.exists():
        b.say(f"  {CHROMIUM} is missing (`make browser`): no crowd figures")
        return
    settings = built_index(b)
    embedders(b)  # the ONNX file is exported before the page needs it
    crowds: list[list[Any]] = []
    with serve_page(settings.corpus_dir, settings.index_dir, RAG_EMBED_BACKEND=settings.embed_backend) as url:
        b.say("one session alone to load the models (untimed)…")
        asyncio.run(ask_together(url, CROWD[-1:]))

        def one_round(k: int) -> dict[str, float]:
            alone = asyncio.run(ask_together(url, CROWD[:1]))[0]
            crowd = asyncio.run(ask_together(url, CROWD))
            crowds.append(crowd)
            seconds = [a.seconds for a in crowd]
            b.say(
                f"round {k + 1}: alone {alone.seconds:.2f} s; ten at once p95 {percentile(seconds, 95):.2f} s"
            )
            return {
                "alone": alone.seconds,
                "p50": percentile(seconds, 50),
                "p95": percentile(seconds, 95),
            }

        series = interleave(one_round, b.args.crowd_rounds, [("p95", "alone")], 0, b.say)
    everyone = [a for crowd in crowds for a in crowd]
    cited = sum(a.sources >= 1 and "[1]" in a.reply and not a.errors for a in everyone)
    told = sum(bool(a.places) for a in everyone)
    series["alone"].name, series["p95"].name = "one alone", "ten at once p95"
    b.details["crowd"] = {
        **{k: s.values for k, s in series.items()},
        "places": [[a.places for a in crowd] for crowd in crowds],
    }
    b.add_series("crowd", "one session alone: Enter to cited answer on screen", series["alone"], "s")
    b.add_series("crowd", "ten sessions at once: answer time p50", series["p50"], "s")
    b.add_series("crowd", "ten sessions at once: answer time p95", series["p95"], "s")
    note = "answers take turns on one engine: the tenth waits for nine, so 10× is the bound"
    b.add_ratio(
        "crowd", "ten at once, p95 ÷ one alone", ratio(series["p95"], series["alone"]), "x", 10.0, note=note
    )
    b.add(
        "crowd",
        "sessions with a cited answer and no error",
        100 * cited / len(everyone),
        "%",
        100,
        at_least=True,
    )
    note = "all but the first to reach the engine wait: each is told how many questions are ahead of it"
    share = 100 * told / (len(everyone) - len(crowds))
    b.add("crowd", "waiting sessions shown their place", share, "%", 100, at_least=True, note=note)


# --- 9. the eval suite ----------------------------------------------------------------------------------


def bench_eval(b: Bench) -> None:
    """`rag eval --no-floors` on the golden set, as a fresh process with the default settings (its own
    indexes, in its own temporary folder): the wall time people wait after a change."""
    rag_bin = str(Path(sys.executable).parent / "rag")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(OLLAMA_HOST=CLOSED, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    out = b.work / "eval"
    cmd = [rag_bin, "eval", "--out", str(out), "--no-floors"]
    if b.args.quick:
        cmd += ["--per-type", "2"]
    b.say(
        f"`{' '.join(cmd[1:3])} … --no-floors`{' (2 per type)' if b.args.quick else ''} as a fresh process…"
    )
    done = run_measured(cmd, env, 1800)
    if done["code"] != 0:
        raise RuntimeError(f"rag eval failed ({done['code']}): {done['stderr'][-1000:]}")
    try:
        results = json.loads((out / "latest.json").read_text(encoding="utf-8"))
        items = len(results["records"])
        extra = sum(len(v["records"]) for v in results.values() if isinstance(v, dict) and "records" in v)
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        items, extra = 0, 0
    b.details["eval"] = {
        "seconds": done["seconds"],
        "rss_mib": done["rss_mib"],
        "items": items,
        "extra": extra,
    }
    what = f"{items} golden questions and {extra} conversation and claim items" if items else "the golden set"
    label = "`rag eval` wall time" + (" (quick: 2 per type)" if b.args.quick else "")
    b.add("eval", label, done["seconds"], "s", 300.0, note=f"{what}, indexes built included; one run")
    if items:
        b.add("eval", "`rag eval` seconds per question", done["seconds"] / items, "s")


# --- the report -----------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as fh:
        mem_kib = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "ram_gib": round(mem_kib / 2**20, 1),
        "python": sys.version.split()[0],
        "load_average": os.getloadavg(),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in (
        "torch",
        "sentence-transformers",
        "onnxruntime",
        "chromadb",
        "llama-index-core",
        "llama_cpp_python",
        "bm25s",
    ):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def table(b: Bench, info: dict[str, Any]) -> str:
    m = info["machine"]
    failed = b.details.get("failed", {})
    lines = [
        f"Measured {info['date']} by `make bench` in {info['duration_s'] / 60:.1f} min on {m['nproc']} cores "
        f"({m['cpu']}), {m['ram_gib']} GiB RAM; load average {m['load_average'][0]:.1f} at the start and "
        f"{info['load_average_end'][0]:.1f} at the end (the machine is shared: compare ratios, not seconds).",
        "",
        "Each pair is measured interleaved (A, B, A, B, …; 5 rounds or more): a value is the median over the "
        "rounds, with the spread (p25–p75) in brackets; a ratio is the median of the per-round ratios, and "
        "reads *within noise* when A's and B's spreads overlap (NOISE: the target can be neither met nor "
        "missed at that noise).",
        "",
        *([f"Sections {info['rerun']}.", ""] if info.get("rerun") else []),
        *(
            [f"Failed in this run: {', '.join(failed)} (see `bench/results/latest.json`).", ""]
            if failed
            else []
        ),
        "| Section | Measure | Value | Target | |",
        "|---|---|---:|---|---|",
    ]
    for r in b.rows:
        metric = r.metric.strip().replace("|", "\\|")
        note = f"<br><sub>{r.note}</sub>" if r.note else ""
        lines.append(f"| {r.section} | {metric}{note} | {r.shown()} | {r.target} | {r.verdict()} |")
    return "\n".join(lines)


def keep_previous(b: Bench, info: dict[str, Any], chosen: list[str]) -> None:
    """A run of some sections (`--only`) keeps the other sections' rows from the last report, in order."""
    try:
        previous = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return
    rows = [Row(**r) for r in previous.get("rows", []) if r["section"] not in chosen] + b.rows
    b.rows = sorted(rows, key=lambda r: SECTIONS.index(r.section))  # stable: order within a section kept
    b.details = {**previous.get("details", {}), **b.details}
    info["rerun"] = f"{', '.join(chosen)} re-measured {info['date']}; the rest from {previous.get('date')}"
    info["date"], info["duration_s"] = previous.get("date", info["date"]), previous.get("duration_s", 0.0)


def write_report(b: Bench, info: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {**info, "rows": [asdict(r) for r in b.rows], "details": b.details}
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=1, default=str) + "\n", encoding="utf-8")
    block = f"{START}\n{table(b, info)}\n{END}"
    # BENCHMARKS.md holds the table (made if missing); the README's performance section shows the same one.
    for path in (REPORT, README):
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
        if START in text and END in text:
            text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
        elif path == REPORT:
            text = text.rstrip() + "\n\n## Performance\n\n" + block + "\n"
        else:
            continue
        path.write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and one round: a try-out")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the report files alone")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    parser.add_argument("--sizes", help="retrieval index sizes, comma-separated (default 1000,10000,100000)")
    args = parser.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")  # bm25s draws progress bars; the bench prints its own
    args.copies = 3
    args.rounds = 2 if args.quick else 5  # interleaved rounds of every pair (at least 5 in a full run)
    args.more = 0 if args.quick else 3  # extra rounds for a pair whose spreads still overlap
    args.crowd_rounds = 1 if args.quick else 5
    args.generation_questions = 1 if args.quick else 2  # each round asks them through both paths
    sizes = args.sizes or ("1000,10000" if args.quick else "1000,10000,100000")
    args.sizes = [int(n) for n in sizes.split(",")]
    args.queries = 50 if args.quick else 200
    chosen = [s for s in args.only.split(",") if s]
    args.chosen = chosen
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    info: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": machine(),
        "versions": versions(),
        "quick": args.quick,
    }
    m = info["machine"]
    print(f"bench on {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB; load {m['load_average'][0]:.1f}")
    work = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    b = Bench(work, args)
    runners = {
        "ingest": bench_ingest,
        "peer": bench_peer,
        "refresh": bench_refresh,
        "generation": bench_generation,
        "startup": bench_startup,
        "retrieval": bench_retrieval,
        "answers": bench_answers,
        "crowd": bench_crowd,
        "eval": bench_eval,
    }
    try:
        for i, name in enumerate(s for s in SECTIONS if s in chosen):
            b.say(f"== {i + 1}/{len(chosen)} {name}")
            try:
                runners[name](b)
            except Exception as exc:  # one broken section costs its own figures, not the whole run
                traceback.print_exc()
                b.say(f"  the {name} section failed: {exc!r}")
                b.details.setdefault("failed", {})[name] = repr(exc)[:500]
    finally:
        info["duration_s"] = time.perf_counter() - b.started
        info["load_average_end"] = os.getloadavg()
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    missed = [r for r in b.rows if r.passed is False]
    print(
        f"\n{len(b.rows)} figures, {sum(r.passed is True for r in b.rows)} targets met, {len(missed)} missed"
    )
    for r in missed:
        print(f"  MISS {r.section}: {r.metric.strip()} = {r.shown()} (target {r.target})")
    if not args.no_write:
        if set(chosen) != set(SECTIONS):
            keep_previous(b, info, chosen)
        write_report(b, info)
        print(f"wrote {RESULTS / 'latest.json'} and the table in {REPORT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
