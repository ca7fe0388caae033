"""Vectors: an index version → the Chroma collections of its segments (folders of their own, or collections on a server).

The one decision this module owns: where a version's vectors live and how they are opened. A version
writes only the chunks its refresh embedded, into a segment of its own; it reads those of the versions
before it that still hold its chunks (`Manifest.segments`). On disk every segment is its own Chroma
folder (`versions/<name>/chroma`, collection "chunks"); with `RAG_CHROMA_HOST` its own collection
("rag-<name>") on the shared server. A committed version is opened for reading only after every
segment's files and Chroma's own reading of them agree with the manifest (`open_collections`).
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag import bm25, damage
from rag.config import Settings
from rag.errors import IndexMissing, RagError, StoreUnavailable
from rag.failures import read_failure, unreachable
from rag.manifest import Manifest, load_manifest, versions_dir

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

COLLECTION = "chunks"  # the collection of a version kept on disk (its folder already names the version)
COSINE = {"hnsw:space": "cosine"}  # Chroma defaults to L2; the answer stage reads cosines
COPY_BATCH = 1000  # vectors copied per request between two collections (merging segments)
_OPEN_LOCK = threading.Lock()  # see chroma_client


def chroma_client(settings: Settings, version_path: Path) -> Any:
    """A Chroma client for one version: its own folder on disk, or the configured Chroma server."""
    import chromadb

    chroma_settings = _chroma_settings().model_copy()  # a copy: PersistentClient writes its path into it
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


@functools.cache
def _chroma_settings() -> Any:
    """Chroma's own settings, telemetry off: made once (pydantic-settings reads the environment each
    time, ~30 ms, and a refresh or a reader opens a client per segment)."""
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False)


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
    settings: Settings, index_dir: Path, segment: str, create: bool = False
) -> ChromaVectorStore:
    """The vectors of one segment as LlamaIndex's store: a new, writable one (`create`), or the segment of
    a committed version, as read from disk (check it first with `open_collections`)."""
    client = chroma_client(settings, versions_dir(index_dir) / segment)
    name = collection_name(settings, segment)
    if create:
        collection = client.get_or_create_collection(name, metadata=dict(COSINE))
    else:
        collection = _get_collection(settings, client, segment)
    return store_of(collection)


def store_of(collection: Any) -> ChromaVectorStore:
    """LlamaIndex's Chroma store over one Chroma collection."""
    # `llama_index.core.vector_stores` first: with LlamaIndex's package __init__ deferred (rag.imports),
    # the Chroma store's module would import it halfway through one of its own imports (embedding_utils),
    # a cycle the eager __init__, which imports it earlier, never meets.
    import llama_index.core.vector_stores  # noqa: F401
    from llama_index.vector_stores.chroma import ChromaVectorStore

    return ChromaVectorStore(chroma_collection=collection)


def _get_collection(settings: Settings, client: Any, segment: str) -> Any:
    try:
        return client.get_collection(collection_name(settings, segment))
    except Exception as exc:  # NotFoundError/ValueError, depending on the chromadb version and mode
        if settings.chroma_host and not unreachable(exc):
            raise _not_on_server(settings, segment) from None
        raise


def open_collections(settings: Settings, index_dir: Path, manifest: Manifest) -> dict[str, Any]:
    """Segment → Chroma collection of a committed version (its manifest, as its caller read it), every
    segment's files and vectors checked against the manifest: `IndexDamaged` (with the fix),
    `StoreUnavailable`, or `IndexUnwritable`."""
    damage.check_files(settings, index_dir, manifest)
    collections: dict[str, Any] = {}
    try:
        for name, segment in manifest.segments.items():
            client = chroma_client(settings, versions_dir(index_dir) / name)
            collections[name] = _get_collection(settings, client, name)
            damage.probe(collections[name], segment.count, index_dir)
        bm25.verify(index_dir, manifest)
    except RagError:
        raise
    except Exception as exc:
        raise read_failure(settings, index_dir, exc) from None
    return collections


def live_nodes(settings: Settings, index_dir: Path, version: str) -> list[BaseNode]:
    """The chunks a committed version holds, as its segments' Chroma collections read them back (its
    segments checked first); the chunks of documents replaced or removed since are left out."""
    manifest = load_manifest(index_dir, version)
    live = manifest.live()
    nodes: list[BaseNode] = []
    for name, collection in open_collections(settings, index_dir, manifest).items():
        stored = store_of(collection).get_nodes(None)
        nodes.extend(n for n in stored if n.node_id in live.get(name, ()))
    return nodes


def copy_vectors(source: Any, target: Any, ids: list[str]) -> None:
    """Copy the vectors (with their texts and metadata) of `ids` from one collection into another."""
    for offset in range(0, len(ids), COPY_BATCH):
        batch = source.get(
            ids=ids[offset : offset + COPY_BATCH], include=["embeddings", "documents", "metadatas"]
        )
        target.add(
            ids=batch["ids"],
            embeddings=batch["embeddings"],
            documents=batch["documents"],
            metadatas=batch["metadatas"],
        )


def delete_collection(settings: Settings, folder: Path) -> None:
    """Remove the server collection of the version whose folder this is."""
    chroma_client(settings, folder).delete_collection(collection_name(settings, folder.name))
