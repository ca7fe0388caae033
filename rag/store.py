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
This module gathers their public names, the ones the page, the CLI, the evals and the bench import.
"""

from __future__ import annotations

from rag.bm25 import DIR as WORDS_DIR
from rag.bm25 import record as record_words
from rag.bm25 import verify as verify_words
from rag.damage import HNSW_FILES, check_files
from rag.errors import REBUILD, StoreUnavailable, damaged
from rag.failures import LOW_SPACE, explain, read_failure, short_of_space, write_failure
from rag.manifest import DocEntry, Manifest, corpus_hash, current_version, load_manifest, versions_dir
from rag.vectors import COLLECTION, chroma_client, collection_name, open_collection, open_vector_store
from rag.versions import (
    commit_version,
    discard,
    new_version_name,
    start_version,
    sweep,
    write_durably,
    writer_lock,
)

__all__ = [
    "COLLECTION",
    "HNSW_FILES",
    "LOW_SPACE",
    "REBUILD",
    "WORDS_DIR",
    "DocEntry",
    "Manifest",
    "StoreUnavailable",
    "check_files",
    "chroma_client",
    "collection_name",
    "commit_version",
    "corpus_hash",
    "current_version",
    "damaged",
    "discard",
    "explain",
    "load_manifest",
    "new_version_name",
    "open_collection",
    "open_vector_store",
    "read_failure",
    "record_words",
    "short_of_space",
    "start_version",
    "sweep",
    "verify_words",
    "versions_dir",
    "write_durably",
    "write_failure",
    "writer_lock",
]
