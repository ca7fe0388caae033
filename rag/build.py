"""Build: new chunks + the manifest they belong to → a new index version, checked and committed (or nothing).

The new version starts as a copy of its base minus the replaced documents; the chunks are embedded and
written through LlamaIndex's `IngestionPipeline` batch by batch (so progress can be shown), then BM25 is
built over every node, the vector count checked against the manifest, and the version committed.
The one decision this module owns: a write that fails (disk full, read-only folder, Chroma server gone)
removes its half-written version and becomes one line; CURRENT is untouched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rag import bm25, versions
from rag.chunking import Chunk
from rag.config import Settings
from rag.failures import short_of_space, write_failure
from rag.manifest import Manifest
from rag.report import Progress
from rag.vectors import open_vector_store

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import TextNode

EMBED_BATCH = 256  # chunks embedded and written per pipeline run: one progress step each


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
    chunks: list[Chunk],
    replaced: list[str],
    embedder: BaseEmbedding | None,
    progress: Progress | None,
) -> None:
    """Build the new version beside the current one (a copy of its base, minus replaced documents, plus
    the new chunks, then BM25), check it, and commit it: the one step readers see."""
    index_dir, version = settings.index_dir, manifest.version
    versions.start_version(settings, index_dir, manifest.previous, version)
    vector_store = open_vector_store(settings, index_dir, version, create=True)
    for doc_id in replaced:
        vector_store.delete(ref_doc_id=doc_id)
    if embedder is None:
        from rag.embeddings import load_embedder

        embedder = load_embedder(settings)
    manifest.dim = embed_and_write(chunks, embedder, vector_store, progress) or manifest.dim
    if progress:
        progress("indexing words", 0, 1)
    bm25.build(settings, index_dir, version, vector_store)
    check_count(vector_store, manifest)
    versions.commit_version(index_dir, manifest)


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


def check_count(vector_store: Any, manifest: Manifest) -> None:
    """Refuse to switch to a version whose vector count differs from what the manifest says it holds."""
    count = vector_store._collection.count()
    if count != manifest.chunk_count:
        raise RuntimeError(
            f"new index version holds {count} vectors, expected {manifest.chunk_count}; previous version kept"
        )
