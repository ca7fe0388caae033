"""Indexes: the corpus (+ the planted documents) → temporary indexes and assistants the eval answers with.

Answers come from temporary indexes built in a temp folder, never from the user's index: a clean one of
the corpus for the fact, multi and unanswerable questions, and one of the corpus plus the planted
documents of `evals/adversarial/` for the injection questions. The embedding model is loaded once and
shared. The one decision this module owns: what a citation's offsets are checked against — the source's
text as the pipeline indexes it (`source_reader`), and nothing outside the corpus folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from rag.config import Settings

if TYPE_CHECKING:
    from rag.answer import Assistant

TEXT_SUFFIXES = {".md", ".markdown", ".txt"}


@dataclass(frozen=True)
class BuiltIndex:
    """What one temporary index holds, as the run manifest records it."""

    documents: int
    chunks: int
    seconds: float
    skipped: list[str] = field(default_factory=list)


def source_reader(corpus_dir: Path) -> Callable[[str], str | None]:
    """doc id → the document's text as citations index it (a text file's own decoded characters), cached."""
    from rag import corpus

    root = corpus_dir.resolve()
    cache: dict[str, str | None] = {}

    def read(doc_id: str) -> str | None:
        if doc_id not in cache:
            path = (root / doc_id).resolve()
            text: str | None = None
            if path.is_relative_to(root) and path.is_file():
                if path.suffix.lower() in TEXT_SUFFIXES:
                    text = path.read_bytes().decode("utf-8-sig")
                else:  # html and pdf: the text the pipeline extracts is what offsets point into
                    text = corpus.read(corpus.SourceFile(doc_id, path, "", path.stat().st_size)).text
            cache[doc_id] = text
        return cache[doc_id]

    return read


def prepare(corpus_dir: Path, planted: list[Path], target: Path) -> None:
    """A copy of the corpus folder (hidden files left out), with the planted documents beside its files."""
    shutil.copytree(corpus_dir, target, ignore=shutil.ignore_patterns(".*"))
    for path in planted:
        if (target / path.name).exists():
            raise ValueError(f"{path.name} is both a corpus and a planted document")
        shutil.copy2(path, target / path.name)


def build_indexes(
    settings: Settings, tmp: Path, names: list[str], planted_files: list[Path], err: Console
) -> tuple[dict[str, Assistant], dict[str, BuiltIndex]]:
    """For each needed index ("clean", "planted"): a corpus copy and an index in `tmp`, and an
    `Assistant` on it; all share one embedding model. Returns the assistants and what each index holds."""
    from rag.answer import Assistant
    from rag.embeddings import load_embedder
    from rag.ingest import refresh

    embedder = load_embedder(settings)
    assistants: dict[str, Assistant] = {}
    indexes: dict[str, BuiltIndex] = {}
    for name in names:
        prepare(settings.corpus_dir, planted_files if name == "planted" else [], tmp / name / "corpus")
        local = settings.model_copy(
            update={
                "corpus_dir": tmp / name / "corpus",
                "index_dir": tmp / name / "index",
                "chroma_host": None,
            }
        )
        with err.status(f"indexing the {name} corpus in {tmp}"):
            built = refresh(local, embedder=embedder)
        indexes[name] = BuiltIndex(
            built.documents_total, built.chunks_total, round(built.seconds, 2), [s.id for s in built.skipped]
        )
        assistants[name] = Assistant(local, embedder=embedder)
    return assistants, indexes
