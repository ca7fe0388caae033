"""Runner: the golden set + settings → every question answered and scored, results written, an exit code.

Answers come from temporary indexes built in a temp folder, never from the user's index: a clean one of
the corpus for the fact, multi and unanswerable questions, and one of the corpus plus the planted
documents of `evals/adversarial/` for the injection questions (`planted_everywhere=True` answers every
question against the second one instead). The embedding model, each index and the chat model are loaded
once and reused for every question. The one decision this stage owns: the exit code — 1 when a metric
breaks its floor in `evals/floors.yaml` (and floors are checked), else 0.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from evals import metrics, report
from evals.metrics import Item
from rag import store
from rag.config import Settings

FLOORS = Path(__file__).with_name("floors.yaml")
TEXT_SUFFIXES = {".md", ".markdown", ".txt"}
RETRIEVE_K = 5


def load_suite(path: Path, limit_per_type: int | None = None) -> list[Item]:
    """The golden items in file order; with a limit, only the first N of each type."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    items = [Item.from_dict(r) for r in raw]
    if limit_per_type is None:
        return items
    seen: dict[str, int] = {}
    chosen = []
    for item in items:
        seen[item.type] = seen.get(item.type, 0) + 1
        if seen[item.type] <= limit_per_type:
            chosen.append(item)
    return chosen


def source_reader(corpus_dir: Path) -> Callable[[str], str | None]:
    """doc id → the document's text as citations index it (a text file's own decoded characters), cached."""
    from rag import corpus

    root = corpus_dir.resolve()
    cache: dict[str, str | None] = {}

    def read(doc_id: str) -> str | None:
        if doc_id not in cache:
            path = (root / doc_id).resolve()
            text: str | None = None
            if path.is_relative_to(root) and path.is_file():
                if path.suffix.lower() in TEXT_SUFFIXES:
                    text = path.read_bytes().decode("utf-8-sig")
                else:  # html and pdf: the text the pipeline extracts is what offsets point into
                    text = corpus.read(corpus.SourceFile(doc_id, path, "", path.stat().st_size)).text
            cache[doc_id] = text
        return cache[doc_id]

    return read


def _prepare(corpus_dir: Path, planted: list[Path], target: Path) -> None:
    """A copy of the corpus folder (hidden files left out), with the planted documents beside its files."""
    shutil.copytree(corpus_dir, target, ignore=shutil.ignore_patterns(".*"))
    for path in planted:
        if (target / path.name).exists():
            raise ValueError(f"{path.name} is both a corpus and a planted document")
        shutil.copy2(path, target / path.name)


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
    from rich.console import Console

    from rag import corpus
    from rag.answer import SYSTEM_PROMPT
    from rag.llm import select

    started = time.perf_counter()
    err = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    items = load_suite(suite, limit_per_type)
    corpus_files, _ = corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))
    planted_files = sorted((suite.parent / "adversarial").glob("*.md"))
    planted_ids = {p.name for p in planted_files}
    read_real = source_reader(settings.corpus_dir)
    real_text = "\n".join(read_real(f.id) or "" for f in corpus_files)

    # A malformed floors file fails now, not after the run.
    floors_raw = yaml.safe_load(FLOORS.read_text(encoding="utf-8")) or {}
    metrics.parse_floors(floors_raw, settings.backend)

    with tempfile.TemporaryDirectory(prefix="rag-eval-") as tmp_name:
        needed = {"planted" if planted_everywhere or i.type == "injection" else "clean" for i in items}
        assistants, indexes = _build_indexes(settings, Path(tmp_name), sorted(needed), planted_files, err)
        first = next(iter(assistants.values()))
        selection = select(first.settings, settings.backend)
        backend = selection.model.backend
        if selection.note:
            err.print(f"[yellow]{selection.note}[/]")
        readers = {name: source_reader(a.settings.corpus_dir) for name, a in assistants.items()}

        records = []
        with report.progress(err) as bar:
            task = bar.add_task("questions", total=len(items))
            for item in items:
                name = "planted" if planted_everywhere or item.type == "injection" else "clean"
                bar.update(task, description=item.id)
                record = _answer_one(
                    item, assistants[name], backend, readers[name], real_text, planted_ids, SYSTEM_PROMPT
                )
                record["index"] = name
                record["kind"] = item.kind
                records.append(record)
                bar.advance(task)
                report.print_progress_line(bar.console, record)
        extra = _run_extra_sets(suite.parent, assistants.get("clean"), limit_per_type, err)

    groups = metrics.summarise_by_type(records)
    by_kind = metrics.summarise_by_kind(records)
    for summary, _ in extra.values():
        groups["overall"].update({k: v for k, v in summary.items() if isinstance(v, float | int)})
    floors = metrics.parse_floors(floors_raw, backend)
    verdicts = metrics.judge(floors, groups["overall"])
    manifest = _manifest(
        settings,
        suite,
        items,
        limit_per_type,
        selection,
        indexes,
        planted_everywhere,
        corpus_files,
        planted_files,
        started,
    )
    report.write_all(out, manifest, groups, verdicts, records, by_kind, extra)
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(report.console_table(groups, verdicts))
    console.print(report.kind_table(by_kind))
    err.print(f"results in {out}/ (latest.json, report.md); {manifest['duration_s']:.0f} s")
    failed = [v.floor.metric for v in verdicts if v.status == "FAIL"]
    if failed and check_floors:
        err.print(f"[red]below the floor: {', '.join(failed)}[/]")
        return 1
    return 0


def _run_extra_sets(
    folder: Path, assistant: Any, limit: int | None, err: Any
) -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """The conversation set and the claim set beside the golden set, when present: (summary, records)."""
    from evals import claims, conversations

    out: dict[str, tuple[dict[str, Any], list[dict[str, Any]]]] = {}
    if assistant is None:
        return out
    for name, module in (("conversations", conversations), ("claims", claims)):
        path = folder / f"{name}.yaml"
        if not path.is_file():
            continue
        items = module.load(path)[: limit * 3 if limit else None]
        with report.progress(err) as bar:
            task = bar.add_task(name, total=len(items))
            records = module.run(items, assistant, lambda _r, t=task: bar.advance(t))
            bar.update(task, completed=len(items))
        out[name] = (module.summarise(records), records)
    return out


def _build_indexes(
    settings: Settings, tmp: Path, names: list[str], planted_files: list[Path], err: Any
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """For each needed index ("clean", "planted"): a corpus copy and an index in `tmp`, and an
    `Assistant` on it; all share one embedding model. Returns the assistants and what each index holds."""
    from rag.answer import Assistant
    from rag.embeddings import load_embedder
    from rag.ingest import refresh

    embedder = load_embedder(settings)
    assistants: dict[str, Any] = {}
    indexes: dict[str, dict[str, Any]] = {}
    for name in names:
        _prepare(settings.corpus_dir, planted_files if name == "planted" else [], tmp / name / "corpus")
        local = settings.model_copy(
            update={
                "corpus_dir": tmp / name / "corpus",
                "index_dir": tmp / name / "index",
                "chroma_host": None,
            }
        )
        with err.status(f"indexing the {name} corpus in {tmp}"):
            built = refresh(local, embedder=embedder)
        indexes[name] = {
            "documents": built.documents_total,
            "chunks": built.chunks_total,
            "seconds": round(built.seconds, 2),
            "skipped": [s.id for s in built.skipped],
        }
        assistants[name] = Assistant(local, embedder=embedder)
    return assistants, indexes


def _answer_one(
    item: Item,
    assistant: Any,
    backend: str,
    read_source: Callable[[str], str | None],
    real_text: str,
    planted_ids: set[str],
    system_prompt: str,
) -> dict[str, Any]:
    passages = assistant.retriever.retrieve(item.question, top_k=RETRIEVE_K)
    ranked = [p.chunk.doc_id for p in passages]
    record: dict[str, Any] = {
        "id": item.id,
        "type": item.type,
        "question": item.question,
        "key_facts": item.key_facts,
        "sources": item.sources,
        "retrieved": [
            {
                "doc_id": p.chunk.doc_id,
                "section": p.chunk.section,
                "score": round(p.score, 6),
                "dense": round(p.dense, 4),
                "bm25": round(p.bm25, 4),
            }
            for p in passages
        ],
        "retrieved_doc_ids": ranked,
    }
    try:
        answer = assistant.ask(item.question, backend=backend)
    except Exception as exc:  # one broken question must not lose the other answers
        record.update(
            answer="",
            refused=False,
            mode="error",
            citations=[],
            timings={},
            error=f"{type(exc).__name__}: {exc}",
        )
        text, refused, citations = "", False, []
    else:
        text, refused, citations = answer.text, answer.refused, answer.citations
        record.update(
            answer=text,
            refused=refused,
            mode=answer.mode,
            backend=answer.backend,
            model=answer.model,
            note=answer.note,
            draft=answer.draft,
            dropped=answer.dropped,
            citations=[dataclasses.asdict(c) for c in citations],
            disagreements=answer.disagreements,
            timings={k: round(v, 4) for k, v in answer.timings.items()},
            error=None,
        )
    scored = metrics.score(
        item,
        text=text,
        refused=refused,
        citations=citations,
        ranked_doc_ids=ranked,
        read_source=read_source,
        real_text=real_text,
        planted_ids=planted_ids,
        threshold=assistant.settings.support_threshold,
        system_prompt=system_prompt,
        disagreements=record.get("disagreements") or [],
    )
    record.update(metrics=scored.metrics, counts=scored.counts, problems=scored.problems)
    if record["error"]:
        record["problems"].insert(0, f"error: {record['error']}")
    return record


def _manifest(
    settings: Settings,
    suite: Path,
    items: list[Item],
    limit_per_type: int | None,
    selection: Any,
    indexes: dict[str, dict[str, Any]],
    planted_everywhere: bool,
    corpus_files: list[Any],
    planted_files: list[Path],
    started: float,
) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC)
    return {
        "date": now.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - started, 1),
        "backend": selection.model.backend,
        "model": selection.model.model,
        "backend_note": selection.note,
        "embedding_model": settings.embed_model,
        "embedding_backend": settings.embed_backend,
        "corpus_dir": str(settings.corpus_dir),
        "corpus_documents": [f.id for f in corpus_files],
        "corpus_hash": store.corpus_hash({f.id: f.sha256 for f in corpus_files}),
        "planted_documents": [p.name for p in planted_files],
        "index_mode": "planted-everywhere" if planted_everywhere else "split",
        "indexes": indexes,
        "suite": str(suite),
        "suite_sha256": hashlib.sha256(suite.read_bytes()).hexdigest(),
        "questions": len(items),
        "limit_per_type": limit_per_type,
        "settings": settings.model_dump(mode="json"),
        "packages": package_versions(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": git_state(),
    }


def package_versions() -> dict[str, str]:
    """Installed versions of rag and of every runtime dependency it declares."""
    names = ["rag"]
    for req in importlib.metadata.requires("rag") or []:
        if "extra ==" not in req and (m := re.match(r"[A-Za-z0-9._-]+", req)):
            names.append(m.group(0))
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state() -> dict[str, Any]:
    """The commit the code was run from and whether the work tree had uncommitted changes."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain") if commit else None
    return {"commit": commit, "dirty": bool(status) if status is not None else None}
