"""Concurrent use: questions answered while another process refreshes the index always cite passages of
the index version the reader had open; two refreshes started at once never both write."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from rag import store
from rag.answer import Assistant, Done, Retrieved
from rag.config import Settings
from rag.ingest import refresh
from rag.mock_llm import MockModel
from tests.conftest import FALCON_DOC, SMALL_DOC, copy_corpus, make_settings

COURSE_DOC = "open-vs-closed-source-llms-course.md"
QUESTIONS = (
    "Which institute developed the Falcon models?",
    "What are the benefits of open-source LLMs?",
    "Why do companies keep their models closed?",
    "Which models from Mistral AI are mentioned?",
    "How do developers access GPT-4?",
    "What licences do open models use?",
    "What is BLOOM?",
    "What are the risks of open models?",
)
THREADS = 8


def chunk_id(doc_id: str, start: int, end: int, text: str) -> str:
    """The id the chunker gives a span (rag.chunking), recomputed from a citation."""
    return hashlib.sha1(f"{doc_id}\x00{start}\x00{end}\x00{text}".encode()).hexdigest()[:24]


@dataclass
class Tally:
    answers: int = 0
    versions: Counter[str] = field(default_factory=Counter)
    foreign: list[str] = field(default_factory=list)  # citations or passages not in the version read
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def ask_until(settings: Settings, embedder: Any, stop: threading.Event, tally: Tally, offset: int) -> None:
    assistant = Assistant(settings, embedder, MockModel())  # echoes source [1], cited
    manifests: dict[str, store.Manifest] = {}
    i = offset
    while not stop.is_set():
        question = QUESTIONS[i % len(QUESTIONS)]
        i += 1
        try:
            passages: list[Any] = []
            for event in assistant.ask_stream(question):
                if isinstance(event, Retrieved):
                    passages = event.passages
                elif isinstance(event, Done):
                    answer = event.answer
            assert assistant._retriever is not None
            version = assistant._retriever.version  # the version this answer was retrieved from
            if version not in manifests:
                manifests[version] = store.load_manifest(settings.index_dir, version)
            manifest = manifests[version]
            ids = {c for d in manifest.documents.values() for c in d.chunk_ids}
            foreign = [f"passage {p.chunk.id} of {p.chunk.doc_id}" for p in passages if p.chunk.id not in ids]
            foreign += [
                f"citation [{c.n}] of {c.source}"
                for c in answer.citations
                if c.source not in manifest.documents
                or chunk_id(c.source, c.start, c.end, c.text) not in manifest.documents[c.source].chunk_ids
            ]
            with tally.lock:
                tally.answers += 1
                tally.versions[version] += 1
                tally.foreign += [f"{version}: {f}" for f in foreign]
        except Exception:
            with tally.lock:
                tally.errors.append(traceback.format_exc(limit=4))
        time.sleep(2.0)  # leave the refresh in the other process some of the two cores


def rag_ingest(settings: Settings) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "rag.cli", "ingest", "--json"),
            *("--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)),
        ],
        cwd=settings.index_dir.parent,
        env={**os.environ, "OLLAMA_HOST": "http://127.0.0.1:9"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def change_corpus(corpus_dir: Path) -> None:
    """Add, change and delete a document."""
    (corpus_dir / SMALL_DOC).unlink()
    falcon = corpus_dir / FALCON_DOC
    falcon.write_text(falcon.read_text() + "\n\nFalcon 2 followed, with 11 billion parameters.\n")
    copy_corpus(corpus_dir, (COURSE_DOC,))


@pytest.mark.slow
def test_eight_readers_during_a_refresh_in_another_process_cite_only_their_version(
    tmp_path: Path, embedder: Any
) -> None:
    settings = make_settings(tmp_path)
    copy_corpus(settings.corpus_dir, (SMALL_DOC, FALCON_DOC))
    first = refresh(settings, embedder=embedder)
    change_corpus(settings.corpus_dir)

    stop = threading.Event()
    tally = Tally()
    readers = [
        threading.Thread(target=ask_until, args=(settings, embedder, stop, tally, k), daemon=True)
        for k in range(THREADS)
    ]
    for r in readers:
        r.start()
    writer = rag_ingest(settings)
    out, err = writer.communicate(timeout=600)
    after = tally.answers
    while tally.answers < after + 2 * THREADS:  # every reader gets to see the new version too
        time.sleep(0.1)
        assert all(r.is_alive() for r in readers)
    stop.set()
    for r in readers:
        r.join(timeout=60)

    assert writer.returncode == 0, err
    new_version = json.loads(out)["version"]
    print(f"{tally.answers} answers by {THREADS} threads; versions read: {dict(tally.versions)}")
    assert not tally.errors, tally.errors[0]
    assert not tally.foreign, tally.foreign[:5]
    assert set(tally.versions) == {first.version, new_version}


@pytest.mark.slow
def test_two_ingests_started_at_once_one_refreshes_and_the_other_says_another_refresh_runs(
    tmp_path: Path, embedder: Any
) -> None:
    settings = make_settings(tmp_path)
    copy_corpus(settings.corpus_dir, (SMALL_DOC, FALCON_DOC))
    refresh(settings, embedder=embedder)
    change_corpus(settings.corpus_dir)

    procs = [rag_ingest(settings), rag_ingest(settings)]
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes == [0, 1], results
    [(_, _, busy_err)] = [r for r in results if r[0] == 1]
    [line] = busy_err.strip().splitlines()
    assert "another refresh" in line
    assert "try again" in line
    assert "Traceback" not in busy_err

    # The index holds exactly the corpus, and agrees with itself.
    manifest = store.load_manifest(settings.index_dir)
    assert set(manifest.documents) == {p.name for p in settings.corpus_dir.iterdir()}
    nodes = store.live_nodes(settings, settings.index_dir, manifest.version)
    ids = [c for d in manifest.documents.values() for c in d.chunk_ids]
    assert sorted(n.node_id for n in nodes) == sorted(ids)
    assert not refresh(settings, embedder=embedder).changed  # nothing left to do
