"""A Chroma server that goes away: killed (SIGKILL) in the middle of a refresh, or of a question, then
started again on the same port and data folder.

A refresh that loses its server stops with one line, leaves `CURRENT` as it was, and the next refresh (the
server back) converges and deletes the collection the failed one left on the server. A question that loses
it is one line; once the server is back, the same assistant (and the same page, without a restart of the
page) answers again. Real `chroma run` servers, the real embedder, the real CLI in child processes.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rag import store
from rag.answer import Assistant
from rag.config import Settings
from rag.ingest import refresh
from tests.conftest import FALCON_DOC, ROOT, SMALL_DOC, copy_corpus, make_settings
from tests.test_chroma_server import answers, free_port, server_collections

pytestmark = pytest.mark.slow
FALCON = "Which institute developed the Falcon models?"
NEW_DOC = "zephyrine.md"
NEW_TEXT = (
    "# Zephyrine\n\nZephyrine is the codename of a small test model. It was trained by the Quillmark Lab "
    "in Tallinn on public domain books.\n"
)


class ChromaServer:
    """A real `chroma run` that a test can kill (SIGKILL) and start again on the same port and folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        chroma = Path(sys.executable).parent / "chroma"
        log = (self.folder / "server.log").open("ab")
        self.proc = subprocess.Popen(
            [chroma, "run", "--path", self.folder / "data", "--port", str(self.port), "--host", "127.0.0.1"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + 60
        while not answers(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"chroma run did not start: {(self.folder / 'server.log').read_text()[-2000:]}"
                )
            time.sleep(0.2)

    def kill(self) -> None:
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        assert not answers(self.port)

    def running(self) -> None:
        """Started again if a test left it stopped."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    srv = ChromaServer(tmp_path_factory.mktemp("chroma-killed"))
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def live(server: ChromaServer) -> Iterator[ChromaServer]:
    """The server, answering at the start of the test and again after it (whatever the test killed)."""
    server.running()
    yield server
    server.running()


def env_for(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(
        RAG_CHROMA_HOST=str(settings.chroma_host),
        RAG_CHROMA_PORT=str(settings.chroma_port),
        RAG_INDEX_DIR=str(settings.index_dir),
        RAG_CORPUS_DIR=str(settings.corpus_dir),
        RAG_BACKEND="embedded",
        OLLAMA_HOST="http://127.0.0.1:9",
        HF_HUB_OFFLINE="1",
    )
    return env


# A child process running the real CLI, which kills the server (by its pid) when `target` is first called.
KILL_AT = """
import importlib, os, signal, sys, time
pid, (module, _, path) = int(sys.argv[1]), sys.argv[2].partition(":")
owner = importlib.import_module(module)
*parents, name = path.split(".")
for parent in parents:
    owner = getattr(owner, parent)
original = getattr(owner, name)
def killing(*args, **kwargs):
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)
    return original(*args, **kwargs)
setattr(owner, name, killing)
sys.argv = ["rag", *sys.argv[3:]]
from rag.cli import main
main()
"""


def run_killing(server: ChromaServer, settings: Settings, target: str, *args: str) -> Any:
    assert server.proc is not None
    done = subprocess.run(
        [sys.executable, "-c", KILL_AT, str(server.proc.pid), target, *args],
        capture_output=True,
        text=True,
        env=env_for(settings),
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    server.proc.wait(timeout=30)  # reaped: it was killed by the child
    return done


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory, server: ChromaServer, embedder: Any) -> Settings:
    tmp = tmp_path_factory.mktemp("remote-killed")
    copy_corpus(tmp / "corpus")
    settings = make_settings(tmp, chroma_host="127.0.0.1", chroma_port=server.port)
    server.running()
    refresh(settings, embedder=embedder)
    return settings


def test_the_server_killed_mid_refresh_fails_cleanly_and_the_next_refresh_converges(
    tmp_path: Path, live: ChromaServer, embedder: Any
) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=live.port)
    first = refresh(settings, embedder=embedder)
    (settings.corpus_dir / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    before = set(server_collections(live.port))

    # Killed once the new version's collection is made, before its vectors are written.
    done = run_killing(live, settings, "rag.build:embed_and_write", "ingest")
    assert done.returncode == 1, done.stderr
    line = one_line(done.stderr)
    assert f"the Chroma server at 127.0.0.1:{live.port} stopped answering during the refresh" in line
    assert "nothing was changed; start the server again, then run `rag ingest`" in line
    assert store.current_version(settings.index_dir) == first.version
    assert store.load_manifest(settings.index_dir).documents.keys() == {FALCON_DOC, SMALL_DOC}
    leftovers = [p for p in store.versions_dir(settings.index_dir).iterdir() if p.name != first.version]
    # Nothing half-written: at most an empty folder naming the collection the server still holds.
    assert all(not any(p.iterdir()) for p in leftovers), [list(p.iterdir()) for p in leftovers]

    live.start()  # the same port and data folder
    failed = set(server_collections(live.port)) - before
    assert len(failed) == 1, "the killed refresh is expected to leave its collection on the server"
    assert failed == {f"rag-{p.name}" for p in leftovers}, "its mark in the index folder names it"

    second = refresh(settings, embedder=embedder)
    assert second.added == [NEW_DOC]
    assert store.current_version(settings.index_dir) == second.version
    names = server_collections(live.port)
    assert names[f"rag-{second.version}"] == second.chunks_written  # its own chunks; it reads the first's
    assert f"rag-{first.version}" in names  # and the previous version stays for readers that hold it
    assert set(names) - before == {f"rag-{second.version}"}, "the failed refresh's collection was not swept"
    on_disk = {p.name for p in store.versions_dir(settings.index_dir).iterdir()}
    assert on_disk == {first.version, second.version}
    passages = Assistant(settings, embedder=embedder).retriever.retrieve("Who trained Zephyrine?", 3)
    assert NEW_DOC in {p.chunk.doc_id for p in passages}


def test_a_refresh_while_the_server_is_down_keeps_the_mark_of_a_collection_left_on_it(
    tmp_path: Path, live: ChromaServer, embedder: Any
) -> None:
    copy_corpus(tmp_path / "corpus")
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=live.port)
    first = refresh(settings, embedder=embedder)
    (settings.corpus_dir / NEW_DOC).write_text(NEW_TEXT, encoding="utf-8")
    done = run_killing(live, settings, "rag.build:embed_and_write", "ingest")
    assert done.returncode == 1, done.stderr
    (mark,) = [p.name for p in store.versions_dir(settings.index_dir).iterdir() if p.name != first.version]

    # Another refresh while the server is still down: one line, and the sweep does not forget the mark.
    again = subprocess.run(
        [str(Path(sys.executable).parent / "rag"), "ingest"],
        capture_output=True,
        text=True,
        env=env_for(settings),
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert again.returncode == 1
    assert f"127.0.0.1:{live.port} is not answering" in one_line(again.stderr)
    assert mark in {p.name for p in store.versions_dir(settings.index_dir).iterdir()}
    assert store.current_version(settings.index_dir) == first.version

    live.start()
    assert f"rag-{mark}" in server_collections(live.port)
    refresh(settings, embedder=embedder)
    assert f"rag-{mark}" not in server_collections(live.port)
    assert mark not in {p.name for p in store.versions_dir(settings.index_dir).iterdir()}


def test_the_server_killed_mid_question_is_one_line_and_the_same_assistant_answers_after_a_restart(
    remote: Settings, live: ChromaServer, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag.retrieve import Retriever

    assistant = Assistant(remote, embedder=embedder)
    before = assistant.ask(FALCON)
    assert not before.refused
    assert before.citations

    # The real CLI, its server killed as it starts to search: one line, exit 1.
    done = run_killing(live, remote, "rag.retrieve:Retriever.retrieve", "ask", FALCON)
    assert done.returncode == 1, done.stderr
    line = one_line(done.stderr)
    assert f"the Chroma server at 127.0.0.1:{live.port} is not answering" in line
    assert "ask again" in line

    # In this process, the open assistant: the server is gone mid-question, then back.
    search = Retriever.retrieve

    def killed(self: Retriever, *args: Any, **kwargs: Any) -> Any:
        if live.proc is not None and live.proc.poll() is None:
            live.kill()
        return search(self, *args, **kwargs)

    live.start()
    monkeypatch.setattr(Retriever, "retrieve", killed)
    try:
        assistant.ask(FALCON)
    except Exception as exc:  # what the page and the CLI turn into one line with `store.explain`
        known = store.explain(remote, exc)
    else:
        pytest.fail("a question whose server was killed mid-question was answered")
    assert known is not None
    assert f"the Chroma server at 127.0.0.1:{live.port} is not answering" in str(known)
    assert "\n" not in str(known)
    monkeypatch.setattr(Retriever, "retrieve", search)

    live.start()
    after = assistant.ask(FALCON)
    assert not after.refused
    assert "Technology Innovation Institute" in after.text
    assert {c.source for c in after.citations} >= {FALCON_DOC}


def test_the_page_says_the_server_is_gone_in_one_line_and_answers_again_once_it_is_back(
    remote: Settings, live: ChromaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_app import ask, open_page, use

    use(monkeypatch, remote.corpus_dir, remote.index_dir)
    monkeypatch.setenv("RAG_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("RAG_CHROMA_PORT", str(live.port))
    at = ask(open_page(), FALCON)
    first = at.session_state["turns"][-1]
    assert not first.error
    assert first.answer.citations

    live.kill()
    at = ask(at, FALCON)  # the same page, its assistant open on a server that is gone
    gone = at.session_state["turns"][-1]
    assert gone.answer is None
    assert f"the Chroma server at 127.0.0.1:{live.port} is not answering" in gone.error
    assert "\n" not in gone.error
    shown = [e.value for e in at.error]
    assert any("is not answering" in ui_text.replace("\\", "") for ui_text in shown), shown
    assert not any("Traceback" in ui_text for ui_text in shown)

    live.start()  # back on the same port and data: the page answers again, without a restart of the page
    at = ask(at, FALCON)
    back = at.session_state["turns"][-1]
    assert not back.error
    assert not back.answer.refused
    assert FALCON_DOC in {c.source for c in back.answer.citations}
