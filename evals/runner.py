"""Runner: the golden set + settings → every question answered and scored, results written, an exit code.

Answers come from temporary indexes (`evals.indexes`): the clean one for the fact, multi and unanswerable
questions, the one with the planted documents for the injection questions (`planted_everywhere=True`
answers every question against the second one instead). The embedding model, each index and the chat
model are loaded once and reused for every question; the conversation and claim sets beside the golden
set run on the clean index. The one decision this stage owns: the exit code — 1 when a metric breaks its
floor in `evals/floors.yaml` (and floors are checked), else 0.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from rich.console import Console
from rich.progress import Progress, TaskID

from evals import claims, conversations, metrics, report
from evals.asking import Context, answer_one
from evals.floors import judge, parse_floors, read_floors
from evals.indexes import BuiltIndex, build_indexes, source_reader
from evals.manifest import RunInputs, manifest
from evals.progress import print_progress_line, progress
from evals.records import Record, SetResult, load_list, load_suite
from rag.config import Settings

if TYPE_CHECKING:
    from rag.answer import Assistant
    from rag.llm import Selection


class SetRecord(Protocol):
    """One record of an extra set (`evals.claims.ClaimRecord`, `evals.conversations.TurnRecord`)."""

    def as_json(self) -> dict[str, Any]: ...


class ExtraSet(Protocol):
    """A set run beside the golden set (`evals.conversations`, `evals.claims`): a module with these."""

    def run(
        self,
        items: Sequence[Mapping[str, Any]],
        assistant: Any,
        on_done: Callable[[Any], object] | None = None,
        /,
    ) -> Sequence[SetRecord]: ...
    def summarise(self, records: Sequence[Any], /) -> Mapping[str, Any]: ...
    def markdown(self, summary: Mapping[str, Any], records: Sequence[Any], /) -> str: ...


CONSOLE_WIDTH = 160  # when the output is not a terminal (a log, CI): wide enough for the tables' rows
EXTRA_SETS: dict[str, ExtraSet] = {"conversations": conversations, "claims": claims}
# With a per-type limit, the extra sets are cut to this many items per golden item of each type.
EXTRA_PER_LIMIT = 3


@dataclass(frozen=True)
class Answered:
    """What the questions got: their records, the extra sets' results, the backend and the indexes."""

    records: list[Record]
    extra: dict[str, SetResult]
    selection: Selection
    indexes: dict[str, BuiltIndex]


def _console(stderr: bool) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, width=None if stream.isatty() else CONSOLE_WIDTH)


def run_suite(
    settings: Settings,
    suite: Path,
    out: Path,
    limit_per_type: int | None,
    check_floors: bool,
    *,
    planted_everywhere: bool = False,
) -> int:
    """Answer and score the suite, write latest.json, report.md and the plots to `out`; the exit code."""
    from rag import corpus

    started = time.perf_counter()
    err = _console(stderr=True)
    items = load_suite(suite, limit_per_type)
    corpus_files, _ = corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))
    planted_files = sorted((suite.parent / "adversarial").glob("*.md"))
    run = RunInputs(
        settings, suite, items, limit_per_type, planted_everywhere, corpus_files, planted_files, started
    )
    # A malformed floors file fails now, not after the run.
    floors_raw = read_floors()
    parse_floors(floors_raw, settings.backend)
    answered = _answer_all(run, err)
    groups = metrics.summarise_by_type(answered.records)
    by_kind = metrics.summarise_by_kind(answered.records)
    for result in answered.extra.values():
        groups["overall"].update({k: v for k, v in result.summary.items() if isinstance(v, float | int)})
    verdicts = judge(parse_floors(floors_raw, answered.selection.model.backend), groups["overall"])
    made = manifest(run, answered.selection, answered.indexes)
    report.write_all(out, made, groups, verdicts, answered.records, by_kind, answered.extra)
    console = _console(stderr=False)
    console.print(report.console_table(groups, verdicts))
    console.print(report.kind_table(by_kind))
    err.print(f"results in {out}/ (latest.json, report.md); {made['duration_s']:.0f} s")
    failed = [v.floor.metric for v in verdicts if v.status == "FAIL"]
    if failed and check_floors:
        err.print(f"[red]below the floor: {', '.join(failed)}[/]")
        return 1
    return 0


def _index_for(item_type: str, planted_everywhere: bool) -> str:
    return "planted" if planted_everywhere or item_type == "injection" else "clean"


def _answer_all(run: RunInputs, err: Console) -> Answered:
    """Build the indexes the items need, pick the backend, answer every item and the extra sets."""
    from rag.answer import SYSTEM_PROMPT
    from rag.llm import select

    read_real = source_reader(run.settings.corpus_dir)
    real_text = "\n".join(read_real(f.id) or "" for f in run.corpus_files)
    planted_ids = {p.name for p in run.planted_files}
    with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp_name:
        needed = {_index_for(i.type, run.planted_everywhere) for i in run.items}
        assistants, indexes = build_indexes(
            run.settings, Path(tmp_name), sorted(needed), run.planted_files, err
        )
        first = next(iter(assistants.values()))
        selection = select(first.settings, run.settings.backend)
        if selection.note:
            err.print(f"[yellow]{selection.note}[/]")
        contexts = {
            name: Context(
                selection.model.backend,
                source_reader(a.settings.corpus_dir),
                real_text,
                planted_ids,
                SYSTEM_PROMPT,
            )
            for name, a in assistants.items()
        }
        records = _ask_items(run, assistants, contexts, err)
        extra = _run_extra_sets(run.suite.parent, assistants.get("clean"), run.limit_per_type, err)
    return Answered(records, extra, selection, indexes)


def _ask_items(
    run: RunInputs, assistants: dict[str, Assistant], contexts: dict[str, Context], err: Console
) -> list[Record]:
    """Every golden item, asked on its index, with a progress bar and a line per answer."""
    records = []
    with progress(err) as bar:
        task = bar.add_task("questions", total=len(run.items))
        for item in run.items:
            name = _index_for(item.type, run.planted_everywhere)
            bar.update(task, description=item.id)
            record = answer_one(item, assistants[name], contexts[name])
            record.index, record.kind = name, item.kind
            records.append(record)
            bar.advance(task)
            print_progress_line(bar.console, record)
    return records


def _run_extra_sets(
    folder: Path, assistant: Assistant | None, limit: int | None, err: Console
) -> dict[str, SetResult]:
    """The conversation set and the claim set beside the golden set, when present."""
    out: dict[str, SetResult] = {}
    if assistant is None:
        return out
    for name, module in EXTRA_SETS.items():
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        items = load_list(path)[: limit * EXTRA_PER_LIMIT if limit else None]
        with progress(err) as bar:
            task = bar.add_task(name, total=len(items))
            records = module.run(items, assistant, partial(_advance, bar, task))
            bar.update(task, completed=len(items))
        summary = module.summarise(records)
        rows = [r.as_json() for r in records]
        out[name] = SetResult(dict(summary), rows, module.markdown(summary, records))
    return out


def _advance(bar: Progress, task: TaskID, _record: object) -> None:
    bar.advance(task)
