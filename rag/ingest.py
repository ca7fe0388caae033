"""Ingest: the corpus folder → a refreshed index, and a `RefreshReport` of what changed.

Documents are compared with the current version by content hash (`rag.plan`): added and changed ones are
read, chunked and embedded, deleted ones leave, unchanged ones cost nothing (an unchanged corpus writes
nothing at all). The new version is written and committed by `rag.build`, crash-safe (`rag.versions`).
The one decision this stage owns: the order of a refresh, under the writer lock — sweep, plan, read, chunk,
flag, write, sweep — and what it reports. A file that fails to parse this time keeps its previous chunks
(`kept`); a document that speaks to AI assistants is flagged (`rag.injection`) so retrieval withholds it.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rag import corpus, versions
from rag.build import discarded_on_failure, to_node, write_version
from rag.chunking import Chunk, chunk_document
from rag.config import Settings
from rag.errors import RagError
from rag.failures import write_failure
from rag.injection import addressed_to_ai
from rag.manifest import DocEntry, Manifest, current_version, load_manifest
from rag.plan import Plan, make_plan
from rag.report import Progress, RefreshReport
from rag.sections import SECTIONING

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

__all__ = ["Progress", "RefreshReport", "refresh", "to_node"]  # the names the page, CLI and bench import


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
    current = None if rebuild else _current(index_dir)  # a rebuild trusts nothing the index says
    known = {k: (v.sha256, v.seen) for k, v in current.documents.items()} if current else {}
    files, skipped = corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20), known)
    try:
        with versions.writer_lock(index_dir):
            if current and current.version != current_version(index_dir):
                current = None  # another refresh committed since: the plan reads the version it made
            return _refresh(settings, files, skipped, embedder, progress, rebuild, started, current)
    except OSError as exc:  # taking the lock: nothing is written before it
        raise write_failure(settings, index_dir, exc) or exc from None


def _current(index_dir: Path) -> Manifest | None:
    """The current version's manifest (None without a usable index: every file is hashed). Read once
    per refresh: at 100k chunks each reading of it takes a tenth of a second or more."""
    try:
        return load_manifest(index_dir)
    except (RagError, OSError):  # no index, or one that cannot be read: the plan says why, under the lock
        return None


def _refresh(
    settings: Settings,
    files: list[corpus.SourceFile],
    skipped: list[corpus.Skipped],
    embedder: BaseEmbedding | None,
    progress: Progress | None,
    rebuild: bool,
    started: float,
    current: Manifest | None,
) -> RefreshReport:
    """The refresh, under the writer lock; `current`: the current version's manifest, as read before
    taking it (None: not read, or no longer current)."""
    # Debris of a killed or failed refresh; the current manifest is not read again.
    versions.sweep(settings, settings.index_dir, [current] if current else [])
    plan, embedder = make_plan(settings, files, skipped, rebuild, embedder, current)
    documents, kept = _read_changed(settings, plan, skipped, progress)
    skipped.sort(key=lambda s: s.id)
    if not (documents or plan.removed or plan.note):
        return _report(plan, skipped, kept, started)
    chunks = _chunk_all(settings, documents, progress)
    flagged = {d.id: words for d in documents if (words := addressed_to_ai(d.text))}
    manifest = _new_manifest(settings, plan, files, documents, chunks, flagged)
    with discarded_on_failure(settings, manifest.version):
        write_version(settings, manifest, plan.base, chunks, embedder, progress)
    versions.sweep(settings, settings.index_dir, [manifest, plan.base] if plan.base else [manifest])
    return _report(plan, skipped, kept, started, documents, flagged, chunks, manifest)


def _read_changed(
    settings: Settings, plan: Plan, skipped: list[corpus.Skipped], progress: Progress | None
) -> tuple[list[corpus.Document], list[str]]:
    """The added and changed documents, read; and the ids of those whose previous chunks stay because
    their file cannot be read now (a file `corpus.scan` or reading skipped). Unreadable files join `skipped`."""
    documents: list[corpus.Document] = []
    kept = [s.id for s in skipped if s.id in plan.old_docs]
    for i, source in enumerate(plan.todo):
        if progress:
            progress("reading", i, len(plan.todo))
        try:
            documents.append(corpus.read(source, settings.parse_timeout_s, settings.parse_memory_mb))
        except corpus.Unreadable as exc:
            skipped.append(corpus.Skipped(source.id, str(exc)))
            if source.id in plan.old_docs:
                kept.append(source.id)
    return documents, sorted(kept)


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


def _new_manifest(
    settings: Settings,
    plan: Plan,
    files: list[corpus.SourceFile],
    documents: list[corpus.Document],
    chunks: list[Chunk],
    flagged: dict[str, str],
) -> Manifest:
    """The manifest of the version to write: the base's documents, minus the removed and the re-read
    (whose chunks stay in the base's segments, no longer live), plus the read ones, in its own segment."""
    read = {d.id for d in documents}
    version = versions.new_version_name()
    seen = {f.id: f.seen for f in files}
    removed = set(plan.removed)
    entries = {  # an entry whose file shows what it showed is the base's own (a copy each: 4k at 100k chunks)
        k: v if seen.get(k, v.seen) == v.seen else replace(v, seen=seen.get(k, v.seen))
        for k, v in plan.old_docs.items()
        if k not in removed and k not in read
    }
    by_doc: dict[str, list[str]] = {}
    for c in chunks:
        by_doc.setdefault(c.doc_id, []).append(c.id)
    for doc in documents:
        entries[doc.id] = DocEntry(
            doc.sha256,
            doc.title,
            doc.kind,
            by_doc.get(doc.id, []),
            flagged.get(doc.id, ""),
            version,
            seen.get(doc.id, ()),
        )
    return Manifest(
        version=version,
        embed_model=settings.embed_model,
        dim=plan.base.dim if plan.base else 0,
        chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap,
        created=time.time(),
        documents=dict(sorted(entries.items())),
        previous=plan.base_version,
        chroma_host=settings.chroma_host,
        sectioning=SECTIONING,
    )


def _report(
    plan: Plan,
    skipped: list[corpus.Skipped],
    kept: list[str],
    started: float,
    documents: list[corpus.Document] | None = None,
    flagged: dict[str, str] | None = None,
    chunks: list[Chunk] | None = None,
    manifest: Manifest | None = None,
) -> RefreshReport:
    """What the refresh did; without `manifest`, a refresh that wrote nothing (the base's counts)."""
    read = documents or []
    totals = manifest or plan.base
    return RefreshReport(
        added=sorted(d.id for d in read if d.id not in plan.old_docs),
        updated=sorted(d.id for d in read if d.id in plan.old_docs),
        removed=plan.removed,
        unchanged=plan.unchanged,
        skipped=skipped,
        kept=kept,
        flagged=flagged or {},
        chunks_written=len(chunks or []),
        chunks_total=totals.chunk_count if totals else 0,
        documents_total=len(totals.documents) if totals else 0,
        seconds=time.perf_counter() - started,
        version=manifest.version if manifest else plan.base_version,
        note=plan.note,
    )
