"""CLI: `rag ingest | ask | verify | status`, a thin layer over the library (the page calls the same functions).

`rag eval …` is added one layer out, by `evals/cli.py`, which is what the `rag` console script runs: this
package never imports `evals/`. `python -m rag.cli` runs these commands alone.

Exit codes: 0 success, 2 bad usage or input, 1 anything else. Errors are one line on stderr, never a
traceback. Heavy libraries are imported inside the commands, so `rag status` does not pay for a model.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from rag.config import Settings
from rag.errors import RagError
from rag.refresh_text import speaks_to_ai, summary

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from rag.ingest import RefreshReport

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Cited answers from your own documents.")
T = TypeVar("T")

IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder (default .rag/index).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def settings_with(**overrides: Any) -> Settings:
    """Settings with the options the user gave (None: not given, so the environment or default holds)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def fail(message: str, code: int) -> None:
    """One line on stderr, then the exit code."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def run(fn: Callable[[], T], settings: Callable[[], Settings] | None = None) -> T:
    """Run a command body, turning every failure into one line on stderr and the contract's exit code.
    With `settings`, a failure of the index store (damaged, unreachable server) is named as such."""
    try:
        return fn()
    except typer.Exit:
        raise
    except RagError as exc:
        fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as exc:
        from rag.store import explain

        known = explain(settings(), exc) if settings is not None else None
        fail(str(known) if known else " ".join(f"{type(exc).__name__}: {exc}".split()), 1)
    raise AssertionError("unreachable")  # pragma: no cover


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A rich progress bar on stderr, one task per stage (reading, chunking, embedding, indexing)."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description:>15}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


@app.command()
def ingest(
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Corpus folder (default corpus/).")] = None,
    index: IndexOpt = None,
    as_json: JsonOpt = False,
    watch: Annotated[
        bool, typer.Option("--watch", help="Keep running: refresh again whenever the corpus folder changes.")
    ] = False,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Embed the whole corpus again, ignoring the current (damaged) index."),
    ] = False,
) -> None:
    """Refresh the index from the corpus folder: only added or changed documents are embedded."""

    def body() -> None:
        from rag.embeddings import load_embedder
        from rag.ingest import refresh

        settings = settings_with(corpus_dir=corpus, index_dir=index)
        embedder = load_embedder(settings) if watch else None  # watching: one model for every refresh
        with _progress(sys.stderr.isatty()) as progress:
            report = refresh(settings, embedder=embedder, progress=progress, rebuild=rebuild)
        if as_json:
            typer.echo(json.dumps(report.as_dict()))
            if watch:
                _watch(settings, embedder, report, as_json)
            return
        for skipped in report.skipped:
            kept = " (previous version kept)" if skipped.id in report.kept else ""
            typer.echo(f"skipped {skipped.id}: {skipped.reason}{kept}", err=True)
        for doc_id, words in report.flagged.items():
            typer.echo(
                f"flagged {doc_id}: {speaks_to_ai(words)}; its passages are left out of "
                "answers (RAG_USE_FLAGGED_DOCUMENTS=true uses them)",
                err=True,
            )
        if report.note:
            typer.echo(report.note)
        typer.echo(summary(report))
        from rag.coverage import ingest_hint

        if hint := ingest_hint(settings, [*report.added, *report.updated]):
            typer.echo(hint)
        if watch:
            _watch(settings, embedder, report, as_json)

    run(body)


def _watch(settings: Settings, embedder: BaseEmbedding | None, first: RefreshReport, as_json: bool) -> None:
    """`rag ingest --watch` after its first refresh: one timestamped line per refresh until Ctrl-C (exit 0).

    A failed refresh is one line on stderr and watching goes on. Files skipped before are not listed again
    on every refresh; a catch-up refresh (changes made during the first one) is shown only if it did something.
    """
    from rag.watch import refreshes

    typer.echo(f"watching {settings.corpus_dir} for changes; Ctrl-C stops", err=True)
    known = {s.id for s in first.skipped}
    events = refreshes(settings, embedder=embedder)
    try:
        for n, event in enumerate(events):
            stamp = time.strftime("%H:%M:%S", time.localtime(event.at))
            report = event.report
            if report is None:
                typer.echo(f"{stamp} error: {event.message}; still watching", err=True)
                continue
            new_skips = [s for s in report.skipped if s.id not in known]
            known = {s.id for s in report.skipped}
            if n == 0 and not (report.changed or new_skips):
                continue  # the catch-up refresh found the index in line, as it should
            if as_json:
                typer.echo(json.dumps({"time": stamp, **report.as_dict()}))
                continue
            for skipped in new_skips:
                kept = " (previous version kept)" if skipped.id in report.kept else ""
                typer.echo(f"{stamp} skipped {skipped.id}: {skipped.reason}{kept}", err=True)
            for doc_id, words in report.flagged.items():
                typer.echo(f"{stamp} flagged {doc_id}: {speaks_to_ai(words)}", err=True)
            if report.note:
                typer.echo(f"{stamp} {report.note}")
            typer.echo(f"{stamp} {summary(report)}")
    except KeyboardInterrupt:
        typer.echo("stopped watching", err=True)
    finally:
        events.close()  # lets go of the file watcher


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    index: IndexOpt = None,
    backend: Annotated[
        str | None, typer.Option("--backend", help="auto, ollama, embedded or mock (a scripted demo model).")
    ] = None,
    top_k: Annotated[
        int | None, typer.Option("--top-k", min=1, max=20, help="Passages given to the model.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the indexed documents, every sentence cited."""

    def body() -> None:
        from rag.answer import Assistant
        from rag.llm import backend_named

        chosen = backend_named(backend) if backend is not None else None
        answer = Assistant(settings_with(index_dir=index, backend=chosen)).ask(question, top_k=top_k)
        if as_json:
            typer.echo(json.dumps(answer.as_dict(), ensure_ascii=False))
            return
        typer.echo(answer.text)
        for c in answer.citations:
            where = f"{c.source}:{c.line_start}-{c.line_end}"
            section = f" — {c.section}" if c.section else ""
            typer.echo(f"  [{c.n}] {c.title}{section} ({where})")
        if answer.note:
            typer.echo(f"note: {answer.note}", err=True)
        typer.echo(f"({answer.backend} {answer.model}, {answer.timings['total_s']:.1f} s)", err=True)

    run(body, lambda: settings_with(index_dir=index))


@app.command()
def verify(
    claim: Annotated[str, typer.Argument(help="The claim to check, in quotes.")],
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a claim against the whole corpus: supported, contradicted or not found, with the deciding passage."""

    def body() -> None:
        from rag.answer import Assistant

        result = Assistant(settings_with(index_dir=index)).verify(claim)
        if as_json:
            typer.echo(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        typer.echo(f"{result.verdict.replace('_', ' ')}: {result.explanation}")
        for c in result.citations:
            for start, end in c.highlights:
                quote = " ".join(c.text[start - c.start : end - c.start].split())
                typer.echo(f"  [{c.n}] “{quote}”")
            typer.echo(f"      {c.title} ({c.source}:{c.line_start}-{c.line_end})")
        typer.echo(f"({result.seconds:.2f} s)", err=True)

    run(body, lambda: settings_with(index_dir=index))


@app.command()
def status(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """Show what the index holds: documents, chunks, embedding model, last refresh, corpus hash."""

    def body() -> None:
        from rag.coverage import corpus_coverage, coverage_line
        from rag.status import index_status

        settings = settings_with(index_dir=index)
        info = index_status(settings, deep=True)
        try:
            cov = corpus_coverage(settings)
        except RagError:  # no corpus folder here: nothing to cover
            cov = None
        if as_json:
            uncovered = {
                "uncovered": cov.uncovered if cov else None,
                "changed_since_golden": cov.changed if cov else None,
            }
            typer.echo(json.dumps({**info.as_dict(), **uncovered}))
        if info.problem:
            fail(info.problem, 1)
        if as_json:
            return
        if not info.ready:
            typer.echo(f"no index at {info.index_dir}; build it with `rag ingest`")
            return
        refreshed = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(info.last_refresh))
        typer.echo(
            f"index {info.index_dir} (version {info.version})\n"
            f"documents {info.documents}, chunks {info.chunks}\n"
            f"embedding model {info.embedding_model} (dimension {info.dimension})\n"
            f"last refresh {refreshed}\ncorpus hash {info.corpus_hash}"
        )
        use = "used in answers" if info.flagged_used else "left out of answers"
        for doc_id, words in info.flagged.items():
            typer.echo(f"flagged {doc_id} ({use}): {speaks_to_ai(words)}")
        if cov is not None:
            typer.echo(coverage_line(cov))

    run(body)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
