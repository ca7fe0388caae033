"""Progress: the eval's questions as they are answered → a bar and one line per question on the console.

The one decision this module owns: what a line says about one answered question — ok or not, its time,
and its first problem, clipped to `PROBLEM_CHARS` so a line stays one line.
"""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from evals.records import Record

PROBLEM_CHARS = 70  # of the first problem on a progress line


def progress(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<48}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=console,
    )


def clip(text: str, limit: int) -> str:
    """The text cut to `limit` characters, an ellipsis showing where."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def print_progress_line(console: Console, record: Record) -> None:
    """One line per answered question: ok or not, its time, and the first problem."""
    t = record.timings
    mark = "[green]✓[/]" if not record.problems else "[red]✗[/]"
    timing = (
        f"{t.get('total_s', 0):5.1f} s "
        f"(retrieve {t.get('retrieve_s', 0):.2f}, generate {t.get('generate_s', 0):.1f})"
    )
    first = f"  [dim]{clip(record.problems[0], PROBLEM_CHARS)}[/]" if record.problems else ""
    console.print(f"{mark} {record.id:<48} {timing}{first}", highlight=False, markup=True)
