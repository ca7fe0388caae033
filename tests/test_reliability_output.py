"""What leaves the process: nothing but loopback traffic (no telemetry, no model download, a page that
listens on 127.0.0.1 only); a misbehaving Ollama is replaced by the embedded model with a note saying
why; and any question, in any language or size, gets an answer or a clear message in bounded time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from rag import store
from rag.answer import REFUSAL, Answer, Assistant, Notice
from rag.config import Settings
from rag.errors import UsageError
from rag.mock_llm import MockModel
from tests.conftest import ROOT, copy_corpus, run_driver
from tests.support.ollama_server import FakeOllama
from tests.test_answer import assert_citations_resolve

FALCON = "Which institute developed the Falcon models?"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


# --- Nothing leaves the machine ------------------------------------------------------------------------


def test_chroma_clients_are_created_with_anonymized_telemetry_off(built: Settings) -> None:
    version = store.current_version(built.index_dir)
    assert version
    client = store.chroma_client(built, store.versions_dir(built.index_dir) / version)
    assert client.get_settings().anonymized_telemetry is False


def test_the_page_config_listens_on_loopback_and_sends_no_usage_stats() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    run = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "streamlit run" in line)
    assert "--server.address 127.0.0.1" in run


# Ingest and answer in a fresh process with an audit hook on every socket call; the Hugging Face and
# Chroma switches are removed from its environment, so only the package's own defaults keep it offline.
AUDIT_DRIVER = """
import json, sys
calls = []

def hook(event, args):
    if event == "socket.connect":
        calls.append(["connect", repr(args[1])])
    elif event == "socket.getaddrinfo":
        calls.append(["getaddrinfo", repr(args[0])])
    elif event == "socket.bind":
        calls.append(["bind", repr(args[1])])

sys.addaudithook(hook)
from rag.answer import Assistant
from rag.config import Settings
from rag.ingest import refresh

settings = Settings(corpus_dir=sys.argv[1], index_dir=sys.argv[2], ollama_host=sys.argv[3], backend="auto")
refresh(settings)
answer = Assistant(settings).ask("Which institute developed the Falcon models?")
print(json.dumps({"calls": calls, "backend": answer.backend, "cited": bool(answer.citations)}))
"""


def is_local(call: list[str]) -> bool:
    _, target = call
    if target.startswith(("'/", '"/', "b'", "''")):  # a unix socket path (or the abstract namespace)
        return True
    return any(host in target for host in LOOPBACK) or target in ("None", "''")


@pytest.mark.slow
def test_ingest_and_answer_open_no_connection_beyond_loopback(tmp_path: Path) -> None:
    copy_corpus(tmp_path / "corpus", ("rise-of-open-source-llms.md",))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}"  # auto mode probes Ollama here, then falls back
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HF_", "TRANSFORMERS_", "ANONYMIZED_", "OLLAMA_", "RAG_"))
    }
    out = run_driver(
        AUDIT_DRIVER, str(tmp_path / "corpus"), str(tmp_path / "index"), closed, cwd=tmp_path, env=env
    )
    assert out["backend"] == "spans"
    assert out["cited"]
    assert any("127.0.0.1" in target for _, target in out["calls"]), "the Ollama probe was not seen"
    outside = [c for c in out["calls"] if not is_local(c)]
    print(f"{len(out['calls'])} socket calls, {len(outside)} beyond loopback")
    assert not outside


def listening_addresses(pid: int) -> set[str]:
    """Local addresses of the TCP sockets in LISTEN state that the process holds."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.add(fields[1].rsplit(":", 1)[0])
    return found


@pytest.mark.slow
def test_the_page_started_without_flags_listens_on_loopback_only(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = os.environ | {
        "RAG_CORPUS_DIR": str(tmp_path / "corpus"),
        "RAG_INDEX_DIR": str(tmp_path / "index"),
        "OLLAMA_HOST": "http://127.0.0.1:9",
    }
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        # Only the port: the address must come from .streamlit/config.toml, as with a bare `streamlit run`.
        page = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert page.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
        addresses = listening_addresses(page.pid)
    finally:
        page.terminate()
        page.wait(timeout=30)
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1, as /proc shows them
    assert addresses
    assert addresses <= loopback, addresses


# --- A misbehaving Ollama in auto mode ---------------------------------------------------------------


def auto_settings(built: Settings, host: str, model: str) -> Settings:
    return built.model_copy(update={"ollama_host": host, "ollama_model": model, "backend": "auto"})


def ask_with_notices(settings: Settings, embedder: Any) -> tuple[Answer, list[str]]:
    events = list(Assistant(settings, embedder).ask_stream(FALCON))
    return events[-1].answer, [e.text for e in events if isinstance(e, Notice)]  # type: ignore[union-attr]


def test_a_model_not_pulled_in_auto_mode_falls_back_with_a_note_naming_ollama_pull(
    built: Settings, embedder: Any
) -> None:
    with FakeOllama(models={"other:latest": ["Hello."]}) as server:
        answer, notices = ask_with_notices(auto_settings(built, server.host, "llama3.2:3b"), embedder)
    assert answer.backend == "spans"
    assert "`ollama pull llama3.2:3b`" in answer.note
    assert any("ollama pull llama3.2:3b" in n for n in notices)
    assert_clear(answer, built.corpus_dir)


def test_a_busy_server_in_auto_mode_falls_back_with_a_note(built: Settings, embedder: Any) -> None:
    with FakeOllama(models={"scripted:latest": ["Falcon is from TII [1]."]}, fault="busy") as server:
        answer, notices = ask_with_notices(auto_settings(built, server.host, "scripted:latest"), embedder)
        [chat] = server.requests_to("/api/chat")  # it did try Ollama first
    assert chat.body["model"] == "scripted:latest"
    assert answer.backend == "spans"
    assert "busy" in answer.note
    assert "documents' own words instead" in answer.note
    assert any("busy" in n for n in notices)


# --- Bounded work: any question gets an answer or a clear message in bounded time ----------------------

QUESTIONS = {
    "german": "Welches Institut hat die Falcon-Modelle entwickelt?",
    "chinese": "哪个研究所开发了Falcon模型？",
    "emoji": "🤖🦅❓",
    "punctuation": "?!",
    "nul": "Falcon\x00 models developed by?",
    "markup": "<script>alert(1)</script> Which institute developed the Falcon models?",
}


def assert_clear(answer: Answer, corpus_dir: Path) -> None:
    if answer.refused:
        assert answer.text == REFUSAL
        assert not answer.citations
    else:
        assert_citations_resolve(answer, corpus_dir)


@pytest.mark.parametrize("kind", list(QUESTIONS))
def test_questions_in_other_languages_or_odd_forms_get_an_answer_or_a_refusal_quickly(
    built: Settings, embedder: Any, kind: str
) -> None:
    started = time.monotonic()
    answer = Assistant(built, embedder, MockModel("The Technology Innovation Institute [1].")).ask(
        QUESTIONS[kind]
    )
    assert time.monotonic() - started < 30
    assert_clear(answer, built.corpus_dir)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["german", "chinese"])
def test_the_embedded_model_answers_other_languages_clearly_in_bounded_time(
    built: Settings, embedder: Any, kind: str
) -> None:
    started = time.monotonic()
    answer = Assistant(built, embedder).ask(QUESTIONS[kind], backend="embedded")
    elapsed = time.monotonic() - started
    print(f"{kind}: {'refused' if answer.refused else answer.mode} in {elapsed:.1f} s")
    assert elapsed < 180
    assert_clear(answer, built.corpus_dir)


def test_a_question_within_the_character_limit_but_over_the_models_context_is_a_usage_error(
    built: Settings, embedder: Any
) -> None:
    from rag.answer import MAX_QUESTION_CHARS
    from rag.llm import embedded

    # On topic (so it is not refused before the model), then Chinese: about 2 tokens a character.
    question = (FALCON + " " + "哪个研究所开发了Falcon模型？开源模型的许可证允许商业使用吗？" * 100)[
        :MAX_QUESTION_CHARS
    ]
    with pytest.raises(UsageError, match="too long"):
        Assistant(built, embedder, embedded(built)).ask(question)
