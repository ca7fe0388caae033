"""Report: a refresh → what it changed (`RefreshReport`), and the progress it shows on the way (`Progress`).

The CLI prints it (`--json` through `as_dict`), the page summarises it, the watcher yields one per refresh.
The one decision this module owns: what a refresh tells its caller, and the field names of its JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rag.corpus import Skipped

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
