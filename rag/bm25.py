"""BM25: the nodes of an index version → its word index on disk, and back to a retriever.

In: a version's vector store (every node it holds). Out: `versions/<name>/bm25/`, LlamaIndex's
`BM25Retriever` persisted there, and its files' sizes and hashes in the manifest (`record`), which
`check_sizes` (cheap, for `rag status`) and `verify` (byte for byte, for readers) hold them to.
The one decision this module owns: the word index is built from the very nodes the version's vectors
hold, stemmed by the one stemmer (`rag.stemming`), so the two rankings of `retrieve` cover the same passages.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Settings
from rag.errors import damaged
from rag.manifest import Manifest, versions_dir
from rag.stemming import english_stemmer

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode

DIR = "bm25"  # the word index's folder inside a version
PAGE = 5000  # nodes read per `get`: Chroma binds one SQLite variable per id, and SQLite caps them at 32,766
_LOWER_WORD = re.compile(r"\b[a-z][a-z-]+\b")


def folder(index_dir: Path, version: str) -> Path:
    return versions_dir(index_dir) / version / DIR


def all_nodes(vector_store: Any, page: int = PAGE) -> list[BaseNode]:
    """Every node of a version, read a page at a time: one `get` of everything fails past ~30k chunks."""
    nodes: list[BaseNode] = []
    while True:
        batch = vector_store._get(limit=page, where=None, offset=len(nodes)).nodes
        nodes.extend(batch)
        if len(batch) < page:
            return nodes


def build(settings: Settings, index_dir: Path, version: str, vector_store: Any) -> None:
    """Build the BM25 index of every node in a version and persist it beside the vectors."""
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = all_nodes(vector_store)
    if not nodes:
        return  # an empty corpus: nothing to search, and bm25s cannot index nothing
    retriever = BM25Retriever.from_defaults(
        nodes=nodes,
        similarity_top_k=min(settings.candidate_k, len(nodes)),
        stemmer=english_stemmer(),
        language="english",
    )
    retriever.persist(str(folder(index_dir, version)), show_progress=False)


def load(settings: Settings, index_dir: Path, manifest: Manifest) -> Any:
    """The BM25 retriever of a version (None when it has no word index: an empty corpus)."""
    path = folder(index_dir, manifest.version)
    if not path.exists():
        return None
    from llama_index.retrievers.bm25 import BM25Retriever

    bm25 = BM25Retriever.from_persist_dir(str(path), show_progress=False)
    bm25.stemmer = english_stemmer()  # its own: a stemmer must not be shared between threads
    bm25.similarity_top_k = min(settings.candidate_k, manifest.chunk_count)
    return bm25


def lowercase_words(bm25: Any) -> frozenset[str]:
    """Every word the indexed passages write in lower case (none without a word index)."""
    words: set[str] = set()
    for row in bm25.corpus if bm25 is not None else []:
        text = json.loads(row.get("_node_content", "{}")).get("text", "")
        words.update(_LOWER_WORD.findall(text))
    return frozenset(words)


def _digest(path: Path) -> str:
    return f"{path.stat().st_size}:{hashlib.sha256(path.read_bytes()).hexdigest()}"


def record(index_dir: Path, manifest: Manifest) -> None:
    """Note the size and hash of every BM25 file in the manifest, for `check_sizes` and `verify`."""
    words = folder(index_dir, manifest.version)
    manifest.words = (
        {p.name: _digest(p) for p in sorted(words.iterdir()) if p.is_file()} if words.is_dir() else {}
    )


def check_sizes(index_dir: Path, manifest: Manifest) -> None:
    """The BM25 files are all there, each of the size recorded at commit (no reading: cheap)."""
    words = folder(index_dir, manifest.version)
    if manifest.chunk_count and not words.is_dir():
        raise damaged(index_dir, f"the word index (BM25) of version {manifest.version} is gone")
    for name, digest in manifest.words.items():
        path = words / name
        if not path.is_file():
            raise damaged(index_dir, f"the word index (BM25) file {name} is gone")
        if not digest.startswith(f"{path.stat().st_size}:"):
            raise damaged(index_dir, f"the word index (BM25) file {name} has changed size")


def verify(index_dir: Path, manifest: Manifest) -> None:
    """The BM25 files byte for byte as committed (readers, before loading them)."""
    words = folder(index_dir, manifest.version)
    for name, digest in manifest.words.items():
        if f"{digest.partition(':')[0]}:{hashlib.sha256((words / name).read_bytes()).hexdigest()}" != digest:
            raise damaged(index_dir, f"the word index (BM25) file {name} has changed since it was written")
