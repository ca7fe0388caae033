"""Beyond one machine: with RAG_CHROMA_HOST/RAG_CHROMA_PORT set, the index lives on a real Chroma server.

A `chroma run` server is started on a free loopback port for this module, the corpus is ingested into it
and questions are answered through it, by the library and by the `rag` command; then the server stops.
Each index version is its own collection on the server; the manifest and BM25 stay in the index folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag import store
from rag.answer import Assistant
from rag.config import Settings
from rag.errors import IndexMissing
from rag.ingest import refresh
from tests.conftest import FALCON_DOC, ROOT, SMALL_DOC, copy_corpus, make_settings

pytestmark = pytest.mark.slow
FALCON = "Which institute developed the Falcon models?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real `chroma run` on a free loopback port, answering its heartbeat; stopped after the module."""
    chroma = Path(sys.executable).parent / "chroma"
    assert chroma.exists(), "the `chroma` command ships with chromadb; run `make install`"
    folder = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder / "data"), "--port", str(port), "--host", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while not answers(port):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chroma run did not start: {(folder / 'server.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory, chroma_server: int, embedder: Any) -> Settings:
    """Two corpus documents ingested into the server."""
    tmp = tmp_path_factory.mktemp("remote")
    copy_corpus(tmp / "corpus")
    settings = make_settings(tmp, chroma_host="127.0.0.1", chroma_port=chroma_server)
    report = refresh(settings, embedder=embedder)
    assert sorted(report.added) == sorted([FALCON_DOC, SMALL_DOC])
    return settings


def server_collections(port: int) -> dict[str, int]:
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    return {c.name: c.count() for c in client.list_collections()}


def test_each_index_version_is_a_collection_on_the_server_and_nothing_on_disk(
    remote: Settings, chroma_server: int
) -> None:
    manifest = store.load_manifest(remote.index_dir)
    assert manifest.chroma_host == "127.0.0.1"
    assert server_collections(chroma_server)[f"rag-{manifest.version}"] == manifest.chunk_count > 0
    version_dir = store.versions_dir(remote.index_dir) / manifest.version
    assert not (version_dir / "chroma").exists()
    assert (version_dir / "manifest.json").exists()


def test_an_answer_through_the_server_cites_the_corpus(remote: Settings, embedder: Any) -> None:
    answer = Assistant(remote, embedder=embedder).ask(FALCON)
    assert not answer.refused
    assert answer.citations
    assert "Technology Innovation Institute" in answer.text
    for c in answer.citations:
        assert c.source in (FALCON_DOC, SMALL_DOC)
        source = (remote.corpus_dir / c.source).read_text(encoding="utf-8")
        assert source[c.start : c.end] == c.text


def test_rag_ask_uses_the_server_named_by_the_environment(remote: Settings, chroma_server: int) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_CHROMA_HOST="127.0.0.1",
        RAG_CHROMA_PORT=str(chroma_server),
        RAG_INDEX_DIR=str(remote.index_dir),
        RAG_CORPUS_DIR=str(remote.corpus_dir),
        OLLAMA_HOST="http://127.0.0.1:9",
    )
    rag = str(Path(sys.executable).parent / "rag")
    done = subprocess.run(
        [rag, "ask", FALCON, "--json", "--backend", "embedded"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    reply = json.loads(done.stdout)
    assert not reply["refused"]
    assert {c["source"] for c in reply["citations"]} <= {FALCON_DOC, SMALL_DOC}
    assert any(c["source"] == FALCON_DOC for c in reply["citations"])


def test_refresh_on_the_server_replaces_a_changed_document_and_drops_old_collections(
    tmp_path: Path, chroma_server: int, embedder: Any
) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    first = refresh(settings, embedder=embedder)
    with (settings.corpus_dir / SMALL_DOC).open("a", encoding="utf-8") as fh:
        fh.write("\n\nZephyrine is the codename this test adds to one document.\n")
    second = refresh(settings, embedder=embedder)
    assert second.updated == [SMALL_DOC]
    assert 0 < second.chunks_written < second.chunks_total
    # Its collection holds the new chunks and, merged into it, the unchanged document's (`merged_segments`).
    written = store.load_manifest(settings.index_dir).segments[second.version].count
    assert server_collections(chroma_server)[f"rag-{second.version}"] == written >= second.chunks_written
    (settings.corpus_dir / SMALL_DOC).unlink()
    third = refresh(settings, embedder=embedder)
    assert third.removed == [SMALL_DOC]
    passages = Assistant(settings, embedder=embedder).retriever.retrieve(FALCON, 5)
    assert passages
    assert {p.chunk.doc_id for p in passages} == {FALCON_DOC}
    (settings.corpus_dir / "added.md").write_text("# Added\n\nA document added after the removal.\n")
    fourth = refresh(settings, embedder=embedder)

    def ours() -> set[str]:
        built = {f"rag-{r.version}" for r in (first, second, third, fourth)}
        return set(server_collections(chroma_server)) & built

    # The collections the current version and the one before it (readers may still hold it) read stay;
    # the others are dropped: the first version's, whose chunks the second merged into its own.
    reads = {
        *store.load_manifest(settings.index_dir).segments,
        *store.load_manifest(settings.index_dir, third.version).segments,
    }
    assert ours() == {f"rag-{v}" for v in reads}
    assert f"rag-{fourth.version}" in ours()
    assert f"rag-{first.version}" not in ours()


def test_an_unreachable_server_is_one_line_that_says_what_to_do(tmp_path: Path, embedder: Any) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(store.StoreUnavailable, match=r"127\.0\.0\.1:\d+ is not answering.*chroma run") as err:
        refresh(settings, embedder=embedder)
    assert "\n" not in str(err.value)


def test_an_index_built_on_another_server_is_not_silently_emptied(
    tmp_path: Path, remote: Settings, embedder: Any
) -> None:
    # Another, empty server: the index folder names versions that server does not hold.
    folder = tmp_path / "other"
    port = free_port()
    other = subprocess.Popen(
        [str(Path(sys.executable).parent / "chroma"), "run", "--path", str(folder), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not answers(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        index = tmp_path / "index"
        shutil.copytree(remote.index_dir, index)
        corpus = tmp_path / "corpus"
        shutil.copytree(remote.corpus_dir, corpus)
        with (corpus / SMALL_DOC).open("a", encoding="utf-8") as fh:
            fh.write("\n\nOne more line.\n")
        moved = Settings(
            **{**remote.model_dump(), "index_dir": index, "corpus_dir": corpus, "chroma_port": port}
        )
        with pytest.raises(IndexMissing, match="not on the Chroma server"):
            refresh(moved, embedder=embedder)
        assert store.load_manifest(index).version == store.load_manifest(remote.index_dir).version
    finally:
        other.terminate()
        other.wait(timeout=15)
