"""Status: the index folder → what it holds (documents, chunks, embedding model, last refresh, corpus hash).

Reads the manifest and checks the version's files against it (`store.check_files`), so it answers in a
fraction of a second without loading Chroma or any model; a damaged index is `damaged`: what is wrong, and
that `rag ingest --rebuild` fixes it.
"""

from __future__ import annotations

from typing import Any

from rag import store
from rag.config import Settings
from rag.errors import IndexDamaged, IndexMissing, RagError


def index_status(settings: Settings, deep: bool = False) -> dict[str, Any]:
    """What the index holds; `problem` (and not ready) when it is damaged or its store does not answer.
    `deep` also has Chroma read the vectors (a second more: `rag status` does, the page's sidebar not)."""
    info: dict[str, Any] = {"index_dir": str(settings.index_dir), "ready": False}
    try:
        manifest = store.load_manifest(settings.index_dir)
        store.check_files(settings, settings.index_dir, manifest)
        if deep:
            store.open_collection(settings, settings.index_dir, manifest.version)
    except IndexDamaged as exc:
        return {**info, "problem": str(exc)}
    except IndexMissing:
        return info
    except RagError as exc:  # the Chroma server is not answering, the folder cannot be opened
        return {**info, "problem": str(exc)}
    info.update(
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
        sources=[
            {"source": k, "title": v.title, "chunks": len(v.chunk_ids)} for k, v in manifest.documents.items()
        ],
        flagged={k: v.flagged for k, v in manifest.documents.items() if v.flagged},
        flagged_used=settings.use_flagged_documents,
    )
    return info
