"""CLI: `rag ingest | ask | status | eval`, a thin layer over the library (the page calls the same functions).

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
from typing import Annotated, Any, TypeVar

import typer

from rag.config import Settings
from rag.errors import RagError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Cited answers from your own documents.")
T = TypeVar("T")

IndexOpt = Annotated[Path | None, typer.Option("--index", help="Index folder (default .rag/index).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _settings(**overrides: Any) -> Settings:
    return Settings(**{k: v for k, v in overrides.items() if v is not None})


def _fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _run(fn: Callable[[], T]) -> T:
    """Run a command body, turning every failure into one line on stderr and the contract's exit code."""
    try:
        return fn()
    except typer.Exit:
        raise
    except RagError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:
        _fail(f"{type(exc).__name__}: {exc}", 1)
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
) -> None:
    """Refresh the index from the corpus folder: only added or changed documents are embedded."""

    def body() -> None:
        from rag.ingest import refresh

        settings = _settings(corpus_dir=corpus, index_dir=index)
        with _progress(sys.stderr.isatty()) as progress:
            report = refresh(settings, progress=progress)
        if as_json:
            typer.echo(json.dumps(report.as_dict()))
            return
        for skipped in report.skipped:
            kept = " (previous version kept)" if skipped.id in report.kept else ""
            typer.echo(f"skipped {skipped.id}: {skipped.reason}{kept}", err=True)
        for doc_id, words in report.flagged.items():
            typer.echo(
                f"flagged {doc_id}: it speaks to AI assistants (“{words}”); its passages are left out of "
                "answers (RAG_USE_FLAGGED_DOCUMENTS=true uses them)",
                err=True,
            )
        if report.note:
            typer.echo(report.note)
        typer.echo(
            f"added {len(report.added)}, updated {len(report.updated)}, removed {len(report.removed)}, "
            f"unchanged {len(report.unchanged)}, skipped {len(report.skipped)}; "
            f"{report.chunks_written} chunks written, {report.chunks_total} in the index; "
            f"{report.seconds:.2f} s"
        )

    _run(body)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    index: IndexOpt = None,
    backend: Annotated[str | None, typer.Option("--backend", help="auto, ollama or embedded.")] = None,
    top_k: Annotated[
        int | None, typer.Option("--top-k", min=1, max=20, help="Passages given to the model.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the indexed documents, every sentence cited."""

    def body() -> None:
        from rag.answer import Assistant

        if backend not in (None, "auto", "ollama", "embedded"):
            _fail(f"unknown backend {backend!r}; use auto, ollama or embedded", 2)
        settings = _settings(index_dir=index, backend=backend)
        answer = Assistant(settings).ask(question, top_k=top_k)
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

    _run(body)


@app.command()
def verify(
    claim: Annotated[str, typer.Argument(help="The claim to check, in quotes.")],
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check a claim against the whole corpus: supported, contradicted or not found, with the deciding passage."""

    def body() -> None:
        from rag.answer import Assistant

        result = Assistant(_settings(index_dir=index)).verify(claim)
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

    _run(body)


@app.command()
def status(index: IndexOpt = None, as_json: JsonOpt = False) -> None:
    """Show what the index holds: documents, chunks, embedding model, last refresh, corpus hash."""

    def body() -> None:
        from rag.status import index_status

        info = index_status(_settings(index_dir=index))
        if as_json:
            typer.echo(json.dumps(info))
            return
        if not info["ready"]:
            typer.echo(f"no index at {info['index_dir']}; build it with `rag ingest`")
            return
        refreshed = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(info["last_refresh"]))
        typer.echo(
            f"index {info['index_dir']} (version {info['version']})\n"
            f"documents {info['documents']}, chunks {info['chunks']}\n"
            f"embedding model {info['embedding_model']} (dimension {info['dimension']})\n"
            f"last refresh {refreshed}\ncorpus hash {info['corpus_hash']}"
        )
        use = "used in answers" if info["flagged_used"] else "left out of answers"
        for doc_id, words in info["flagged"].items():
            typer.echo(f"flagged {doc_id} ({use}): it speaks to AI assistants (“{words}”)")

    _run(body)


@app.command("eval")
def eval_(
    suite: Annotated[Path, typer.Option("--suite", help="Golden set (YAML).")] = Path("evals/golden.yaml"),
    out: Annotated[Path, typer.Option("--out", help="Folder for results and the report.")] = Path(
        "evals/results"
    ),
    limit_per_type: Annotated[
        int | None, typer.Option("--per-type", help="Only the first N items of each type.")
    ] = None,
    backend: Annotated[str | None, typer.Option("--backend", help="auto, ollama or embedded.")] = None,
    check_floors: Annotated[bool, typer.Option("--floors/--no-floors", help="Fail below the floors.")] = True,
) -> None:
    """Run the eval suite: retrieval, key facts, citations, refusals, injections; fail below the floors."""

    def body() -> None:
        from evals.runner import run_suite

        code = run_suite(_settings(backend=backend), suite, out, limit_per_type, check_floors)
        raise typer.Exit(code)

    _run(body)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
