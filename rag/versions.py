"""Versions: a refresh's writes → a new index version, made current in one atomic step, or nothing at all.

The one decision this module owns: readers never open a store a writer is changing. Chroma is not safe
against a kill mid-flush or a second writer (chroma-core/chroma #7040, #3792, #7238), so a refresh takes
the writer lock, builds a new version beside the current one (`start_version`), and only then writes its
manifest and switches CURRENT to it (`commit_version`, each file written durably and renamed into place).
A killed refresh leaves the previous version untouched; the next writer sweeps the debris away (`sweep`).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from rag.config import Settings
from rag.errors import IndexBusy, IndexMissing, StoreUnavailable
from rag.failures import unreachable
from rag.manifest import CURRENT, MANIFEST, Manifest, current_version, load_manifest, versions_dir
from rag.vectors import delete_collection

LOCK = ".lock"  # held by the one writer; holds its pid, for the message a second writer gets


@contextlib.contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Only one refresh at a time; a second one exits at once with a message saying why."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK).open("a+") as fh:
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


def start_version(index_dir: Path, name: str | None = None) -> str:
    """Create a new, not yet current, version: an empty folder for the segment it writes. It copies
    nothing: the segments it reads stay where they are, closed to writers once committed."""
    name = name or new_version_name()
    (versions_dir(index_dir) / name).mkdir(parents=True)
    return name


def commit_version(index_dir: Path, manifest: Manifest) -> None:
    """Write the manifest, then make the version current in one atomic rename (the commit point)."""
    path = versions_dir(index_dir) / manifest.version
    write_durably(path / MANIFEST, manifest.to_json())
    write_durably(index_dir / CURRENT, manifest.version + "\n")


def write_durably(path: Path, text: str) -> None:
    """Replace `path` with `text` all at once, on the disk before this returns (the file and its folder)."""
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


def discard(settings: Settings, index_dir: Path, version: str) -> None:
    """Remove what a failed refresh wrote, unless it became current (a failure after the commit)."""
    if current_version(index_dir) == version:
        return
    folder = versions_dir(index_dir) / version
    shutil.rmtree(folder, ignore_errors=True)
    if settings.chroma_host:
        try:
            delete_collection(settings, folder)
        except Exception:
            # The server may be the thing that failed: an empty folder stays as the mark by which the
            # next sweep finds the collection it left on the server, and deletes it once the server answers.
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)


def sweep(settings: Settings, index_dir: Path, known: Iterable[Manifest] = ()) -> None:
    """Delete versions that are neither current nor the one before it (readers may still hold that one),
    nor a segment either of them reads. `known`: manifests the caller holds, as committed (a committed
    version's manifest never changes), not read again: at 100k chunks each reading takes ~0.1 s."""
    held = {m.version: m for m in known}
    keep: set[str | None] = set()
    version = current_version(index_dir)
    for _ in range(2):  # the current version, then the one before it
        keep.add(version)
        if version is None:
            break
        try:
            manifest = held.get(version) or load_manifest(index_dir, version)
        except IndexMissing:
            break
        keep.update(manifest.segments)
        version = manifest.previous
    root = versions_dir(index_dir)
    if not root.exists():
        return
    for entry in root.iterdir():
        if entry.name in keep:
            continue
        if settings.chroma_host:
            try:
                delete_collection(settings, entry)
            except Exception as exc:  # NotFoundError (never written, or gone) is no reason to keep it
                if isinstance(exc, StoreUnavailable) or unreachable(exc):
                    continue  # the server is away: the folder stays as the mark of its collection
        shutil.rmtree(entry, ignore_errors=True)
