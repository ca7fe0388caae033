"""The `rag` program as installed: rag's own commands (`rag.cli`) + `rag eval …` (here) → one CLI.

Why here: dependencies point one way — `evals/` builds on `rag/`, and nothing in `rag/` imports `evals/`
(tests/test_layers.py checks it). So the program is put together in the outer layer: `rag.cli.app` holds
ingest, ask, verify and status; this module defines the `eval` group (run the suite, `suggest`, `review`)
and `app`, rag's commands plus that group, which the `rag` console script runs (`evals.cli:main`). The eval
commands use the core CLI's conventions (`rag.cli.run`: one line on stderr and the contract's exit code).
`python -m evals.cli` is the whole program; `python -m rag.cli` the core commands alone. The one decision
this module owns: what `rag eval` prints for a suggest batch, and that `--n` below 1 is bad usage (exit 2).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rag import cli as core

eval_app = typer.Typer(
    add_completion=False,
    help="Run the eval suite; `suggest` drafts golden questions for new documents, `review` files them.",
)
GoldenOpt = Annotated[Path, typer.Option("--golden", help="Golden set (YAML).")]
CandidatesOpt = Annotated[Path, typer.Option("--candidates", help="Pending candidates (YAML).")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="Corpus folder (default corpus/).")]


@eval_app.callback(invoke_without_command=True)
def eval_(
    ctx: typer.Context,
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
    if ctx.invoked_subcommand is not None:
        return

    def body() -> None:
        from evals.runner import run_suite
        from rag.coverage import corpus_coverage, coverage_line

        settings = core.settings_with(backend=backend)
        code = run_suite(settings, suite, out, limit_per_type, check_floors)
        typer.echo(coverage_line(corpus_coverage(settings, suite)), err=True)
        raise typer.Exit(code)

    core.run(body)


@eval_app.command("suggest")
def eval_suggest(
    corpus: CorpusOpt = None,
    index: core.IndexOpt = None,
    doc: Annotated[
        Path | None, typer.Option("--doc", help="Only this document, whether covered or not.")
    ] = None,
    n: Annotated[int, typer.Option("--n", help="At most N candidates per document.")] = 8,
    golden: GoldenOpt = Path("evals/golden.yaml"),
    out: Annotated[Path, typer.Option("--out", help="Candidates file to merge into.")] = Path(
        "evals/candidates.yaml"
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print the candidates as a JSON list.")] = False,
) -> None:
    """Draft golden questions for documents the golden set does not cover (or that changed since)."""

    def body() -> None:
        from evals.suggest import merge, suggest

        if n < 1:
            core.fail("--n must be at least 1", 2)
        result = suggest(core.settings_with(corpus_dir=corpus, index_dir=index), golden, doc=doc, n=n)
        pending = merge(out, result)
        if as_json:
            typer.echo(json.dumps([c.as_json() for c in result.candidates], ensure_ascii=False))
        for note in result.notes:
            typer.echo(note, err=True)
        if as_json:
            return
        for c in result.candidates:
            hard = " (hard: retrieval misses it)" if c.hard else ""
            typer.echo(f"{c.source} [{c.kind}] {c.question}{hard}")
        typer.echo(
            f"{len(result.candidates)} candidates for {len(result.documents)} document(s); {len(pending)} "
            f"pending in {out}; `rag eval review` files them"
        )

    core.run(body)


@eval_app.command("review")
def eval_review(
    corpus: CorpusOpt = None,
    golden: GoldenOpt = Path("evals/golden.yaml"),
    candidates: CandidatesOpt = Path("evals/candidates.yaml"),
) -> None:
    """Go through the pending candidates: accept (into the golden set), edit, skip or reject each."""

    def body() -> None:
        from evals.review import review

        review(candidates, golden, core.settings_with(corpus_dir=corpus).corpus_dir)

    core.run(body)


app = typer.Typer(add_completion=False, no_args_is_help=True, help=core.app.info.help)
app.add_typer(core.app)  # no name: rag's commands stand at the top level, as they are in `rag.cli`
app.add_typer(eval_app, name="eval")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
