"""Watch: changes in the corpus folder → a refreshed index each time the folder settles, one `WatchEvent` each.

In: the `Settings` (corpus folder, index folder) and optionally a loaded embedder, which every refresh
reuses. Out: a `WatchEvent` per refresh — its `RefreshReport`, or why it failed (the previous index then
stays current, and watching goes on). The first event brings the index in line with the folder as it is.

The one decision this stage owns: when the folder has settled. File events (`watchfiles`: inotify,
FSEvents, …) only wake the watcher up; a refresh starts once no event came for `quiet_s` AND two looks at
every file's size, mtime and inode, a tick apart, agree. So a file still being copied or saved is never
indexed half-way, a bulk copy of many files is one refresh, and an editor's atomic save (write a scratch
file, rename it over the document) is one change. Scratch files (`ignored`) never count as a change.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import watchfiles

from rag.config import Settings
from rag.errors import CorpusError, IndexBusy, RagError
from rag.ingest import Progress, RefreshReport, refresh
from rag.report import changes_between
from rag.snapshot import Snapshot, ignored, snapshot

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

__all__ = ["QUIET_S", "WatchEvent", "changes_between", "ignored", "refreshes", "snapshot", "watch"]

QUIET_S = 1.0  # no event for this long before the folder may count as settled
TICK_S = 0.25  # how often the watcher looks while waiting: the second look comes one tick after the first
EVENT_GROUP_MS = 50  # file events this close together come as one set (a save is several events)


@dataclass(frozen=True)
class WatchEvent:
    """One refresh the watcher made: its report, or the error that stopped it (the old index stays)."""

    report: RefreshReport | None
    error: Exception | None = None
    at: float = field(default_factory=time.time)  # wall-clock time the refresh ended

    @property
    def message(self) -> str:
        """The error as one line a user can act on ("" when the refresh succeeded)."""
        if self.error is None:
            return ""
        if isinstance(self.error, RagError):
            return str(self.error)
        return f"{type(self.error).__name__}: {self.error}"


def refreshes(
    settings: Settings,
    *,
    embedder: BaseEmbedding | None = None,
    stop_event: threading.Event | None = None,
    quiet_s: float = QUIET_S,
    progress: Progress | None = None,
) -> Generator[WatchEvent, None, None]:
    """Refresh the index now, then again each time the corpus folder has changed and settled.

    Runs until `stop_event` is set (or Ctrl-C, in the main thread). `progress` is shown for the first
    refresh only. The embedder is loaded once here when none is given, so a change is indexed in a
    fraction of a second rather than after a model load.
    """
    stop = stop_event or threading.Event()
    if embedder is None:
        from rag.embeddings import load_embedder

        embedder = load_embedder(settings)
    root = settings.corpus_dir.resolve()
    index_dir = settings.index_dir.resolve()

    # `indexed` is the look the last refresh started from; None when no refresh has caught up yet. The
    # look is taken before the refresh, so a file that changes while it runs differs and is indexed next.
    indexed: Snapshot | None = snapshot(root, index_dir)
    first = _refresh(settings, embedder, progress)
    if isinstance(first.error, IndexBusy):
        indexed = None  # another writer is busy: catch up as soon as it is done
    gone_reported = isinstance(first.error, CorpusError)  # the first refresh already said it is missing
    yield first

    while not stop.is_set():
        if not root.is_dir():
            # Removing the watched folder blinds the file watcher; wait for the folder to come back.
            if not gone_reported:
                yield WatchEvent(None, CorpusError(f"corpus folder {root} is gone; waiting for it to return"))
                gone_reported = True
            if stop.wait(TICK_S):
                return
            continue
        gone_reported = False
        indexed = yield from _while_present(settings, embedder, root, index_dir, stop, quiet_s, indexed)


def _while_present(
    settings: Settings,
    embedder: BaseEmbedding,
    root: Path,
    index_dir: Path,
    stop: threading.Event,
    quiet_s: float,
    indexed: Snapshot | None,
) -> Generator[WatchEvent, None, Snapshot | None]:
    """Refresh each time the folder has changed and settled, until it is gone or `stop` is set; returns the
    look the last refresh started from (`indexed`, as `refreshes` keeps it)."""
    # Changes made while the watcher was not yet running (the first refresh, a vanished folder) are
    # found by the first look, taken a quiet period after the watcher started.
    dirty, last_change, previous_look = True, time.monotonic(), None
    with contextlib.closing(_file_events(root, index_dir, stop)) as events, _unless_gone(root):
        for changes in events:
            now = time.monotonic()
            if changes:
                dirty, last_change, previous_look = True, now, None
                continue
            if not root.is_dir():
                break
            if not dirty or now - last_change < quiet_s:
                continue
            look = snapshot(root, index_dir)
            if look != previous_look:
                previous_look = look  # the first look, or files still growing: look again a tick later
                continue
            if look == indexed:
                dirty = False  # only scratch files came and went, or a change was undone
                continue
            event = _refresh(settings, embedder)
            if isinstance(event.error, IndexBusy):
                last_change = time.monotonic()  # another refresh holds the lock: try again when quiet
                continue
            dirty, indexed, previous_look = False, look, None
            yield event
    return indexed


def watch(
    settings: Settings,
    on_refresh: Callable[[WatchEvent], None],
    *,
    stop_event: threading.Event | None = None,
    quiet_s: float = QUIET_S,
    embedder: BaseEmbedding | None = None,
) -> None:
    """Keep the index in line with the corpus folder until `stop_event` is set; `on_refresh` gets each event."""
    for event in refreshes(settings, embedder=embedder, stop_event=stop_event, quiet_s=quiet_s):
        on_refresh(event)


def _file_events(
    root: Path, index_dir: Path, stop: threading.Event
) -> Generator[set[watchfiles.main.FileChange], None, None]:
    """Sets of file changes under `root`, scratch files left out; an empty set every tick without one."""

    def counts(_change: watchfiles.Change, raw: str) -> bool:
        path = Path(raw)
        if path.is_relative_to(index_dir):
            return False  # an index kept inside the corpus folder must not wake its own watcher
        parts = path.relative_to(root).parts if path.is_relative_to(root) else (path.name,)
        return not any(ignored(part) for part in parts)

    yield from watchfiles.watch(
        root,
        watch_filter=counts,
        stop_event=stop,
        step=EVENT_GROUP_MS,
        rust_timeout=int(TICK_S * 1000),
        yield_on_timeout=True,
    )


@contextlib.contextmanager
def _unless_gone(root: Path) -> Generator[None, None, None]:
    """The folder removed just as the file watcher starts on it: the watch loop then waits for it."""
    try:
        yield
    except FileNotFoundError:
        if root.is_dir():
            raise


def _refresh(settings: Settings, embedder: BaseEmbedding, progress: Progress | None = None) -> WatchEvent:
    try:
        report = refresh(settings, embedder=embedder, progress=progress)
    except Exception as exc:  # one failed refresh must not end the watch: it is reported, the old index stays
        return WatchEvent(None, exc)
    return WatchEvent(report)
