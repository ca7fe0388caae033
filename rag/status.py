"""Status: the index folder → an `IndexStatus` (documents, chunks, embedding model, last refresh, corpus hash).

Reads the manifest and checks the version's files against it (`store.check_files`), so it answers in a
fraction of a second without loading Chroma or any model; a damaged index is `damaged`: what is wrong, and
that `rag ingest --rebuild` fixes it.
The one decision this module owns: when an index counts as ready to answer from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from rag import store
from rag.config import Settings
from rag.errors import IndexDamaged, IndexMissing, RagError

# What an index that is not ready says in JSON: where it is, that it is not ready, and why when known.
_NOT_READY_FIELDS = ("index_dir", "ready", "problem")


@dataclass(frozen=True)
class SourceStatus:
    """One document of the index: its id (path in the corpus), title and chunk count."""

    source: str
    title: str
    chunks: int


@dataclass(frozen=True)
class IndexStatus:
    """What the index holds. Not `ready`: only `index_dir`, and `problem` when it is damaged or its store
    does not answer (None when there is simply no index yet)."""

    index_dir: str
    ready: bool = False
    problem: str | None = None
    version: str | None = None
    documents: int = 0
    chunks: int = 0
    embedding_model: str = ""
    dimension: int = 0
    embedding_model_matches: bool = False
    last_refresh: float = 0.0
    corpus_hash: str = ""
    chroma: str = ""
    sources: tuple[SourceStatus, ...] = ()
    flagged: Mapping[str, str] = field(default_factory=dict)  # document id → its words to AI assistants
    flagged_used: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The JSON of `rag status --json`: every field when ready; else `index_dir`, `ready` and any
        `problem`."""
        data = asdict(self)
        data["sources"] = [asdict(s) for s in self.sources]
        data["flagged"] = dict(self.flagged)
        if self.ready:
            del data["problem"]
            return data
        return {k: data[k] for k in _NOT_READY_FIELDS if data[k] is not None}


def index_status(settings: Settings, deep: bool = False) -> IndexStatus:
    """What the index holds; `problem` (and not ready) when it is damaged or its store does not answer.
    `deep` also has Chroma read the vectors (a second more: `rag status` does, the page's sidebar not)."""
    where = str(settings.index_dir)
    try:
        manifest = store.load_manifest(settings.index_dir)
        store.check_files(settings, settings.index_dir, manifest)
        if deep:
            store.open_collections(settings, settings.index_dir, manifest)
    except RagError as exc:
        # No index yet is no problem; damage (an IndexMissing too), a Chroma server not answering or a
        # folder that cannot be opened is one, said with its fix.
        absent = isinstance(exc, IndexMissing) and not isinstance(exc, IndexDamaged)
        return IndexStatus(where, problem=None if absent else str(exc))
    return IndexStatus(
        where,
        ready=True,
        version=manifest.version,
        documents=len(manifest.documents),
        chunks=manifest.chunk_count,
        embedding_model=manifest.embed_model,
        dimension=manifest.dim,
        embedding_model_matches=manifest.embed_model == settings.embed_model,
        last_refresh=manifest.created,
        corpus_hash=manifest.corpus_hash,
        chroma=f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else "local",
        sources=tuple(SourceStatus(k, v.title, len(v.chunk_ids)) for k, v in manifest.documents.items()),
        flagged={k: v.flagged for k, v in manifest.documents.items() if v.flagged},
        flagged_used=settings.use_flagged_documents,
    )
