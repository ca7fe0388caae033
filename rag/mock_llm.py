"""Mock LLM: chat messages → a scripted reply, streamed word by word; the `mock` backend.

A deterministic `ChatModel` that needs no model file and no server, like simonw/llm's `MockModel` and
private-gpt's `llm.mode: mock`: the tests' double (it goes through the same interface as the real
backends) and the page's demo mode. It replays queued replies in order and records every prompt.
The one decision this module owns: what a model that is not there says once its queue is empty — the
opening words of source [1], cited, so an answer still streams, cites and passes through grounding
like a real one; with no source in the prompt, the reply the system prompt asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from rag.config import Settings
from rag.llm import Message

# The embedded model's default window, so a mock made without settings budgets prompts as the smallest
# real backend does (`select` passes the configured one).
CONTEXT_WINDOW: int = Settings.model_fields["embedded_n_ctx"].default
CHARS_PER_TOKEN = 4  # English averages about four characters a token; a fixed rule keeps budgets stable
ECHO_WORDS = 14  # about one sentence of source [1]: enough to be grounded in it, short enough to read
NO_ANSWER = "I don't know."  # what the system prompt asks for when the sources do not answer
_FIRST_SOURCE = re.compile(r"<<<\n(.*?)\n>>>", re.S)  # the fenced body of the first numbered source


class MockModel:
    """Replays `replies` (then `enqueue`d ones) in order, then echoes source [1]; records every prompt."""

    backend: Literal["mock"] = "mock"
    model = "scripted"

    def __init__(self, *replies: str, context_window: int = CONTEXT_WINDOW) -> None:
        self.replies = list(replies)
        self.prompts: list[list[Message]] = []
        self.context_window = context_window

    def enqueue(self, *replies: str) -> None:
        self.replies.extend(replies)

    def count_tokens(self, text: str) -> int:
        return len(text) // CHARS_PER_TOKEN + 1

    def stream(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        self.prompts.append(messages)
        reply = self.replies.pop(0) if self.replies else echo_first_source(messages)
        for word in reply.split(" ")[:max_tokens]:  # a word a token: cut where a real model would stop
            yield word + " "


def echo_first_source(messages: list[Message]) -> str:
    """The opening words of the first source in the last message, cited to it; `NO_ANSWER` without one."""
    found = _FIRST_SOURCE.search(messages[-1]["content"]) if messages else None
    if found is None:
        return NO_ANSWER
    words = found.group(1).split()[:ECHO_WORDS]
    return " ".join(words).rstrip(".") + " [1]." if words else NO_ANSWER
