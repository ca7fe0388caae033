"""Damage: a committed index version → whole, or `IndexDamaged` naming what is wrong and `rag ingest --rebuild`.

Two looks, from cheap to thorough. `check_files` reads the files alone (a fraction of a second, for
`rag status` and before a refresh builds on a version): the SQLite database whole, every HNSW segment
Chroma has persisted whole, the BM25 files of the sizes recorded at commit. `probe` has Chroma read the
version itself (a count and a self-query, for readers). A sync tool, a crash of the machine or a
hand-deleted file then shows as one line, never as a traceback deep inside Chroma.
The one decision this module owns: what "whole" means for each file of a version.
"""

from __future__ import annotations

import contextlib
import sqlite3
import struct
from pathlib import Path
from typing import Any

from rag import bm25
from rag.config import Settings
from rag.errors import damaged, one_line
from rag.manifest import LAYOUT, Manifest, versions_dir

SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_HEADER = 100  # bytes of a SQLite database header
HNSW_HEADER = 100  # bytes of hnswlib's header.bin as Chroma persists it
HNSW_FILES = ("header.bin", "data_level0.bin", "length.bin", "link_lists.bin", "index_metadata.pickle")
MAX_ELEMENTS = 2**40  # beyond any real index: a header claiming more is garbage
MAX_ELEMENT_BYTES = 2**20  # likewise for the bytes one vector takes
SAME_VECTOR = 1e-3  # cosine distance under which a self-query found the vector it asked with
_VECTOR_SEGMENTS = (
    "SELECT s.id FROM segments s JOIN max_seq_id m ON m.segment_id = s.id WHERE s.scope = 'VECTOR'"
)


def check_files(settings: Settings, index_dir: Path, manifest: Manifest) -> None:
    """The files of a version (of every segment it reads), checked without opening Chroma."""
    if manifest.layout != LAYOUT:
        raise damaged(index_dir, "it was built by an earlier version of rag, in another layout")
    if not settings.chroma_host and not manifest.chroma_host:
        for name in manifest.segments:
            _check_sqlite(index_dir, versions_dir(index_dir) / name / "chroma")
    bm25.check_sizes(index_dir, manifest)


def _check_sqlite(index_dir: Path, chroma: Path) -> None:
    db = chroma / "chroma.sqlite3"
    try:
        with db.open("rb") as fh:
            header = fh.read(SQLITE_HEADER)
        size = db.stat().st_size
    except FileNotFoundError:
        raise damaged(index_dir, f"the vector database {db.name} is gone") from None
    if len(header) < SQLITE_HEADER or not header.startswith(SQLITE_MAGIC):
        raise damaged(
            index_dir, f"the vector database {db.name} is not a SQLite file (zeroed or overwritten)"
        )
    page = struct.unpack(">H", header[16:18])[0]
    page = 65536 if page == 1 else page  # SQLite writes 1 for its largest page size
    pages, changes, valid_for = struct.unpack(">I", header[28:32])[0], header[24:28], header[92:96]
    if changes == valid_for and size < pages * page:
        raise damaged(
            index_dir, f"the vector database {db.name} is cut short ({size} of {pages * page} bytes)"
        )
    try:
        uri = f"{db.resolve().as_uri()}?mode=ro&immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute(_VECTOR_SEGMENTS).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such" in str(exc):
            return  # another Chroma layout: Chroma's own check (`probe`) still runs for readers
        raise damaged(index_dir, f"the vector database {db.name} cannot be read ({one_line(exc)})") from None
    except sqlite3.DatabaseError as exc:
        raise damaged(index_dir, f"the vector database {db.name} cannot be read ({one_line(exc)})") from None
    for (segment,) in rows:  # a vector segment Chroma has persisted: its HNSW files must be whole
        _check_hnsw(index_dir, chroma / str(segment))


def _check_hnsw(index_dir: Path, folder: Path) -> None:
    for name in HNSW_FILES:
        if not (folder / name).is_file():
            raise damaged(index_dir, f"the vector search file {folder.name}/{name} is gone")
    header = (folder / "header.bin").read_bytes()
    invalid = damaged(index_dir, f"the vector search file {folder.name}/header.bin is not valid")
    if len(header) != HNSW_HEADER:
        raise invalid
    # hnswlib's header as Chroma persists it: format version, offset, max elements, count, bytes per element
    fmt, _, capacity, count, per_element = struct.unpack("<iQQQQ", header[:36])
    if not 0 < fmt < 100:
        raise invalid
    if fmt != 1:
        return  # a later format: Chroma's own check (`probe`) still runs for readers
    if not count <= capacity < MAX_ELEMENTS or not 0 < per_element < MAX_ELEMENT_BYTES:
        raise invalid
    for name, size in (("data_level0.bin", count * per_element), ("length.bin", 4 * count)):
        if (folder / name).stat().st_size != size:
            raise damaged(index_dir, f"the vector search file {folder.name}/{name} has the wrong size")


def probe(collection: Any, expected: int, index_dir: Path) -> None:
    """Chroma's own reading of a segment: the count the manifest expects, and one stored vector found
    again by a query (which loads the whole HNSW index)."""
    count = collection.count()
    if count != expected:
        raise damaged(index_dir, f"the vector store holds {count} vectors, the manifest {expected}")
    if not count:
        return
    sample = collection.get(limit=1, include=["embeddings"])
    found = collection.query(query_embeddings=[sample["embeddings"][0]], n_results=1, include=["distances"])
    if found["ids"][0][:1] != sample["ids"][:1] and not (found["distances"][0] or [1.0])[0] < SAME_VECTOR:
        raise damaged(index_dir, "the vector search index does not find the vectors it holds")
