"""Report: a refresh → what it changed (`RefreshReport`), and the progress it shows on the way (`Progress`).

The CLI prints it (`--json` through `as_dict`), the page summarises it, the watcher yields one per refresh;
`changes_between` reads one afterwards from two versions' manifests.
The one decision this module owns: what a refresh tells its caller, and the field names of its JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rag.corpus import Skipped
from rag.errors import IndexMissing
from rag.manifest import load_manifest

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class RefreshReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # unreadable now, previous chunks kept
    flagged: dict[str, str] = field(default_factory=dict)  # read this run and addressing AI assistants
    chunks_written: int = 0
    chunks_total: int = 0
    documents_total: int = 0
    seconds: float = 0.0
    version: str | None = None
    note: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "removed": len(self.removed),
            "unchanged": len(self.unchanged),
            "skipped": [{"source": s.id, "reason": s.reason} for s in self.skipped],
            "chunks_written": self.chunks_written,
            "chunks_total": self.chunks_total,
            "documents_total": self.documents_total,
            "seconds": round(self.seconds, 3),
            "version": self.version,
            "note": self.note,
            "flagged": [{"source": k, "words": v} for k, v in self.flagged.items()],
            "files": {
                "added": self.added,
                "updated": self.updated,
                "removed": self.removed,
                "kept": self.kept,
            },
        }


def changes_between(index_dir: Path, old: str | None, new: str) -> RefreshReport | None:
    """What changed from one index version to a later one, read from their manifests (no refresh needed).

    None when either version is no longer on disk (a refresh keeps only the current one and the one before).
    """
    try:
        after = load_manifest(index_dir, new)
        before = load_manifest(index_dir, old).documents if old else {}
    except IndexMissing:
        return None
    now = after.documents
    return RefreshReport(
        added=sorted(set(now) - set(before)),
        updated=sorted(k for k in now if k in before and before[k].sha256 != now[k].sha256),
        removed=sorted(set(before) - set(now)),
        unchanged=sorted(k for k in now if k in before and before[k].sha256 == now[k].sha256),
        chunks_total=after.chunk_count,
        documents_total=len(now),
        version=new,
    )
