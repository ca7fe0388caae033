"""Helpers the sections share: settings for a bench index, the bench corpus, the embedders loaded once,
the bench index built once, and the environment of a fresh `rag` process."""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import rag  # noqa: F401  (sets the offline switches before any Hugging Face import)
from bench.context import Context
from rag.config import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

ROOT = Path(__file__).resolve().parents[1]
CLOSED = "http://127.0.0.1:9"  # nothing listens on the discard port: no Ollama is ever reached
QUESTIONS = (
    "Which institute developed the Falcon models?",
    "Which models from Mistral AI are mentioned in the documents?",
    "In simple terms, what are the weights of a language model?",
    "What are the drawbacks of proprietary models for customers?",
)

T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def rag_bin() -> str:
    """The `rag` command of this environment."""
    return str(Path(sys.executable).parent / "rag")


def settings_for(ctx: Context, name: str, **overrides: Any) -> Settings:
    """Settings over the bench corpus and an index of its own (`index-<name>`), never reaching Ollama."""
    values: dict[str, Any] = {
        "corpus_dir": ctx.work / "corpus",
        "index_dir": ctx.work / f"index-{name}",
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


def embedders(ctx: Context) -> tuple[BaseEmbedding, BaseEmbedding]:
    """(torch, onnx) embedders, loaded once for the whole run."""
    if ctx.torch_embedder is None or ctx.onnx_embedder is None:
        from rag.embeddings import load_embedder

        ctx.say("loading the embedders (torch: sentence-transformers; onnx: onnxruntime)…")
        ctx.torch_embedder = load_embedder(settings_for(ctx, "x", embed_backend="torch"))
        ctx.onnx_embedder = load_embedder(settings_for(ctx, "x", embed_backend="onnx"))
        if ctx.onnx_embedder.class_name() != "OnnxEmbedding":
            ctx.say("  the onnx backend is not available here; its figures are torch's")
    return ctx.torch_embedder, ctx.onnx_embedder


def built_index(ctx: Context) -> Settings:
    """The bench corpus indexed with the onnx embedder (built by the ingest section, or here, untimed)."""
    settings = settings_for(ctx, "onnx")
    if not (settings.index_dir / "CURRENT").exists():
        from rag.ingest import refresh

        make_corpus(settings.corpus_dir, ctx.options.copies)
        ctx.say("building the bench index (untimed)…")
        refresh(settings, embedder=embedders(ctx)[1])
    return settings


def child_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a fresh `rag` process on these settings (no `RAG_*` of this one leaks in)."""
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
