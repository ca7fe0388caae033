"""Build: new chunks + the manifest they belong to → a new index version, checked and committed (or nothing).

A new version writes only its own segment: the new chunks, embedded and written through LlamaIndex's
`IngestionPipeline` batch by batch (so progress can be shown), and their word index. It reads its base's
segments as they are; a replaced or removed document's chunks stay in theirs, no longer live. Then the
vector count is checked against the manifest, and the version committed.
The decisions this module owns: when segments are merged (`merged_segments`: small ones into the new
one, so a version reads a few segments, not one per refresh, and each chunk is copied a few times over
the life of the index, not once per refresh), and that a write that fails (disk full, read-only folder,
Chroma server gone) removes its half-written version and becomes one line; CURRENT is untouched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rag import bm25, versions
from rag.chunking import Chunk
from rag.config import Settings
from rag.failures import short_of_space, write_failure
from rag.manifest import LAYOUT, Manifest
from rag.report import Progress
from rag.vectors import copy_vectors, open_vector_store

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import BaseNode, TextNode

EMBED_BATCH = 256  # chunks embedded and written per pipeline run: one progress step each
PAGE = 5000  # nodes read per `get`: Chroma binds one SQLite variable per id, and SQLite caps them at 32,766


def to_node(chunk: Chunk) -> TextNode:
    """A chunk as a LlamaIndex node: title and section are embedded with the text; offsets are not, nor
    the header of a table the chunk starts inside (kept for reading its rows: embedded, it drew table
    chunks above the passages that answer, recall 0.860 → 0.851)."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    positional = ["doc_id", "start", "end", "line_start", "line_end"]
    # Only where there is one: no empty field on every other chunk.
    header = {"table_header": chunk.table_header} if chunk.table_header else {}
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
            **header,
        },
        excluded_embed_metadata_keys=[*positional, *header],
        excluded_llm_metadata_keys=[*positional, "title", "section", *header],
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=chunk.doc_id)},
    )


@contextlib.contextmanager
def discarded_on_failure(settings: Settings, version: str) -> Iterator[None]:
    """Around the writing of `version`: on failure, its half-written files removed and the failure as one
    line (the free space is measured first: a failed Chroma write on a nearly full disk is a full disk)."""
    index_dir = settings.index_dir
    try:
        yield
    except Exception as exc:
        full = not settings.chroma_host and short_of_space(index_dir, version)
        versions.discard(settings, index_dir, version)
        failure = write_failure(settings, index_dir, exc, short_of_space=full)
        if failure is None or failure is exc:
            raise
        raise failure from None


def write_version(
    settings: Settings,
    manifest: Manifest,
    base: Manifest | None,
    chunks: list[Chunk],
    embedder: BaseEmbedding | None,
    progress: Progress | None,
) -> None:
    """Build the new version beside the current one (its own segment: the new chunks and those of the
    segments it merges; the base's other segments read as they are), check it, and commit it: the one
    step readers see. `manifest.documents` names the chunks it holds and where they are: the new ones in
    this version, the others in the base's segments (those moved by a merge are pointed here)."""
    index_dir, version = settings.index_dir, manifest.version
    versions.start_version(index_dir, version)
    live = manifest.live()
    merging = merged_segments(base, live, len(chunks))
    kept = {n: s for n, s in (base.segments.items() if base else ()) if n not in merging and live.get(n)}
    moving = {n: sorted(live.get(n, ())) for n in merging}
    moved = [i for ids in moving.values() for i in ids]
    for doc_id, entry in manifest.documents.items():
        if entry.segment in merging:
            manifest.documents[doc_id] = replace(entry, segment=version)
    count = len(chunks) + len(moved)
    if count:
        vector_store = open_vector_store(settings, index_dir, version, create=True)
        if embedder is None and chunks:
            from rag.embeddings import load_embedder

            embedder = load_embedder(settings)
        if chunks and embedder is not None:
            manifest.dim = embed_and_write(chunks, embedder, vector_store, progress) or manifest.dim
        _copy_from(settings, moving, vector_store, progress)
        if progress:
            progress("indexing words", 0, 1)
        bm25.build(index_dir, version, [to_node(c) for c in chunks] + _nodes(vector_store, moved))
        check_count(vector_store, count)
        kept[version] = bm25.record(index_dir, version, count)
    manifest.segments = kept
    manifest.layout = LAYOUT
    versions.commit_version(index_dir, manifest)


MERGE_RATIO = 2  # a segment joins the new one while it holds at most this many times what is merged so far


def merged_segments(base: Manifest | None, live: dict[str, set[str]], new: int) -> set[str]:
    """The base's segments whose live chunks move into the new version's segment: newest first, each
    while it is at most `MERGE_RATIO` times the size of what is merged so far (so the segments kept
    apart grow geometrically with age and a version reads a logarithmic number of them), and any
    segment holding more replaced chunks than live ones (its space and search time mostly on the dead)."""
    if base is None:
        return set()
    merging: set[str] = set()
    size = new
    for name in reversed(list(base.segments)):
        held = len(live.get(name, ()))
        if size and held <= MERGE_RATIO * size:
            merging.add(name)
            size += held
        elif base.segments[name].count > 2 * held:
            merging.add(name)
    return merging


def _copy_from(
    settings: Settings, moving: dict[str, list[str]], vector_store: Any, progress: Progress | None
) -> None:
    """Copy the live vectors of the merged segments into the new one (no embedding: the vectors as stored).
    Only the live ones: a segment may still hold a replaced chunk under the id of a live one elsewhere."""
    total = sum(len(ids) for ids in moving.values())
    if not total:
        return
    if progress:
        progress("merging", 0, total)
    for name, ids in sorted(moving.items()):
        if ids:
            source = open_vector_store(settings, settings.index_dir, name)._collection
            copy_vectors(source, vector_store._collection, ids)
    if progress:
        progress("merging", total, total)


def _nodes(vector_store: Any, ids: list[str]) -> list[BaseNode]:
    """The nodes of `ids` as the store holds them, a page at a time (one SQLite variable per id)."""
    nodes: list[BaseNode] = []
    for offset in range(0, len(ids), PAGE):
        nodes.extend(vector_store.get_nodes(node_ids=ids[offset : offset + PAGE]))
    return nodes


def embed_and_write(
    chunks: list[Chunk], embedder: BaseEmbedding, vector_store: Any, progress: Progress | None
) -> int:
    """Embed and store in batches through LlamaIndex's IngestionPipeline; returns the vector dimension."""
    from llama_index.core.ingestion import IngestionPipeline

    pipeline = IngestionPipeline(transformations=[embedder], vector_store=vector_store)
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


def check_count(vector_store: Any, expected: int) -> None:
    """Refuse to switch to a version whose new segment holds another count of vectors than it wrote."""
    count = vector_store._collection.count()
    if count != expected:
        raise RuntimeError(
            f"new index version holds {count} vectors, expected {expected}; previous version kept"
        )
