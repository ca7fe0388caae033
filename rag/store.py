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

A version is checked before it is read (`check_version`): its files against what the manifest recorded
(cheap, for `rag status`), then Chroma itself (a count and a self-query, for readers). A damaged version
(a sync tool, a crash of the machine, a hand-deleted file) is one `IndexDamaged` line naming
`rag ingest --rebuild`; a failed write (disk full, read-only folder, a Chroma server gone) is one line
saying the previous version still answers (`write_failure`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import sqlite3
import struct
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.config import Settings
from rag.errors import IndexBusy, IndexDamaged, IndexMissing, IndexUnwritable, RagError

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore

COLLECTION = "chunks"
WORDS_DIR = "bm25"  # the BM25 index of a version (`retrieve.BM25_DIR`)
REBUILD = "`rag ingest --rebuild` rebuilds it from the corpus"


class StoreUnavailable(RagError):
    """The configured Chroma server does not answer."""


_OPEN_LOCK = threading.Lock()  # see chroma_client


def corpus_hash(sha256_by_doc: Mapping[str, str]) -> str:
    """The hash `rag status` shows (and the eval manifest records): sha256 over "doc id<TAB>file sha256"
    lines in doc id order."""
    listing = "\n".join(f"{doc_id}\t{sha}" for doc_id, sha in sorted(sha256_by_doc.items()))
    return hashlib.sha256(listing.encode()).hexdigest()


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
    words: dict[str, str] = field(default_factory=dict)  # BM25 file name → sha256, recorded at commit

    @property
    def chunk_count(self) -> int:
        return sum(len(d.chunk_ids) for d in self.documents.values())

    @property
    def corpus_hash(self) -> str:
        return corpus_hash({doc_id: entry.sha256 for doc_id, entry in self.documents.items()})

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        raw = json.loads(text)
        raw["documents"] = {k: DocEntry(**v) for k, v in raw["documents"].items()}
        manifest = cls(**raw)
        if not isinstance(manifest.version, str) or not isinstance(manifest.dim, int):
            raise ValueError("fields of the wrong type")
        return manifest


def versions_dir(index_dir: Path) -> Path:
    return index_dir / "versions"


def current_version(index_dir: Path) -> str | None:
    try:
        name = (index_dir / "CURRENT").read_text(errors="replace").strip()
    except FileNotFoundError:
        return None
    return name or None


def damaged(index_dir: Path, what: str) -> IndexDamaged:
    """The one line for a damaged index: what is wrong, and the command that fixes it."""
    what = " ".join(what.split())
    return IndexDamaged(f"the index in {index_dir} is damaged: {what}; {REBUILD}", what)


def load_manifest(index_dir: Path, version: str | None = None) -> Manifest:
    """The manifest of the given (default: current) version; `IndexMissing` when there is none,
    `IndexDamaged` when CURRENT names a version that is gone or the manifest cannot be read."""
    version = version or current_version(index_dir)
    if version is None:
        raise IndexMissing(f"no index in {index_dir}; build it with `rag ingest`")
    if not re.fullmatch(r"[\w.-]+", version) or version in (".", ".."):
        raise damaged(index_dir, "CURRENT does not hold a version name")
    path = versions_dir(index_dir) / version / "manifest.json"
    try:
        return Manifest.from_json(path.read_text())
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise damaged(index_dir, f"CURRENT names version {version}, which is gone") from None
        raise damaged(index_dir, f"version {version} has no manifest") from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # JSONDecodeError is a ValueError
        raise damaged(index_dir, f"the manifest of version {version} is not valid ({_short(exc)})") from None


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:240] or type(exc).__name__


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
    """The vectors of one version as LlamaIndex's store: a new, writable one (`create`), or a committed
    one for reading, checked first (`open_collection`)."""
    from llama_index.vector_stores.chroma import ChromaVectorStore

    if create:
        client = chroma_client(settings, versions_dir(index_dir) / version)
        collection = client.get_or_create_collection(
            collection_name(settings, version), metadata={"hnsw:space": "cosine"}
        )
    else:
        collection = open_collection(settings, index_dir, version)
    return ChromaVectorStore(chroma_collection=collection)


def open_collection(settings: Settings, index_dir: Path, version: str) -> Any:
    """The Chroma collection of a committed version, its files and vectors checked against the manifest:
    `IndexDamaged` (with the fix), `StoreUnavailable`, or `IndexUnwritable` (a read-only folder)."""
    name = collection_name(settings, version)
    manifest = load_manifest(index_dir, version)
    check_files(settings, index_dir, manifest)
    try:
        client = chroma_client(settings, versions_dir(index_dir) / version)
        try:
            collection = client.get_collection(name)
        except Exception as exc:  # NotFoundError/ValueError, depending on the chromadb version and mode
            if settings.chroma_host and not _unreachable(exc):
                raise IndexMissing(
                    f"index version {version} is not on the Chroma server at {settings.chroma_host}:"
                    f"{settings.chroma_port}; point RAG_CHROMA_HOST/RAG_CHROMA_PORT at the server that "
                    f"holds it, or run `rag ingest --rebuild` to rebuild the index there"
                ) from None
            raise
        _probe(collection, manifest, index_dir)
        verify_words(index_dir, manifest)
    except RagError:
        raise
    except Exception as exc:
        raise read_failure(settings, index_dir, exc) from None
    return collection


def check_files(settings: Settings, index_dir: Path, manifest: Manifest) -> None:
    """The files of a version, checked without opening Chroma (a fraction of a second, for `rag status`):
    the SQLite database whole, the persisted HNSW segment whole, the BM25 files those recorded at commit."""
    folder = versions_dir(index_dir) / manifest.version
    if not settings.chroma_host and not manifest.chroma_host:
        _check_sqlite(index_dir, folder / "chroma")
    words = folder / WORDS_DIR
    if manifest.chunk_count and not words.is_dir():
        raise damaged(index_dir, f"the word index (BM25) of version {manifest.version} is gone")
    for name, digest in manifest.words.items():
        path = words / name
        if not path.is_file():
            raise damaged(index_dir, f"the word index (BM25) file {name} is gone")
        if not digest.startswith(f"{path.stat().st_size}:"):
            raise damaged(index_dir, f"the word index (BM25) file {name} has changed size")


def _check_sqlite(index_dir: Path, chroma: Path) -> None:
    db = chroma / "chroma.sqlite3"
    try:
        with db.open("rb") as fh:
            header = fh.read(100)
        size = db.stat().st_size
    except FileNotFoundError:
        raise damaged(index_dir, f"the vector database {db.name} is gone") from None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        raise damaged(
            index_dir, f"the vector database {db.name} is not a SQLite file (zeroed or overwritten)"
        )
    page = struct.unpack(">H", header[16:18])[0]
    page = 65536 if page == 1 else page
    pages, changes, valid_for = struct.unpack(">I", header[28:32])[0], header[24:28], header[92:96]
    if changes == valid_for and size < pages * page:
        raise damaged(
            index_dir, f"the vector database {db.name} is cut short ({size} of {pages * page} bytes)"
        )
    try:
        uri = f"{db.resolve().as_uri()}?mode=ro&immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute(
                "SELECT s.id FROM segments s JOIN max_seq_id m ON m.segment_id = s.id WHERE s.scope = 'VECTOR'"
            ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such" in str(exc):
            return  # another Chroma layout: Chroma's own check (`_probe`) still runs for readers
        raise damaged(index_dir, f"the vector database {db.name} cannot be read ({_short(exc)})") from None
    except sqlite3.DatabaseError as exc:
        raise damaged(index_dir, f"the vector database {db.name} cannot be read ({_short(exc)})") from None
    for (segment,) in rows:  # a vector segment Chroma has persisted: its HNSW files must be whole
        _check_hnsw(index_dir, chroma / str(segment))


HNSW_FILES = ("header.bin", "data_level0.bin", "length.bin", "link_lists.bin", "index_metadata.pickle")


def _check_hnsw(index_dir: Path, folder: Path) -> None:
    for name in HNSW_FILES:
        if not (folder / name).is_file():
            raise damaged(index_dir, f"the vector search file {folder.name}/{name} is gone")
    header = (folder / "header.bin").read_bytes()
    if len(header) != 100:
        raise damaged(index_dir, f"the vector search file {folder.name}/header.bin is not valid")
    # hnswlib's header as Chroma persists it: format version, offset, max elements, count, bytes per element
    fmt, _, capacity, count, per_element = struct.unpack("<iQQQQ", header[:36])
    if not 0 < fmt < 100:
        raise damaged(index_dir, f"the vector search file {folder.name}/header.bin is not valid")
    if fmt != 1:
        return  # a later format: Chroma's own check (`_probe`) still runs for readers
    if not count <= capacity < 2**40 or not 0 < per_element < 2**20:
        raise damaged(index_dir, f"the vector search file {folder.name}/header.bin is not valid")
    for name, size in (("data_level0.bin", count * per_element), ("length.bin", 4 * count)):
        if (folder / name).stat().st_size != size:
            raise damaged(index_dir, f"the vector search file {folder.name}/{name} has the wrong size")


def _probe(collection: Any, manifest: Manifest, index_dir: Path) -> None:
    """Chroma's own reading of a version: the count the manifest expects, and one stored vector found
    again by a query (which loads the whole HNSW index)."""
    count = collection.count()
    if count != manifest.chunk_count:
        raise damaged(
            index_dir, f"the vector store holds {count} vectors, the manifest {manifest.chunk_count}"
        )
    if not count:
        return
    sample = collection.get(limit=1, include=["embeddings"])
    found = collection.query(query_embeddings=[sample["embeddings"][0]], n_results=1, include=["distances"])
    if found["ids"][0][:1] != sample["ids"][:1] and not (found["distances"][0] or [1.0])[0] < 1e-3:
        raise damaged(index_dir, "the vector search index does not find the vectors it holds")


def record_words(index_dir: Path, manifest: Manifest) -> None:
    """Note the size and hash of every BM25 file in the manifest, for `check_files` and `verify_words`."""
    words = versions_dir(index_dir) / manifest.version / WORDS_DIR
    manifest.words = (
        {
            p.name: f"{p.stat().st_size}:{hashlib.sha256(p.read_bytes()).hexdigest()}"
            for p in sorted(words.iterdir())
            if p.is_file()
        }
        if words.is_dir()
        else {}
    )


def verify_words(index_dir: Path, manifest: Manifest) -> None:
    """The BM25 files byte for byte as committed (readers, before loading them)."""
    words = versions_dir(index_dir) / manifest.version / WORDS_DIR
    for name, digest in manifest.words.items():
        if f"{digest.partition(':')[0]}:{hashlib.sha256((words / name).read_bytes()).hexdigest()}" != digest:
            raise damaged(index_dir, f"the word index (BM25) file {name} has changed since it was written")


# Failures of the vector store and the disk, as one line each.


def _text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _no_space(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = _text(exc)
    return any(s in text for s in ("No space left", "disk is full", "(code: 13)", "os error 28"))


def _read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    text = _text(exc)
    markers = ("readonly database", "(code: 8)", "Read-only file system", "Permission denied", "os error 13")
    return any(s in text for s in markers)


def _unreachable(exc: BaseException) -> bool:
    import httpx

    if isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError)):
        return True
    text = _text(exc)
    markers = ("Could not connect", "Connection refused", "connection", "Connect", "Server disconnected")
    return any(s in text for s in markers)


def _server(settings: Settings) -> str:
    return f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"


LOW_SPACE = 16 * 2**20  # bytes: below this, a failed write of the local store is taken for a full disk


def short_of_space(index_dir: Path, version: str) -> bool:
    """Whether the disk holding the index has too little room left for the version being written: less
    than it already takes, or than `LOW_SPACE`. Chroma's own writer hides the cause of a failed write
    ("Error in compaction: Failed to apply logs to the metadata segment" when SQLite found the disk full),
    so a failed write is read against the free space, measured before its half-written files are removed."""
    try:
        free = shutil.disk_usage(index_dir).free
    except OSError:
        return False
    folder = versions_dir(index_dir) / version
    written = 0
    with contextlib.suppress(OSError):
        written = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return free < max(LOW_SPACE, written)


def _store_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("chromadb") or isinstance(exc, sqlite3.DatabaseError)


def write_failure(
    settings: Settings, index_dir: Path, exc: BaseException, short_of_space: bool = False
) -> RagError | None:
    """A refresh that could not write its new version, as one line (None: not a failure of the store).
    `short_of_space`: the disk was nearly full when the write failed (a Chroma error is then read as such)."""
    if isinstance(exc, RagError):
        return exc
    if _no_space(exc) or (short_of_space and not settings.chroma_host and _store_error(exc)):
        return IndexUnwritable(
            f"no space left on the disk holding {index_dir}; the previous index still answers; "
            "free some space, then run `rag ingest` again"
        )
    if _read_only(exc):
        where = getattr(exc, "filename", None) or index_dir
        return IndexUnwritable(
            f"cannot write to {where} (read-only or not yours); nothing was changed; make {index_dir} "
            "writable, then run `rag ingest` again"
        )
    if settings.chroma_host and _unreachable(exc):
        return StoreUnavailable(
            f"{_server(settings)} stopped answering during the refresh ({_short(exc)}); nothing was "
            "changed; start the server again, then run `rag ingest`"
        )
    return None


def read_failure(settings: Settings, index_dir: Path, exc: BaseException) -> RagError:
    """A version that Chroma could not read, as one line."""
    if isinstance(exc, RagError):
        return exc
    if settings.chroma_host and _unreachable(exc):
        return StoreUnavailable(
            f"{_server(settings)} is not answering ({_short(exc)}); start it again "
            "(`chroma run --path DIR --host HOST --port PORT`) and ask again"
        )
    if _read_only(exc):
        return IndexUnwritable(
            f"the index in {index_dir} is read-only, and Chroma writes to its database even to read it; "
            f"make it writable (`chmod -R u+w {index_dir}`)"
        )
    return damaged(index_dir, f"Chroma cannot read it ({_short(exc)})")


def explain(settings: Settings, exc: BaseException) -> RagError | None:
    """A failure met while answering (a question, a claim) that belongs to the store, as one line; None
    for anything else. The CLI and the page turn every error into one line; this names the store's."""
    if isinstance(exc, RagError):
        return exc
    if settings.chroma_host and _unreachable(exc):
        return read_failure(settings, settings.index_dir, exc)
    module = type(exc).__module__
    if module.startswith("chromadb") or isinstance(exc, sqlite3.DatabaseError):
        return read_failure(settings, settings.index_dir, exc)
    return None


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


def start_version(settings: Settings, index_dir: Path, base: str | None, name: str | None = None) -> str:
    """Create a new, not yet current, version holding a copy of `base`'s vectors (or nothing)."""
    name = name or new_version_name()
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
            "or run `rag ingest --rebuild` to rebuild the index there"
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
    record_words(index_dir, manifest)
    _write_durably(path / "manifest.json", manifest.to_json())
    _write_durably(index_dir / "CURRENT", manifest.version + "\n")


def _write_durably(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
    try:
        with tmp.open("w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # a full disk mid-write: no hidden half-written file left beside CURRENT
        tmp.unlink(missing_ok=True)
        raise
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
            try:
                chroma_client(settings, entry).delete_collection(collection_name(settings, entry.name))
            except Exception as exc:  # NotFoundError (never written, or gone) is no reason to keep it
                if isinstance(exc, StoreUnavailable) or _unreachable(exc):
                    continue  # the server is away: the folder stays as the mark of its collection
        shutil.rmtree(entry, ignore_errors=True)
