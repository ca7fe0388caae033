"""Status: the index folder → what it holds (documents, chunks, embedding model, last refresh, corpus hash).

Reads only the manifest, so it answers in a fraction of a second without loading Chroma or any model.
"""

from __future__ import annotations

from typing import Any

from rag import store
from rag.config import Settings
from rag.errors import IndexMissing


def index_status(settings: Settings) -> dict[str, Any]:
    info: dict[str, Any] = {"index_dir": str(settings.index_dir), "ready": False}
    try:
        manifest = store.load_manifest(settings.index_dir)
    except IndexMissing:
        return info
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
