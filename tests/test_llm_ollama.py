"""The Ollama backend for real: our code → LlamaIndex's Ollama → the real `ollama` client → a local server
that speaks Ollama's HTTP API and answers with the embedded model (tests/support/ollama_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rag.answer import Assistant, Notice
from rag.config import Settings
from rag.errors import BackendUnavailable, GenerationInterrupted
from rag.llm import OllamaModel, packaged_gguf, select
from tests.support.ollama_server import FakeOllama, closed_port_url

FALCON = "Which institute developed the Falcon models?"
REPLY = ["The Technology Innovation Institute", " in Abu Dhabi", " developed Falcon [1]."]


@pytest.fixture
def server() -> Iterator[FakeOllama]:
    with FakeOllama(models={"scripted:latest": REPLY}) as srv:
        yield srv


def ollama_settings(built: Settings, host: str, **extra: Any) -> Settings:
    return built.model_copy(update={"ollama_host": host, "ollama_model": "scripted:latest", **extra})


def test_chat_sends_temperature_seed_and_num_ctx_in_options(built: Settings, server: FakeOllama) -> None:
    settings = ollama_settings(built, server.host, backend="ollama")
    text = "".join(OllamaModel(settings).stream([{"role": "user", "content": "hi"}], 50))
    assert text == "".join(REPLY)
    [chat] = server.requests_to("/api/chat")
    assert chat.body["stream"] is True
    options = chat.body["options"]
    assert options["temperature"] == 0
    assert options["seed"] == settings.seed
    assert options["num_ctx"] == settings.num_ctx
    assert options["num_predict"] == settings.max_answer_tokens


def test_answer_through_ollama_is_checked_and_cited(
    built: Settings, embedder: Any, server: FakeOllama
) -> None:
    answer = Assistant(ollama_settings(built, server.host), embedder).ask(FALCON, backend="ollama")
    assert answer.backend == "ollama"
    assert answer.model == "scripted:latest"
    assert "Technology Innovation Institute" in answer.text
    assert answer.citations


def test_server_down_is_one_clear_message(built: Settings) -> None:
    with pytest.raises(BackendUnavailable, match=r"not answering .* `ollama serve`"):
        select(ollama_settings(built, closed_port_url()), "ollama")


def test_model_not_pulled_names_the_pull_command(built: Settings, server: FakeOllama) -> None:
    settings = built.model_copy(update={"ollama_host": server.host, "ollama_model": "llama3.2:3b"})
    with pytest.raises(BackendUnavailable, match=r"ollama pull llama3\.2:3b"):
        select(settings, "ollama")


def test_auto_falls_back_to_the_embedded_model_and_says_why(built: Settings) -> None:
    selection = select(ollama_settings(built, closed_port_url()), "auto")
    assert selection.model.backend == "embedded"
    assert "not answering" in selection.note


@pytest.mark.parametrize("fault", ["cut", "error_midstream", "garbage"])
def test_a_broken_stream_is_reported_as_interrupted(built: Settings, server: FakeOllama, fault: str) -> None:
    server.fault = fault  # type: ignore[assignment]
    model = OllamaModel(ollama_settings(built, server.host))
    with pytest.raises(GenerationInterrupted, match="mid-answer"):
        "".join(model.stream([{"role": "user", "content": "hi"}], 50))


def test_a_busy_server_says_so(built: Settings, server: FakeOllama) -> None:
    server.fault = "busy"
    model = OllamaModel(ollama_settings(built, server.host))
    with pytest.raises(BackendUnavailable, match="busy"):
        "".join(model.stream([{"role": "user", "content": "hi"}], 50))


def test_a_slow_server_hits_the_client_timeout(built: Settings, server: FakeOllama) -> None:
    server.fault = "slow"
    server.slow_seconds = 3
    model = OllamaModel(ollama_settings(built, server.host, ollama_timeout_s=0.5))
    with pytest.raises(BackendUnavailable, match="did not answer in time"):
        "".join(model.stream([{"role": "user", "content": "hi"}], 50))


def test_stream_cut_mid_answer_in_auto_mode_is_answered_by_the_embedded_model(
    built: Settings, embedder: Any, server: FakeOllama
) -> None:
    server.fault = "cut"
    events = list(Assistant(ollama_settings(built, server.host), embedder).ask_stream(FALCON, backend="auto"))
    notices = [e.text for e in events if isinstance(e, Notice)]
    answer = events[-1].answer  # type: ignore[union-attr]
    assert any("documents' own words instead" in n for n in notices)
    assert answer.backend == "spans"
    assert "Technology Innovation Institute" in answer.text
    assert not answer.interrupted
    # And the next question still works once the server is healthy again.
    server.fault = None
    assert (
        Assistant(ollama_settings(built, server.host), embedder).ask(FALCON, backend="ollama").backend
        == "ollama"
    )


def test_stream_cut_with_ollama_forced_marks_the_answer_interrupted(
    built: Settings, embedder: Any, server: FakeOllama
) -> None:
    server.fault = "cut"
    server.fault_after_chunks = 2
    answer = Assistant(ollama_settings(built, server.host), embedder).ask(FALCON, backend="ollama")
    assert answer.interrupted
    assert "mid-answer" in answer.note


@pytest.mark.slow
def test_real_model_behind_the_ollama_api_answers_within_num_ctx(built: Settings, embedder: Any) -> None:
    with FakeOllama(models={"smollm2:135m": str(packaged_gguf())}, num_ctx=1024) as srv:
        settings = built.model_copy(
            update={"ollama_host": srv.host, "ollama_model": "smollm2:135m", "num_ctx": 1024, "top_k": 10}
        )
        answer = Assistant(settings, embedder).ask(FALCON, backend="ollama")
        [chat] = srv.requests_to("/api/chat")
    assert answer.backend == "ollama"
    assert not answer.refused
    assert answer.citations
    # The worst case (10 long passages) was budgeted to fit: Ollama would otherwise cut the prompt silently
    # and drop the instructions at its start (ollama #10980).
    prompt_chars = sum(len(m["content"]) for m in chat.body["messages"])
    assert prompt_chars // 3 + settings.max_answer_tokens <= 1024
    assert chat.body["messages"][0]["role"] == "system"
