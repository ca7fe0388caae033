"""Refresh text: a `RefreshReport` → the words a person reads about it, in `rag ingest` and on the page.

The one decision this module owns: how a refresh is told — the CLI's one counting line (`summary`), the
page's lines per kind of change (`change_lines`), its box after adding files (`refresh_outcome`), its news
of a refresh made elsewhere (`news`), the age of the index (`age`), and the phrase for a document that
speaks to AI assistants (`speaks_to_ai`), which `rag ingest`, `rag ingest --watch`, `rag status` and the
page share. Plain text: the page escapes it before showing it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rag.report import RefreshReport
    from rag.uploads import SavedUpload

MINUTE_S, HOUR_S, DAY_S = 60, 3600, 86400  # the steps `age` counts in


def speaks_to_ai(words: str) -> str:
    """Why a document is flagged, quoting its words."""
    return f"it speaks to AI assistants (“{words}”)"


def summary(report: RefreshReport) -> str:
    """The one line `rag ingest` ends with: counts by kind of change, chunks, seconds."""
    return (
        f"added {len(report.added)}, updated {len(report.updated)}, removed {len(report.removed)}, "
        f"unchanged {len(report.unchanged)}, skipped {len(report.skipped)}; "
        f"{report.chunks_written} chunks written, {report.chunks_total} in the index; "
        f"{report.seconds:.2f} s"
    )


def change_lines(report: RefreshReport) -> list[str]:
    """What a refresh changed, one line per kind of change (plain text), for the page."""
    lines = []
    for kind, names in (("Added", report.added), ("Updated", report.updated), ("Removed", report.removed)):
        if names:
            lines.append(f"{kind} ({len(names)}): {', '.join(names)}")
    for s in report.skipped:
        lines.append(f"Skipped {s.id}: {s.reason}")
    for doc_id, words in report.flagged.items():
        lines.append(f"Flagged {doc_id}: {speaks_to_ai(words)}, so its passages are left out of answers")
    if report.kept:
        lines.append(f"Kept the previous version of {', '.join(report.kept)} (unreadable now)")
    if report.note:
        lines.append(report.note)
    if not (report.changed or report.skipped or report.kept):
        lines.append(f"Nothing changed: {len(report.unchanged)} documents are up to date")
    return lines


@dataclass(frozen=True)
class RefreshOutcome:
    """What the page says after adding files or refreshing (plain text; escape before display)."""

    level: Literal["success", "info", "warning", "error"]
    headline: str
    lines: list[str] = field(default_factory=list)


def refresh_outcome(
    report: RefreshReport | None, saved: list[SavedUpload], rejected: list[str], error: str = ""
) -> RefreshOutcome:
    lines = [s.describe() for s in saved] + [f"Not saved: {r}" for r in rejected]
    if error:
        return RefreshOutcome("error", f"The index was not refreshed: {error}", lines)
    if report is None:
        return RefreshOutcome("error", "No file was saved, so the index was not refreshed.", lines)
    lines += change_lines(report)
    counts = (
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{len(report.skipped)} skipped"
    )
    level: Literal["success", "info", "warning"] = "success" if report.changed else "info"
    if report.skipped or rejected or report.flagged:
        level = "warning"
    return RefreshOutcome(level, f"Index refreshed in {report.seconds:.1f} s: {counts}.", lines)


def news(report: RefreshReport | None, when: datetime) -> tuple[str, list[str]]:
    """("2 documents added, 1 updated — 10:42", the files by kind) for a new index version."""
    stamp = when.strftime("%H:%M")
    if report is None:  # the version the page showed is gone (two refreshes in a row): no diff to tell
        return f"The index was updated — {stamp}", []
    counts = [
        (len(report.added), "added"),
        (len(report.updated), "updated"),
        (len(report.removed), "removed"),
    ]
    shown = [(n, verb) for n, verb in counts if n]
    if not shown:
        return f"The index was rebuilt — {stamp}", []
    (n, verb), rest = shown[0], shown[1:]
    parts = [f"{n} document{'s' * (n != 1)} {verb}", *(f"{k} {v}" for k, v in rest)]
    return f"{', '.join(parts)} — {stamp}", change_lines(report)


def age(epoch: float, now: float | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago'."""
    seconds = max(0.0, (time.time() if now is None else now) - epoch)
    if seconds < MINUTE_S:
        return "just now"
    if seconds < HOUR_S:
        return f"{int(seconds // MINUTE_S)} min ago"
    if seconds < DAY_S:
        return f"{int(seconds // HOUR_S)} h ago"
    days = int(seconds // DAY_S)
    return f"{days} day{'s' if days > 1 else ''} ago"
