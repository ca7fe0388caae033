"""Snapshot: a corpus folder → one cheap look at its files (size, mtime, inode), scratch files left out.

The watcher compares two looks a tick apart to tell a folder that has settled from one still being written.
The one decision this module owns: which names are scratch (an editor's swap file, a download in progress,
a lock file, a hidden file) and so never a document and never a change.
"""

from __future__ import annotations

import os
from pathlib import Path

# Scratch files of editors, office suites, browsers and file managers: never documents, never a change.
# Names starting with "." (vim's .x.swp, LibreOffice's .~lock.x#, .DS_Store) are hidden, as `corpus.scan`
# skips them too; "~$x.docx" is Word's lock file, "#x#" an Emacs auto-save, "x~" a backup, "4913" the file
# vim creates to test that a folder is writable.
_SCRATCH_PREFIXES = (".", "~", "#")
_SCRATCH_SUFFIXES = (".tmp", ".temp", ".swp", ".swx", ".part", ".partial", ".crdownload", ".download", "~")
_SCRATCH_NAMES = frozenset({"4913", "thumbs.db", "desktop.ini"})

Snapshot = dict[str, tuple[int, int, int]]  # path in the corpus → (size, mtime in ns, inode)


def ignored(name: str) -> bool:
    """Whether a file or folder name is an editor's or a tool's scratch file (or hidden)."""
    lower = name.lower()
    return lower.startswith(_SCRATCH_PREFIXES) or lower.endswith(_SCRATCH_SUFFIXES) or lower in _SCRATCH_NAMES


def snapshot(corpus_dir: Path, index_dir: Path | None = None) -> Snapshot:
    """Size, mtime and inode of every file of the corpus that is not scratch: one cheap look, no reading."""
    looks: Snapshot = {}
    for folder, dirs, files in os.walk(corpus_dir):
        dirs[:] = [d for d in dirs if not ignored(d) and Path(folder, d) != index_dir]
        for name in files:
            if ignored(name):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)  # through a link: an edit of its target is an edit of the document
            except OSError:
                try:
                    info = os.lstat(path)  # a broken link is still an entry (`scan` reports it)
                except OSError:
                    continue  # gone between listing and looking: the next look tells
            looks[os.path.relpath(path, corpus_dir)] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return looks
