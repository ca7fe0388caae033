"""Turns: one question and what came of it → the conversation the page keeps and the history the library reads.

Plain Python (no Streamlit), so every rule the page relies on is tested directly.
The one decision this module owns: how much of a conversation is kept, and which way forward an error
offers. A conversation is bounded twice: the page keeps its last MAX_TURNS turns (each holds its answer and
the cited passages), and a follow-up is resolved against the last HISTORY_TURNS answered ones, so a long
chat costs neither memory nor time per question that grows with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rag.answer import Answer
from rag.config import Backend
from rag.errors import BackendUnavailable, IndexMissing, UsageError

MAX_TURNS = 100  # turns a page keeps in its session: a long afternoon's chat, a bounded memory
HISTORY_TURNS = 12  # a follow-up names what was asked a few turns back, not fifty

# The way forward an error offers: build the index, answer without Ollama, fix the question, ask again.
ErrorKind = Literal["index", "backend", "usage", "retry"]


@dataclass
class Turn:
    """One question of the conversation and what came of it (kept in the browser session)."""

    question: str
    backend: Backend | None = None  # the backend asked for; None: the settings' default
    answer: Answer | None = None
    notices: list[str] = field(default_factory=list)
    error: str = ""
    error_kind: ErrorKind | None = None  # None when there was no error

    @property
    def pending(self) -> bool:
        """Neither answered nor failed: the run was stopped while the answer was being written."""
        return self.answer is None and not self.error


def history(turns: list[Turn], limit: int = HISTORY_TURNS) -> list[tuple[str, str]]:
    """The recent conversation as the library takes it: (role, text) pairs of the last `limit` answered
    turns (a follow-up names what was asked a few turns back, not fifty)."""
    answered = [(t.question, t.answer.text) for t in turns if t.answer is not None]
    pairs: list[tuple[str, str]] = []
    for question, answer in answered[-limit:] if limit > 0 else []:
        pairs += [("user", question), ("assistant", answer)]
    return pairs


def keep_recent(turns: list[Turn], limit: int = MAX_TURNS) -> int:
    """Drop the oldest turns beyond `limit`, in place; returns how many were dropped."""
    dropped = max(0, len(turns) - limit)
    del turns[:dropped]
    return dropped


def error_kind(exc: Exception) -> ErrorKind:
    """Which way forward the page offers for an error."""
    if isinstance(exc, IndexMissing):
        return "index"
    if isinstance(exc, BackendUnavailable):
        return "backend"
    if isinstance(exc, UsageError):
        return "usage"
    return "retry"
