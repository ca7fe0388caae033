"""Vectors: an index version → its Chroma collection (a folder of its own, or a collection on a server).

The one decision this module owns: where a version's vectors live and how they are opened. On disk every
version is its own Chroma folder (`versions/<name>/chroma`, collection "chunks"); with `RAG_CHROMA_HOST`
every version is its own collection ("rag-<name>") on the shared server. A committed version is opened for
reading only after its files and Chroma's own reading of them agree with the manifest (`open_collection`).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag import bm25, damage
from rag.config import Settings
from rag.errors import IndexMissing, RagError, StoreUnavailable
from rag.failures import read_failure, unreachable
from rag.manifest import load_manifest, versions_dir

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore

COLLECTION = "chunks"  # the collection of a version kept on disk (its folder already names the version)
COSINE = {"hnsw:space": "cosine"}  # Chroma defaults to L2; the answer stage reads cosines
COPY_BATCH = 1000  # vectors copied per request between two collections on a server
_OPEN_LOCK = threading.Lock()  # see chroma_client


def chroma_client(settings: Settings, version_path: Path) -> Any:
    """A Chroma client for one version: its own folder on disk, or the configured Chroma server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        try:
            return chromadb.HttpClient(
                host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
            )
        except Exception as exc:  # chromadb raises ValueError("Could not connect …") when the heartbeat fails
            raise StoreUnavailable(
                f"the Chroma server at {settings.chroma_host}:{settings.chroma_port} is not answering "
                f"({type(exc).__name__}); start it with `chroma run --path DIR --host HOST --port PORT`, "
                "or unset RAG_CHROMA_HOST to keep the index on disk"
            ) from None
    # chromadb registers a new client's system before starting it, so a second thread opening the same
    # folder at that moment gets a half-started one ("'RustBindingsAPI' object has no attribute
    # 'bindings'"): readers of the page reopening a just-committed version do exactly that.
    with _OPEN_LOCK:
        return chromadb.PersistentClient(path=str(version_path / "chroma"), settings=chroma_settings)


def collection_name(settings: Settings, version: str) -> str:
    # On a shared server every version is its own collection; on disk every version is its own folder.
    return f"rag-{version}" if settings.chroma_host else COLLECTION


def _not_on_server(settings: Settings, version: str) -> IndexMissing:
    return IndexMissing(
        f"index version {version} is not on the Chroma server at {settings.chroma_host}:"
        f"{settings.chroma_port}; point RAG_CHROMA_HOST/RAG_CHROMA_PORT at the server that holds it, "
        "or run `rag ingest --rebuild` to rebuild the index there"
    )


def open_vector_store(
    settings: Settings, index_dir: Path, version: str, create: bool = False
) -> ChromaVectorStore:
    """The vectors of one version as LlamaIndex's store: a new, writable one (`create`), or a committed
    one for reading, checked first (`open_collection`)."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    if create:
        client = chroma_client(settings, versions_dir(index_dir) / version)
        collection = client.get_or_create_collection(
            collection_name(settings, version), metadata=dict(COSINE)
        )
    else:
        collection = open_collection(settings, index_dir, version)
    return ChromaVectorStore(chroma_collection=collection)


def open_collection(settings: Settings, index_dir: Path, version: str) -> Any:
    """The Chroma collection of a committed version, its files and vectors checked against the manifest:
    `IndexDamaged` (with the fix), `StoreUnavailable`, or `IndexUnwritable` (a read-only folder)."""
    name = collection_name(settings, version)
    manifest = load_manifest(index_dir, version)
    damage.check_files(settings, index_dir, manifest)
    try:
        client = chroma_client(settings, versions_dir(index_dir) / version)
        try:
            collection = client.get_collection(name)
        except Exception as exc:  # NotFoundError/ValueError, depending on the chromadb version and mode
            if settings.chroma_host and not unreachable(exc):
                raise _not_on_server(settings, version) from None
            raise
        damage.probe(collection, manifest, index_dir)
        bm25.verify(index_dir, manifest)
    except RagError:
        raise
    except Exception as exc:
        raise read_failure(settings, index_dir, exc) from None
    return collection


def copy_collection(settings: Settings, index_dir: Path, base: str, name: str) -> None:
    """Copy the vectors of version `base` into a new collection for version `name` (on the server)."""
    client = chroma_client(settings, versions_dir(index_dir) / base)
    try:
        source = client.get_collection(collection_name(settings, base))
    except Exception:  # NotFoundError: the index was built against another server (or its data was lost)
        raise _not_on_server(settings, base) from None
    target = client.get_or_create_collection(collection_name(settings, name), metadata=dict(COSINE))
    total = source.count()
    for offset in range(0, total, COPY_BATCH):
        batch = source.get(limit=COPY_BATCH, offset=offset, include=["embeddings", "documents", "metadatas"])
        target.add(
            ids=batch["ids"],
            embeddings=batch["embeddings"],
            documents=batch["documents"],
            metadatas=batch["metadatas"],
        )


def delete_collection(settings: Settings, folder: Path) -> None:
    """Remove the server collection of the version whose folder this is."""
    chroma_client(settings, folder).delete_collection(collection_name(settings, folder.name))
