"""Corpus: a folder → source files (id, content hash) → documents (title, text); unreadable files → `Skipped`.

A document's id is its path relative to the corpus folder (POSIX form), so it is stable across machines.
Its `text` is what citations index into: for `.md`/`.txt` the file's decoded text exactly (so
`text[start:end]` is the file's own characters), for `.html` and `.pdf` the text extracted from it.
The one decision this stage owns: what counts as readable. Nothing here is fatal: a bad file becomes a
one-line reason and the rest of the corpus goes on. Each format's text and title come from `rag.formats`;
PDFs are parsed in a capped child process (`rag.pdf`).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from rag.errors import CorpusError, Unreadable
from rag.formats import clean_heading, decode_text, html_to_text, markdown_title, title_from_name

__all__ = [
    "SUPPORTED",
    "Document",
    "Skipped",
    "SourceFile",
    "Unreadable",
    "clean_heading",
    "decode_text",
    "read",
    "scan",
    "sha256_of",
]

SUPPORTED = {".md", ".markdown", ".txt", ".html", ".htm", ".pdf"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RACY_NS = 2 * 10**9  # a file changed this recently is hashed again next time (coarse file system clocks)


@dataclass(frozen=True)
class SourceFile:
    id: str
    path: Path
    sha256: str
    size: int
    seen: tuple[int, ...] = ()  # (size, mtime, ctime, inode) in ns when looked at: see `scan`'s `known`


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str
    sha256: str
    kind: str  # "markdown", "text", "html" or "pdf"


@dataclass(frozen=True)
class Skipped:
    id: str
    reason: str


def scan(
    corpus_dir: Path, max_bytes: int, known: Mapping[str, tuple[str, tuple[int, ...]]] | None = None
) -> tuple[list[SourceFile], list[Skipped]]:
    """List the corpus's supported files with their content hashes, without parsing them.

    Hidden files and folders are ignored; links are followed only while they stay inside the corpus.
    `known`: doc id → (hash, what the file showed when hashed); a file showing the same size, mtime,
    ctime and inode is not read again (a refresh of a large corpus would otherwise hash all of it).
    """
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {corpus_dir} does not exist; create it and add documents")
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus path {corpus_dir} is not a folder")
    root = corpus_dir.resolve()
    files: list[SourceFile] = []
    skipped: list[Skipped] = []
    # In the order of their paths' parts, as sorting the paths did (a folder's files before a name that
    # only extends the folder's: "a/b" before "a-c"), without building a Path per file to sort.
    for doc_id, linked in sorted(_walk(corpus_dir, ""), key=lambda found: found[0].split("/")):
        found = _look(corpus_dir, doc_id, linked, root, max_bytes, known or {})
        if isinstance(found, SourceFile):
            files.append(found)
        else:
            skipped.append(found)
    return files, skipped


def _look(
    corpus_dir: Path,
    doc_id: str,
    linked: bool,
    root: Path,
    max_bytes: int,
    known: Mapping[str, tuple[str, tuple[int, ...]]],
) -> SourceFile | Skipped:
    """One file of the corpus (`linked`: a symbolic link): its hash, or why it is skipped (without
    parsing it)."""
    if _CONTROL.search(doc_id):
        # A line break in a name would forge lines in every listing that shows it (and in the log).
        shown = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", doc_id)
        return Skipped(shown, "file name holds a control character (a line break, a tab); rename it")
    # `_walk` enters no linked folder: a plain file is where its id says (a link is followed below).
    real = root / doc_id
    if real.suffix.lower() not in SUPPORTED:
        return Skipped(doc_id, f"unsupported file type {real.suffix or '(none)'}")
    if linked:
        try:
            real = (corpus_dir / doc_id).resolve(strict=True)
        except (OSError, RuntimeError):
            return Skipped(doc_id, "broken link")
        if not real.is_relative_to(root):
            return Skipped(doc_id, "link points outside the corpus; not followed")
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        # A link to a named pipe or a device would block the hash below forever.
        return Skipped(doc_id, "not a regular file (a link to a folder, pipe or device)")
    size = info.st_size
    if size > max_bytes:
        return Skipped(doc_id, f"{size / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit")
    seen: tuple[int, ...] = (size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS:
        seen = ()  # written just now: a second write within the clock's tick could leave all four alike
    sha, when = known.get(doc_id, ("", ()))
    if not seen or when != seen:
        try:
            sha = sha256_of(real)
        except OSError as exc:
            return Skipped(doc_id, f"cannot read: {exc.strerror or exc}")
    return SourceFile(doc_id, real, sha, size, seen)


def _walk(folder: Path | str, prefix: str) -> Iterator[tuple[str, bool]]:
    """(doc id, is a link) of every file under `folder` (its ids starting with `prefix`), told by the
    folder's own listing of entry types: a corpus of thousands of files is walked at every refresh, and
    four `stat`s and three `Path`s a file (one of each left, in `_look`) were most of its scan."""
    with os.scandir(folder) as entries:
        found = list(entries)
    for entry in found:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):  # a link to a folder is not entered: reported as a file
            yield from _walk(entry.path, f"{prefix}{entry.name}/")
        elif entry.is_symlink() or entry.is_file():
            yield f"{prefix}{entry.name}", entry.is_symlink()


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in blocks: a large PDF, or a 100k-chunk segment's ~55 MB of BM25
    postings, never sits whole in memory (reading them into one buffer first took as long as the hash)."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def read(source: SourceFile, parse_timeout_s: float = 30.0, parse_memory_mb: int = 1024) -> Document:
    """Parse one file into a `Document`; raises `Unreadable` with the reason."""
    suffix = source.path.suffix.lower()
    if suffix == ".pdf":
        from rag.pdf import read_caged

        title, text = read_caged(source.path, parse_timeout_s, parse_memory_mb)
        kind = "pdf"
    else:
        raw = source.path.read_bytes()
        decoded = decode_text(raw)
        if suffix in {".html", ".htm"}:
            title, text = html_to_text(decoded)
            kind = "html"
        else:
            text = decoded
            title = markdown_title(text)
            kind = "markdown" if suffix in {".md", ".markdown"} else "text"
    if not text.strip():
        raise Unreadable("no text in file" if source.size else "empty file")
    return Document(source.id, title or title_from_name(source.id), text, source.sha256, kind)
