"""The mock backend and the settings that choose it: a scripted model behind the real `ChatModel` seam."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from rag.answer import Assistant
from rag.config import Settings
from rag.errors import UsageError
from rag.llm import Message, select
from rag.mock_llm import NO_ANSWER, MockModel
from tests.test_answer import assert_citations_resolve

FALCON = "Which institute developed the Falcon models?"
PROMPT: list[Message] = [
    {"role": "system", "content": "Answer from the sources."},
    {
        "role": "user",
        "content": "Sources:\n\n[1] Falcon\n<<<\nFalcon was developed by TII. It is open.\n>>>\n",
    },
]


def test_settings_choose_the_mock_backend_without_a_model_or_a_server() -> None:
    selection = select(Settings(backend="mock", ollama_host="http://127.0.0.1:9"))
    assert isinstance(selection.model, MockModel)
    assert (selection.model.backend, selection.note) == ("mock", "")


def test_the_backend_asked_for_overrides_the_settings() -> None:
    assert isinstance(select(Settings(backend="ollama"), "mock").model, MockModel)


def test_an_unknown_backend_is_refused_with_the_choices() -> None:
    with pytest.raises(UsageError, match="auto, ollama, embedded, mock"):
        select(Settings(), "gpt-5")


def test_the_mock_replays_its_replies_in_order_and_records_every_prompt() -> None:
    model = MockModel("first [1].")
    model.enqueue("second [1].")
    replies = ["".join(model.stream(PROMPT, 50)).strip() for _ in range(3)]
    assert replies[:2] == ["first [1].", "second [1]."]
    assert model.prompts == [PROMPT, PROMPT, PROMPT]


def test_with_no_reply_queued_the_mock_echoes_source_one_cited() -> None:
    assert "".join(MockModel().stream(PROMPT, 50)).strip() == "Falcon was developed by TII. It is open [1]."


def test_without_sources_the_mock_says_it_does_not_know() -> None:
    assert "".join(MockModel().stream(PROMPT[:1], 50)).strip() == NO_ANSWER


def test_the_mock_streams_word_by_word() -> None:
    assert list(MockModel("a b [1].").stream(PROMPT, 50)) == ["a ", "b ", "[1]. "]


def test_settings_are_frozen_and_hashable() -> None:
    settings = Settings(top_k=3)
    with pytest.raises(ValidationError):
        settings.top_k = 4  # type: ignore[misc]
    assert hash(settings) == hash(Settings(top_k=3))
    assert settings.model_copy(update={"top_k": 4}) != settings
    assert {settings: "one"}[Settings(top_k=3)] == "one"


@pytest.mark.parametrize("wording", ["always", "auto"])
def test_a_mock_backed_assistant_answers_with_citations_that_resolve(
    built: Settings, embedder: Any, wording: str
) -> None:
    # Under "auto" too: the mock is a backend chosen by settings (the page's demo mode), not a stand-in
    # that only "always" reaches.
    settings = built.model_copy(update={"backend": "mock", "answer_with_model": wording})
    answer = Assistant(settings, embedder).ask(FALCON)
    assert (answer.backend, answer.model) == ("mock", "scripted")
    assert not answer.refused
    assert_citations_resolve(answer, built.corpus_dir)


def test_the_mock_stops_at_max_tokens_like_a_real_model() -> None:
    assert "".join(MockModel("one two three four [1].").stream(PROMPT, 2)) == "one two "
