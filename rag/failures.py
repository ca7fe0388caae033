"""Failures: an exception from Chroma, SQLite or the disk → one line a user can act on (or None: not ours).

A refresh that could not write (`write_failure`: disk full, read-only folder, a Chroma server gone) says
the previous version still answers; a version Chroma could not read (`read_failure`) says how to make it
readable; `explain` names the store's failures met while answering. The CLI and the page print the line.
The one decision this module owns: which exceptions are the disk's or the store's, read from their type,
errno and wording (Chroma's Rust core hides the cause in its message, when it keeps it at all).
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import sqlite3
from pathlib import Path

from rag.config import Settings
from rag.errors import IndexUnwritable, RagError, StoreUnavailable, damaged, one_line
from rag.manifest import versions_dir

LOW_SPACE = 16 * 2**20  # bytes: below this, a failed write of the local store is taken for a full disk
_NO_SPACE = ("No space left", "disk is full", "(code: 13)", "os error 28")
_READ_ONLY = ("readonly database", "(code: 8)", "Read-only file system", "Permission denied", "os error 13")
_UNREACHABLE = ("Could not connect", "Connection refused", "connection", "Connect", "Server disconnected")


def _text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _no_space(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return any(s in _text(exc) for s in _NO_SPACE)


def _read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    return any(s in _text(exc) for s in _READ_ONLY)


def unreachable(exc: BaseException) -> bool:
    """Whether the exception says the Chroma server did not answer."""
    import httpx

    if isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError)):
        return True
    return any(s in _text(exc) for s in _UNREACHABLE)


def _server(settings: Settings) -> str:
    return f"the Chroma server at {settings.chroma_host}:{settings.chroma_port}"


def _store_error(exc: BaseException) -> bool:
    return type(exc).__module__.startswith("chromadb") or isinstance(exc, sqlite3.DatabaseError)


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
    if settings.chroma_host and unreachable(exc):
        return StoreUnavailable(
            f"{_server(settings)} stopped answering during the refresh ({one_line(exc)}); nothing was "
            "changed; start the server again, then run `rag ingest`"
        )
    return None


def read_failure(settings: Settings, index_dir: Path, exc: BaseException) -> RagError:
    """A version that Chroma could not read, as one line."""
    if isinstance(exc, RagError):
        return exc
    if settings.chroma_host and unreachable(exc):
        return StoreUnavailable(
            f"{_server(settings)} is not answering ({one_line(exc)}); start it again "
            "(`chroma run --path DIR --host HOST --port PORT`) and ask again"
        )
    if _read_only(exc):
        return IndexUnwritable(
            f"the index in {index_dir} is read-only, and Chroma writes to its database even to read it; "
            f"make it writable (`chmod -R u+w {index_dir}`)"
        )
    return damaged(index_dir, f"Chroma cannot read it ({one_line(exc)})")


def explain(settings: Settings, exc: BaseException) -> RagError | None:
    """A failure met while answering (a question, a claim) that belongs to the store, as one line; None
    for anything else. The CLI and the page turn every error into one line; this names the store's."""
    if isinstance(exc, RagError):
        return exc
    if (settings.chroma_host and unreachable(exc)) or _store_error(exc):
        return read_failure(settings, settings.index_dir, exc)
    return None
