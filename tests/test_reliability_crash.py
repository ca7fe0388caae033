"""Crashes and model changes: a refresh killed at any point leaves the index a reader can use, holding
exactly the old corpus or exactly the new one, and the next refresh converges to a clean build. An index
built with another embedding model is rebuilt or refused with the command that rebuilds it."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rag import bm25, build, store, versions
from rag.answer import Assistant
from rag.config import Settings
from rag.errors import IndexMissing
from rag.ingest import refresh
from rag.mock_llm import MockModel
from rag.retrieve import Retriever
from rag.status import index_status
from tests.conftest import FALCON_DOC, SMALL_DOC, copy_corpus, make_settings

COURSE_DOC = "open-vs-closed-source-llms-course.md"
DEBATE_DOC = "open-vs-closed-source-debate.md"
OLD_CORPUS = (SMALL_DOC, FALCON_DOC, COURSE_DOC)
QUESTION = "Which institute developed the Falcon models?"


@dataclass(frozen=True)
class IndexState:
    version: str
    documents: dict[str, str]  # id → content hash, from the manifest
    manifest_ids: list[str]  # chunk ids as the manifest lists them (duplicates would show here)
    chroma_ids: list[str]
    chroma_count: int  # vectors in the version's segments, less those it records as replaced since
    bm25_ids: list[str]
    versions_on_disk: set[str]


def index_state(settings: Settings, embedder: Any) -> IndexState:
    manifest = store.load_manifest(settings.index_dir)
    collections = store.open_collections(settings, settings.index_dir, manifest)
    live = manifest.live()
    replaced = {name: segment.count - len(live.get(name, ())) for name, segment in manifest.segments.items()}
    Retriever(settings, embedder)  # a reader opens it
    return IndexState(
        version=manifest.version,
        documents={k: v.sha256 for k, v in manifest.documents.items()},
        manifest_ids=[c for d in manifest.documents.values() for c in d.chunk_ids],
        chroma_ids=[n.node_id for n in store.live_nodes(settings, settings.index_dir, manifest.version)],
        chroma_count=sum(c.count() - replaced[name] for name, c in collections.items()),
        bm25_ids=bm25.load(settings.index_dir, manifest, manifest.live()).live_ids(),
        versions_on_disk={p.name for p in store.versions_dir(settings.index_dir).iterdir()},
    )


def assert_consistent(state: IndexState) -> None:
    """One version, self-consistent: no duplicate, no orphan, every store agreeing with the manifest."""
    assert len(state.manifest_ids) == len(set(state.manifest_ids)), "a chunk id listed twice"
    assert sorted(state.chroma_ids) == sorted(state.manifest_ids), "Chroma disagrees with the manifest"
    assert state.chroma_count == len(state.manifest_ids)
    assert sorted(state.bm25_ids) == sorted(state.manifest_ids), "BM25 disagrees with the manifest"


def assert_reader_answers(settings: Settings, embedder: Any, state: IndexState) -> None:
    """A reader opens the current version and every passage it returns belongs to that version."""
    passages = Retriever(settings, embedder).retrieve(QUESTION, top_k=5)
    assert passages
    assert {p.chunk.id for p in passages} <= set(state.manifest_ids)
    assert {p.chunk.doc_id for p in passages} <= set(state.documents)


@dataclass
class Scenario:
    """A refresh that adds, changes and deletes documents, with both ends built once, in-process."""

    root: Path
    old_index: Path  # a pristine copy of the index of the old corpus
    new_corpus: Path
    old: IndexState
    clean: IndexState  # a from-scratch build of the new corpus

    def fresh_index(self, name: str) -> Settings:
        target = self.root / "runs" / name
        shutil.copytree(self.old_index, target / "index")
        return make_settings(target, corpus_dir=self.new_corpus)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Scenario:
    root = tmp_path_factory.mktemp("crash")
    old = make_settings(root / "old")
    copy_corpus(old.corpus_dir, OLD_CORPUS)
    refresh(old, embedder=embedder)
    old_state = index_state(old, embedder)

    new_corpus = copy_corpus(root / "new-corpus", (FALCON_DOC, COURSE_DOC, DEBATE_DOC))  # SMALL_DOC deleted
    changed = new_corpus / FALCON_DOC  # changed: a paragraph added
    changed.write_text(changed.read_text() + "\n\nFalcon 2 followed, with 11 billion parameters.\n")
    clean = make_settings(root / "clean", corpus_dir=new_corpus)
    refresh(clean, embedder=embedder)
    clean_state = index_state(clean, embedder)
    assert set(old_state.documents) != set(clean_state.documents)
    return Scenario(root, old.index_dir, new_corpus, old_state, clean_state)


def assert_old_or_new(state: IndexState, scenario: Scenario) -> str:
    assert_consistent(state)
    if state.documents == scenario.old.documents:
        assert sorted(state.manifest_ids) == sorted(scenario.old.manifest_ids)
        return "old"
    assert state.documents == scenario.clean.documents, "a mix of the old and the new corpus"
    assert sorted(state.manifest_ids) == sorted(scenario.clean.manifest_ids)
    return "new"


def assert_converged(settings: Settings, embedder: Any, scenario: Scenario) -> None:
    state = index_state(settings, embedder)
    assert_consistent(state)
    assert state.documents == scenario.clean.documents
    assert sorted(state.chroma_ids) == sorted(scenario.clean.chroma_ids), "differs from a clean build"
    manifest = store.load_manifest(settings.index_dir)
    kept = {manifest.version, manifest.previous, *manifest.segments}
    assert state.versions_on_disk <= kept, "debris left behind"


# --- SIGKILL at seeded random points -----------------------------------------------------------------


def ingest_process(settings: Settings) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "rag.cli",
            "ingest",
            "--corpus",
            str(settings.corpus_dir),
            "--index",
            str(settings.index_dir),
            "--json",
        ],
        cwd=settings.index_dir.parent,
        env={**os.environ, "OLLAMA_HOST": "http://127.0.0.1:9"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@dataclass(frozen=True)
class Timeline:
    locked: float  # seconds from start until the refresh held the writer lock
    writing: float  # ... until the new version's folder appeared (nothing is written before)
    exited: float


@pytest.fixture(scope="module")
def timeline(scenario: Scenario, embedder: Any) -> Timeline:
    """One refresh run to the end, watched: when it took the lock and when it ended (kills fall between).
    Measured on a second run: the first, on cold caches, ran 2 s longer than the killed ones in CI, so
    half the kill points fell after they had already finished."""
    watched_refresh(scenario, embedder, "warm-up")
    return watched_refresh(scenario, embedder, "calibration")


def watched_refresh(scenario: Scenario, embedder: Any, name: str) -> Timeline:
    settings = scenario.fresh_index(name)
    versions = store.versions_dir(settings.index_dir)
    before = set(os.listdir(versions))
    started = time.monotonic()
    proc = ingest_process(settings)
    locked = writing = None
    while proc.poll() is None:
        now = time.monotonic() - started
        if locked is None and "pid" in (settings.index_dir / ".lock").read_text():
            locked = now
        if writing is None and set(os.listdir(versions)) - before:
            writing = now
        time.sleep(0.02)
    exited = time.monotonic() - started
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["added"] == 1
    assert_converged(settings, embedder, scenario)  # an uninterrupted run ends at the clean build
    assert locked is not None
    assert writing is not None
    return Timeline(locked, writing, exited)


def kill_points(timeline: Timeline, n: int, seed: int) -> list[float]:
    """`n` seeded random delays over the refresh proper, from taking the lock to exiting: a quarter of
    them while it reads and chunks, the rest while it writes (copy, vectors, words, manifest, commit,
    sweep), each in its own equal slice of that stage so that every part of it is hit."""
    rng = random.Random(seed)
    before = max(1, n // 4)
    stages = [(timeline.locked, timeline.writing, before), (timeline.writing, timeline.exited, n - before)]
    return [a + (b - a) * (i + rng.random()) / k for a, b, k in stages for i in range(k)]


def kill_and_recover(
    scenario: Scenario, timeline: Timeline, embedder: Any, n: int, seed: int
) -> Counter[str]:
    outcomes: Counter[str] = Counter()
    for i, delay in enumerate(kill_points(timeline, n, seed)):
        settings = scenario.fresh_index(f"kill-{seed}-{i}")
        started = time.monotonic()
        proc = ingest_process(settings)
        time.sleep(max(0.0, delay - (time.monotonic() - started)))
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()
        versions = {p.name for p in store.versions_dir(settings.index_dir).iterdir()}

        state = index_state(settings, embedder)
        seen = assert_old_or_new(state, scenario)
        assert_reader_answers(settings, embedder, state)
        debris = versions - {state.version}
        phase = "finished" if finished else f"killed, reader saw {seen}" + (", debris" if debris else "")
        outcomes[phase] += 1
        print(f"kill {i + 1}/{n} at {delay:5.2f} s: {phase}")

        report = refresh(settings, embedder=embedder)  # the next `rag ingest`, in-process
        assert_converged(settings, embedder, scenario)
        assert report.version == store.current_version(settings.index_dir)
        shutil.rmtree(settings.index_dir.parent)
    return outcomes


@pytest.mark.slow
def test_refresh_killed_at_20_random_points_leaves_old_or_new_and_converges(
    scenario: Scenario, timeline: Timeline, embedder: Any
) -> None:
    outcomes = kill_and_recover(scenario, timeline, embedder, n=20, seed=20)
    print(f"refresh: {timeline}; {dict(outcomes)}")
    assert sum(outcomes.values()) == 20
    killed = sum(v for k, v in outcomes.items() if k.startswith("killed"))
    assert killed >= 10, "most kills hit a live refresh"


# --- A crash at each stage boundary, injected in-process (deterministic) ------------------------------


class Crash(Exception):
    """Stands for the process dying at this point."""


def _crash_after_start(monkeypatch: pytest.MonkeyPatch) -> None:
    real = versions.start_version

    def start(*args: Any) -> str:
        real(*args)
        raise Crash

    monkeypatch.setattr(versions, "start_version", start)


def _crash_mid_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    from llama_index.core.ingestion import IngestionPipeline

    real = IngestionPipeline.run
    calls = []

    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise Crash
        return real(self, *args, **kwargs)

    monkeypatch.setattr(build, "EMBED_BATCH", 8)
    monkeypatch.setattr(IngestionPipeline, "run", run)


def _crash_in_bm25(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: Any) -> None:
        raise Crash

    monkeypatch.setattr(bm25, "build", crash)


def _crash_between_manifest_and_current(monkeypatch: pytest.MonkeyPatch) -> None:
    real = versions.write_durably

    def write(path: Path, text: str) -> None:
        if path.name == "CURRENT":
            raise Crash
        real(path, text)

    monkeypatch.setattr(versions, "write_durably", write)


def _crash_after_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    real = versions.commit_version

    def commit(*args: Any) -> None:
        real(*args)
        raise Crash

    monkeypatch.setattr(versions, "commit_version", commit)


CRASH_POINTS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "after starting the new version": _crash_after_start,
    "between two embedding batches": _crash_mid_embedding,
    "while indexing words": _crash_in_bm25,
    "between the manifest and CURRENT": _crash_between_manifest_and_current,
    "after the commit, before the sweep": _crash_after_commit,
}


@pytest.mark.slow
@pytest.mark.parametrize("point", list(CRASH_POINTS))
def test_a_crash_at_each_stage_leaves_old_or_new_and_the_next_refresh_converges(
    scenario: Scenario, embedder: Any, point: str
) -> None:
    settings = scenario.fresh_index("stage-" + point.replace(" ", "-"))
    with pytest.MonkeyPatch.context() as mp:
        CRASH_POINTS[point](mp)
        with pytest.raises(Crash):
            refresh(settings, embedder=embedder)
    state = index_state(settings, embedder)
    expected = "new" if point.startswith("after the commit") else "old"
    assert assert_old_or_new(state, scenario) == expected
    assert_reader_answers(settings, embedder, state)
    refresh(settings, embedder=embedder)
    assert_converged(settings, embedder, scenario)


# --- Embedding model change --------------------------------------------------------------------------


def tiny_model(folder: Path, dim: int) -> Path:
    """A local sentence-transformers folder holding a small random BERT of another dimension (no download:
    the tokenizer and module files are the packaged MiniLM's, the weights are made here)."""
    import torch
    from transformers import BertConfig, BertModel

    from rag.embeddings import model_path

    src = model_path("all-MiniLM-L6-v2")
    folder.mkdir(parents=True)
    for name in (
        "vocab.txt",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
        "sentence_bert_config.json",
        "modules.json",
        "config_sentence_transformers.json",
    ):
        shutil.copy(src / name, folder / name)
    vocab = json.loads((src / "config.json").read_text())["vocab_size"]
    torch.manual_seed(dim)
    config = BertConfig(
        vocab_size=vocab,
        hidden_size=dim,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=2 * dim,
        max_position_embeddings=512,
    )
    BertModel(config).save_pretrained(folder)
    pooling = json.loads((src / "1_Pooling" / "config.json").read_text())
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({**pooling, "word_embedding_dimension": dim})
    )
    return folder


def load(settings: Settings) -> Any:
    from rag.embeddings import load_embedder

    return load_embedder(settings)


@pytest.fixture(scope="module")
def other_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_model(tmp_path_factory.mktemp("model") / "tiny-32", 32)


@pytest.fixture
def minilm_index(tmp_path: Path, embedder: Any) -> Settings:
    settings = make_settings(tmp_path)
    copy_corpus(settings.corpus_dir, (SMALL_DOC,))
    refresh(settings, embedder=embedder)
    return settings


def test_asking_with_another_embedding_model_refuses_and_names_rag_ingest(
    minilm_index: Settings, other_model: Path
) -> None:
    settings = minilm_index.model_copy(update={"embed_model": str(other_model)})
    with pytest.raises(IndexMissing, match=r"all-MiniLM-L6-v2.*`rag ingest`"):
        Assistant(settings, load(settings), MockModel()).ask(QUESTION)
    status = index_status(settings)
    assert status.embedding_model == "all-MiniLM-L6-v2"
    assert status.embedding_model_matches is False


def test_ingesting_with_another_embedding_model_rebuilds_and_says_so(
    minilm_index: Settings, other_model: Path, embedder: Any
) -> None:
    settings = minilm_index.model_copy(update={"embed_model": str(other_model)})
    report = refresh(settings, embedder=load(settings))
    assert "rebuilt" in report.note
    assert report.added == [SMALL_DOC]
    manifest = store.load_manifest(settings.index_dir)
    assert (manifest.embed_model, manifest.dim) == (str(other_model), 32)
    assert Retriever(settings, load(settings)).retrieve("open source contribution")
    # And back: the packaged model rebuilds it again, 384 dimensions.
    back = refresh(minilm_index, embedder=embedder)
    assert "rebuilt" in back.note
    assert store.load_manifest(minilm_index.index_dir).dim == 384


def test_an_index_whose_manifest_names_another_model_is_refused_then_rebuilt(
    minilm_index: Settings, embedder: Any
) -> None:
    manifest = store.load_manifest(minilm_index.index_dir)
    manifest.embed_model = "some-other-model"
    store.commit_version(minilm_index.index_dir, manifest)
    with pytest.raises(IndexMissing, match="`rag ingest`"):
        Retriever(minilm_index, embedder)
    report = refresh(minilm_index, embedder=embedder)
    assert "rebuilt" in report.note
    assert Retriever(minilm_index, embedder).retrieve(QUESTION)


def test_a_model_replaced_in_place_with_another_dimension_is_rebuilt_on_ingest(
    tmp_path: Path, other_model: Path
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(other_model, folder)
    settings = make_settings(tmp_path, embed_model=str(folder))
    copy_corpus(settings.corpus_dir, (SMALL_DOC,))
    refresh(settings, embedder=load(settings))
    shutil.rmtree(folder)
    tiny_model(folder, 48)  # same name, another model
    (settings.corpus_dir / "new.md").write_text("# New\n\nMistral 7B is an open model.\n")
    report = refresh(settings, embedder=load(settings))
    assert "48-dimension" in report.note
    assert "rebuilt" in report.note
    assert store.load_manifest(settings.index_dir).dim == 48
    assert sorted(report.added) == sorted(["new.md", SMALL_DOC])


def test_asking_with_a_model_replaced_in_place_names_rag_ingest(tmp_path: Path, other_model: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(other_model, folder)
    settings = make_settings(tmp_path, embed_model=str(folder))
    copy_corpus(settings.corpus_dir, (SMALL_DOC,))
    refresh(settings, embedder=load(settings))
    shutil.rmtree(folder)
    tiny_model(folder, 48)
    with pytest.raises(IndexMissing, match="rag ingest"):
        Retriever(settings, load(settings)).retrieve(QUESTION)


@pytest.mark.slow
def test_the_cli_says_the_model_changed_then_rebuilds(minilm_index: Settings, other_model: Path) -> None:
    env = {**os.environ, "OLLAMA_HOST": "http://127.0.0.1:9", "RAG_EMBED_MODEL": str(other_model)}

    def rag(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "rag.cli", *args, "--index", str(minilm_index.index_dir)],
            cwd=minilm_index.index_dir.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    asked = rag("ask", QUESTION)
    assert asked.returncode == 1
    [line] = asked.stderr.strip().splitlines()
    assert "`rag ingest`" in line
    assert "Traceback" not in asked.stderr
    done = rag("ingest", "--corpus", str(minilm_index.corpus_dir))
    assert done.returncode == 0, done.stderr
    assert "rebuilt" in done.stdout
