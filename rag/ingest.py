"""Ingest: the corpus folder → a refreshed index, and a `RefreshReport` of what changed.

Documents are compared with the current version by content hash: added and changed ones are chunked and
embedded, deleted ones leave, unchanged ones cost nothing (an unchanged corpus writes nothing at all).
The one decision this stage owns: what "deleted" means. A file that is still there but fails to parse this
time keeps its previous chunks and is reported; only a file that is gone is removed. Embedding and the
vector-store write go through LlamaIndex's `IngestionPipeline`, batch by batch, so progress can be shown.
A damaged current version (or `rebuild=True`, `rag ingest --rebuild`) is not built upon: the corpus is
embedded from scratch into a new version, committed the same crash-safe way. A write that fails (disk full,
read-only folder, Chroma server gone) removes its half-written version and is one line; CURRENT is untouched.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rag import corpus, grounding, store
from rag.chunking import Chunk, chunk_document
from rag.config import Settings
from rag.errors import IndexDamaged

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import TextNode

Progress = Callable[[str, int, int], None]  # (stage, done, total)
EMBED_BATCH = 256


@dataclass(frozen=True)
class RefreshReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[corpus.Skipped] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # unreadable now, previous chunks kept
    flagged: dict[str, str] = field(default_factory=dict)  # read this run and addressing AI assistants
    chunks_written: int = 0
    chunks_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0
    version: str | None = None
    note: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "unchanged": len(self.unchanged),
            "skipped": [{"source": s.id, "reason": s.reason} for s in self.skipped],
            "chunks_written": self.chunks_written,
            "chunks_total": self.chunks_total,
            "documents_total": self.documents_total,
            "seconds": round(self.seconds, 3),
            "version": self.version,
            "note": self.note,
            "flagged": [{"source": k, "words": v} for k, v in self.flagged.items()],
            "files": {
                "added": self.added,
                "updated": self.updated,
                "removed": self.removed,
                "kept": self.kept,
            },
        }


def refresh(
    settings: Settings,
    embedder: BaseEmbedding | None = None,
    progress: Progress | None = None,
    rebuild: bool = False,
) -> RefreshReport:
    """Bring the index in line with the corpus folder; returns what changed. Holds the writer lock.
    `rebuild`: embed the whole corpus into a new version, ignoring the current one (damaged or not)."""
    started = time.perf_counter()
    index_dir = settings.index_dir
    files, skipped = corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))
    try:
        with store.writer_lock(index_dir):
            return _refresh(settings, files, skipped, embedder, progress, rebuild, started)
    except OSError as exc:  # taking the lock: nothing is written before it
        raise store.write_failure(settings, index_dir, exc) or exc from None


def _refresh(
    settings: Settings,
    files: list[corpus.SourceFile],
    skipped: list[corpus.Skipped],
    embedder: BaseEmbedding | None,
    progress: Progress | None,
    rebuild: bool,
    started: float,
) -> RefreshReport:
    index_dir = settings.index_dir
    store.sweep(settings, index_dir)  # debris of a killed or failed refresh
    base = store.current_version(index_dir)
    old, note = _usable_base(settings, index_dir, base, rebuild)
    if old is None:
        base = None
    old_docs = old.documents if old else {}
    removed, unchanged, todo = _plan(files, skipped, old_docs)
    if old is not None and (todo or removed):
        # About to build on the current version: have Chroma read it first. A refresh with nothing to do
        # writes nothing, so its files' check (`_usable_base`) is enough and it stays cheap.
        try:
            store.open_collection(settings, index_dir, old.version)
        except IndexDamaged as exc:
            old, base, old_docs = None, None, {}
            note = f"the index was damaged ({exc.what}); rebuilt from scratch"
            removed, unchanged, todo = _plan(files, skipped, old_docs)
    if old is not None and old.dim and todo:
        # The same model name can hold another model (a local folder retrained in place): vectors of
        # another dimension cannot join the old ones, so the index is rebuilt rather than broken.
        embedder = embedder or _load_embedder(settings)
        dim = len(embedder.get_text_embedding("dimension check"))
        if dim != old.dim:
            note = (
                f"the embedding model now gives {dim}-dimension vectors, the index holds {old.dim}; "
                "rebuilt from scratch"
            )
            old, base, old_docs = None, None, {}
            removed, unchanged, todo = _plan(files, skipped, old_docs)

    documents: list[corpus.Document] = []
    kept: list[str] = [s.id for s in skipped if s.id in old_docs]
    for i, source in enumerate(todo):
        if progress:
            progress("reading", i, len(todo))
        try:
            documents.append(corpus.read(source, settings.parse_timeout_s, settings.parse_memory_mb))
        except corpus.Unreadable as exc:
            skipped.append(corpus.Skipped(source.id, str(exc)))
            if source.id in old_docs:
                kept.append(source.id)
    added = sorted(d.id for d in documents if d.id not in old_docs)
    updated = sorted(d.id for d in documents if d.id in old_docs)
    skipped.sort(key=lambda s: s.id)

    if not (added or updated or removed or note):
        return RefreshReport(
            unchanged=unchanged,
            skipped=skipped,
            kept=sorted(kept),
            chunks_total=old.chunk_count if old else 0,
            documents_total=len(old_docs),
            seconds=time.perf_counter() - started,
            version=base,
            note=note,
        )

    chunks = _chunk_all(settings, documents, progress)
    flagged = {d.id: words for d in documents if (words := grounding.addressed_to_ai(d.text))}
    entries = {k: v for k, v in old_docs.items() if k not in removed and k not in updated}
    by_doc: dict[str, list[str]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c.id)
    for doc in documents:
        entries[doc.id] = store.DocEntry(
            doc.sha256, doc.title, doc.kind, by_doc.get(doc.id, []), flagged.get(doc.id, "")
        )
    manifest = store.Manifest(
        version=store.new_version_name(),
        embed_model=settings.embed_model,
        dim=old.dim if old else 0,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        created=time.time(),
        documents=dict(sorted(entries.items())),
        previous=base,
        chroma_host=settings.chroma_host,
    )
    try:
        _write_version(settings, manifest, chunks, [*removed, *updated], embedder, progress)
    except Exception as exc:
        full = not settings.chroma_host and store.short_of_space(index_dir, manifest.version)
        _discard(settings, manifest.version)
        failure = store.write_failure(settings, index_dir, exc, short_of_space=full)
        if failure is None or failure is exc:
            raise
        raise failure from None
    store.sweep(settings, index_dir)
    return RefreshReport(
        added=added,
        updated=updated,
        removed=removed,
        unchanged=unchanged,
        skipped=skipped,
        kept=sorted(kept),
        flagged=flagged,
        chunks_written=len(chunks),
        chunks_total=manifest.chunk_count,
        documents_total=len(manifest.documents),
        seconds=time.perf_counter() - started,
        version=manifest.version,
        note=note,
    )


def _write_version(
    settings: Settings,
    manifest: store.Manifest,
    chunks: list[Chunk],
    replaced: list[str],
    embedder: BaseEmbedding | None,
    progress: Progress | None,
) -> None:
    """Build the new version beside the current one (a copy of its base, minus replaced documents, plus
    the new chunks, then BM25), check it, and commit it: the one step readers see."""
    index_dir, version = settings.index_dir, manifest.version
    store.start_version(settings, index_dir, manifest.previous, version)
    vector_store = store.open_vector_store(settings, index_dir, version, create=True)
    for doc_id in replaced:
        vector_store.delete(ref_doc_id=doc_id)
    embedder = embedder or _load_embedder(settings)
    manifest.dim = _embed_and_write(chunks, embedder, vector_store, progress) or manifest.dim
    if progress:
        progress("indexing words", 0, 1)
    from rag.retrieve import build_bm25

    build_bm25(settings, index_dir, version, vector_store)
    _verify(vector_store, manifest)
    store.commit_version(index_dir, manifest)


def _discard(settings: Settings, version: str) -> None:
    """Remove what a failed refresh wrote, unless it became current (a failure after the commit)."""
    if store.current_version(settings.index_dir) == version:
        return
    folder = store.versions_dir(settings.index_dir) / version
    shutil.rmtree(folder, ignore_errors=True)
    if settings.chroma_host:
        try:
            store.chroma_client(settings, folder).delete_collection(store.collection_name(settings, version))
        except Exception:
            # The server may be the thing that failed: an empty folder stays as the mark by which the
            # next sweep finds the collection it left on the server, and deletes it once the server answers.
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)


def _plan(
    files: list[corpus.SourceFile], skipped: list[corpus.Skipped], old_docs: dict[str, store.DocEntry]
) -> tuple[list[str], list[str], list[corpus.SourceFile]]:
    """(removed, unchanged, to read): a document is removed only when its file is gone."""
    present = {f.id for f in files} | {s.id for s in skipped}
    removed = sorted(d for d in old_docs if d not in present)
    unchanged = sorted(f.id for f in files if f.id in old_docs and old_docs[f.id].sha256 == f.sha256)
    todo = [f for f in files if f.id not in old_docs or old_docs[f.id].sha256 != f.sha256]
    return removed, unchanged, todo


def _usable_base(
    settings: Settings, index_dir: Path, base: str | None, rebuild: bool
) -> tuple[store.Manifest | None, str]:
    """The current manifest, if the index was built the way the settings would build it now and is
    whole; else None and why it is rebuilt from scratch."""
    if base is None:
        return None, ""
    if rebuild:
        return None, "rebuilt from scratch, as asked"
    try:
        old = store.load_manifest(index_dir, base)
        same = (
            old.embed_model == settings.embed_model
            and old.chunk_size == settings.chunk_size
            and old.chunk_overlap == settings.chunk_overlap
            and old.chroma_host == settings.chroma_host
        )
        if not same:
            return None, "index settings changed (embedding model or chunking); rebuilt from scratch"
        store.check_files(settings, index_dir, old)  # its files; Chroma reads it before it is built on
    except IndexDamaged as exc:
        return None, f"the index was damaged ({exc.what}); rebuilt from scratch"
    return old, ""


def _chunk_all(
    settings: Settings, documents: list[corpus.Document], progress: Progress | None
) -> list[Chunk]:
    from rag.embeddings import load_tokenizer

    tokenizer = load_tokenizer(settings)
    chunks: list[Chunk] = []
    for i, doc in enumerate(documents):
        if progress:
            progress("chunking", i, len(documents))
        chunks.extend(chunk_document(doc, tokenizer, settings.chunk_size, settings.chunk_overlap))
    return chunks


def _load_embedder(settings: Settings) -> BaseEmbedding:
    from rag.embeddings import load_embedder

    return load_embedder(settings)


def to_node(chunk: Chunk) -> TextNode:
    """A chunk as a LlamaIndex node: title and section are embedded with the text; offsets are not."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    positional = ["doc_id", "start", "end", "line_start", "line_end"]
    return TextNode(
        id_=chunk.id,
        text=chunk.text,
        metadata={
            "doc_id": chunk.doc_id,
            "title": chunk.title,
            "section": chunk.section,
            "start": chunk.start,
            "end": chunk.end,
            "line_start": chunk.line_start,
            "line_end": chunk.line_end,
        },
        excluded_embed_metadata_keys=positional,
        excluded_llm_metadata_keys=[*positional, "title", "section"],
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=chunk.doc_id)},
    )


def _embed_and_write(
    chunks: list[Chunk], embedder: BaseEmbedding, vector_store: object, progress: Progress | None
) -> int:
    """Embed and store in batches through LlamaIndex's IngestionPipeline; returns the vector dimension."""
    from llama_index.core.ingestion import IngestionPipeline

    pipeline = IngestionPipeline(transformations=[embedder], vector_store=vector_store)  # type: ignore[arg-type]
    dim = 0
    for offset in range(0, len(chunks), EMBED_BATCH):
        if progress:
            progress("embedding", offset, len(chunks))
        nodes = pipeline.run(nodes=[to_node(c) for c in chunks[offset : offset + EMBED_BATCH]])
        if nodes and nodes[0].embedding:
            dim = len(nodes[0].embedding)
    if progress:
        progress("embedding", len(chunks), len(chunks))
    return dim


def _verify(vector_store: object, manifest: store.Manifest) -> None:
    """Refuse to switch to a version whose vector count differs from what the manifest says it holds."""
    count = vector_store._collection.count()  # type: ignore[attr-defined]
    if count != manifest.chunk_count:
        raise RuntimeError(
            f"new index version holds {count} vectors, expected {manifest.chunk_count}; previous version kept"
        )
