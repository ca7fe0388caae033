"""Store: chunks ↔ a versioned index on disk (Chroma for vectors, BM25 for words, a manifest for the rest).

Layout of the index folder:
    CURRENT                  name of the version readers use (switched with `os.replace`, atomically)
    versions/<name>/         one version: manifest.json, and the segment it wrote, if it wrote chunks:
                             chroma/ (or a collection on a Chroma server) and bm25/ holding only the
                             chunks its refresh embedded. Its manifest names the segments it reads (its
                             own and earlier versions'), and which chunks of each are still its own.
    .lock                    held by the one writer

The one decision this stage owns: readers never open a store a writer is changing. A committed segment
is never written again: a later version leaves out the chunks it replaces instead of deleting them, and
merges small segments by copying their live chunks into its own (`rag.build`). Its parts, one concern
each, and what they own:
    rag.manifest   which version is current, and what a version holds (`Manifest`, `load_manifest`)
    rag.versions   the writer lock, a new version beside the current one, the atomic commit, the sweep
    rag.vectors    the Chroma collections of a version's segments (on disk or on a server), opened once checked
    rag.bm25       a segment's word index: built, persisted; a version's, over its segments; files held to the manifest
    rag.damage     what "whole" means for each file of a version (`IndexDamaged`, naming `rag ingest --rebuild`)
    rag.failures   a failed write or read of the store as one line (disk full, read-only, server gone)
This module gathers the public names the page, the CLI, the evals and the bench import; new code imports
from the part that owns the name.
"""

from __future__ import annotations

from rag.damage import check_files
from rag.errors import StoreUnavailable
from rag.failures import explain, read_failure, write_failure
from rag.manifest import (
    LAYOUT,
    DocEntry,
    Manifest,
    Segment,
    corpus_hash,
    current_version,
    load_manifest,
    versions_dir,
)
from rag.vectors import chroma_client, collection_name, live_nodes, open_collections, open_vector_store
from rag.versions import commit_version, start_version, sweep, writer_lock

__all__ = [
    "LAYOUT",
    "DocEntry",
    "Manifest",
    "Segment",
    "StoreUnavailable",
    "check_files",
    "chroma_client",
    "collection_name",
    "commit_version",
    "corpus_hash",
    "current_version",
    "explain",
    "live_nodes",
    "load_manifest",
    "open_collections",
    "open_vector_store",
    "read_failure",
    "start_version",
    "sweep",
    "versions_dir",
    "write_failure",
    "writer_lock",
]
