"""Store: chunks ↔ a versioned index on disk (Chroma for vectors, BM25 for words, a manifest for the rest).

Layout of the index folder:
    CURRENT                  name of the version readers use (switched with `os.replace`, atomically)
    versions/<name>/         one complete index: manifest.json, chroma/ (or a collection on a Chroma
                             server), bm25/
    .lock                    held by the one writer

The one decision this stage owns: readers never open a store a writer is changing. Chroma is not safe
against a kill mid-flush or a second writer (chroma-core/chroma #7040, #3792, #7238), so a refresh builds a
new version beside the current one and only a verified version becomes CURRENT; a killed refresh leaves
the previous version untouched, and the next writer sweeps the debris away.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Settings
from rag.errors import IndexBusy, IndexMissing, RagError

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore

COLLECTION = "chunks"


class StoreUnavailable(RagError):
    """The configured Chroma server does not answer."""


_OPEN_LOCK = threading.Lock()  # see chroma_client


@dataclass(frozen=True)
class DocEntry:
    sha256: str
    title: str
    kind: str
    chunk_ids: list[str]
    flagged: str = ""  # words of the document that speak to an AI assistant; see grounding.addressed_to_ai


@dataclass
class Manifest:
    version: str
    embed_model: str
    dim: int
    chunk_size: int
    chunk_overlap: int
    created: float
    documents: dict[str, DocEntry] = field(default_factory=dict)
    previous: str | None = None
    chroma_host: str | None = None

    @property
    def chunk_count(self) -> int:
        return sum(len(d.chunk_ids) for d in self.documents.values())

    @property
    def corpus_hash(self) -> str:
        import hashlib

        listing = "\n".join(f"{k}\t{v.sha256}" for k, v in sorted(self.documents.items()))
        return hashlib.sha256(listing.encode()).hexdigest()

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        raw["documents"] = {k: DocEntry(**v) for k, v in raw["documents"].items()}
        return cls(**raw)


def versions_dir(index_dir: Path) -> Path:
    return index_dir / "versions"


def current_version(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text().strip()
    except FileNotFoundError:
        return None
    return name or None


def load_manifest(index_dir: Path, version: str | None = None) -> Manifest:
    """The manifest of the given (default: current) version; `IndexMissing` when there is none."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(f"no index in {index_dir}; build it with `rag ingest`")
    path = versions_dir(index_dir) / version / "manifest.json"
    try:
        return Manifest.from_json(path.read_text())
    except FileNotFoundError:
        raise IndexMissing(f"index version {version} is missing; rebuild it with `rag ingest`") from None


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


def open_vector_store(
    settings: Settings, index_dir: Path, version: str, create: bool = False
) -> ChromaVectorStore:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    client = chroma_client(settings, versions_dir(index_dir) / version)
    name = collection_name(settings, version)
    if create:
        collection = client.get_or_create_collection(name, metadata={"hnsw:space": "cosine"})
    else:
        try:
            collection = client.get_collection(name)
        except Exception as exc:  # chromadb raises NotFoundError/ValueError depending on version and mode
            raise IndexMissing(f"index version {version} has no vectors ({exc}); run `rag ingest`") from None
    return ChromaVectorStore(chroma_collection=collection)


@contextlib.contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Only one refresh at a time; a second one exits at once with a message saying why."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise IndexBusy(
                f"another refresh ({holder}) is updating {index_dir}; try again when it ends"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def new_version_name() -> str:
    return time.strftime("v%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]


def start_version(settings: Settings, index_dir: Path, base: str | None) -> str:
    """Create a new, not yet current, version holding a copy of `base`'s vectors (or nothing)."""
    name = new_version_name()
    path = versions_dir(index_dir) / name
    path.mkdir(parents=True)
    if base is None:
        return name
    if settings.chroma_host:
        _copy_collection(settings, index_dir, base, name)
    else:
        # The base is closed to writers (we hold the lock), so a file copy is a consistent snapshot.
        shutil.copytree(versions_dir(index_dir) / base / "chroma", path / "chroma")
    return name


def _copy_collection(settings: Settings, index_dir: Path, base: str, name: str) -> None:
    client = chroma_client(settings, versions_dir(index_dir) / base)
    try:
        source = client.get_collection(collection_name(settings, base))
    except Exception:  # NotFoundError: the index was built against another server (or its data was lost)
        raise IndexMissing(
            f"index version {base} is not on the Chroma server at {settings.chroma_host}:"
            f"{settings.chroma_port}; point RAG_CHROMA_HOST/RAG_CHROMA_PORT at the server that holds it, "
            f"or delete {index_dir} and run `rag ingest` to rebuild the index there"
        ) from None
    target = client.get_or_create_collection(
        collection_name(settings, name), metadata={"hnsw:space": "cosine"}
    )
    total = source.count()
    for offset in range(0, total, 1000):
        batch = source.get(limit=1000, offset=offset, include=["embeddings", "documents", "metadatas"])
        target.add(
            ids=batch["ids"],
            embeddings=batch["embeddings"],
            documents=batch["documents"],
            metadatas=batch["metadatas"],
        )


def commit_version(index_dir: Path, manifest: Manifest) -> None:
    """Write the manifest, then make the version current in one atomic rename (the commit point)."""
    path = versions_dir(index_dir) / manifest.version
    _write_durably(path / "manifest.json", manifest.to_json())
    _write_durably(index_dir / "CURRENT", manifest.version + "\n")


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    with tmp.open("w") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def sweep(settings: Settings, index_dir: Path) -> None:
    """Delete versions that are neither current nor the one before it (readers may still hold that one)."""
    current = current_version(index_dir)
    keep = {current}
    if current:
        with contextlib.suppress(IndexMissing):
            keep.add(load_manifest(index_dir, current).previous)
    root = versions_dir(index_dir)
    if not root.exists():
        return
    for entry in root.iterdir():
        if entry.name in keep:
            continue
        if settings.chroma_host:
            with contextlib.suppress(Exception):
                chroma_client(settings, entry).delete_collection(collection_name(settings, entry.name))
        shutil.rmtree(entry, ignore_errors=True)
