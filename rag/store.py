"""Store: chunks ↔ a versioned index on disk (Chroma for vectors, BM25 for words, a manifest for the rest).

Layout of the index folder:
    CURRENT                  name of the version readers use (switched with `os.replace`, atomically)
    versions/<name>/         one complete index: manifest.json, chroma/ (or a collection on a Chroma
                             server), bm25/
    .lock                    held by the one writer

The one decision this stage owns: readers never open a store a writer is changing. Its parts, one concern
each, and what they own:
    rag.manifest   which version is current, and what a version holds (`Manifest`, `load_manifest`)
    rag.versions   the writer lock, a new version beside the current one, the atomic commit, the sweep
    rag.vectors    a version's Chroma collection (on disk or on a server), opened only once checked
    rag.bm25       a version's word index: built, persisted, loaded, its files held to the manifest
    rag.damage     what "whole" means for each file of a version (`IndexDamaged`, naming `rag ingest --rebuild`)
    rag.failures   a failed write or read of the store as one line (disk full, read-only, server gone)
This module gathers the public names the page, the CLI, the evals and the bench import; new code imports
from the part that owns the name.
"""

from __future__ import annotations

from rag.damage import check_files
from rag.errors import StoreUnavailable
from rag.failures import explain, read_failure, write_failure
from rag.manifest import DocEntry, Manifest, corpus_hash, current_version, load_manifest, versions_dir
from rag.vectors import chroma_client, collection_name, open_collection, open_vector_store
from rag.versions import commit_version, start_version, sweep, writer_lock

__all__ = [
    "DocEntry",
    "Manifest",
    "StoreUnavailable",
    "check_files",
    "chroma_client",
    "collection_name",
    "commit_version",
    "corpus_hash",
    "current_version",
    "explain",
    "load_manifest",
    "open_collection",
    "open_vector_store",
    "read_failure",
    "start_version",
    "sweep",
    "versions_dir",
    "write_failure",
    "writer_lock",
]
