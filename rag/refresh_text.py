"""Refresh text: a `RefreshReport` → the words a person reads about it, in `rag ingest` and on the page.

The one decision this module owns: how a refresh is told — the CLI's one counting line (`summary`), the
page's lines per kind of change (`change_lines`), and the phrase for a document that speaks to AI
assistants (`speaks_to_ai`), which `rag ingest`, `rag ingest --watch`, `rag status` and the page share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rag.ingest import RefreshReport


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
