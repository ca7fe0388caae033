"""A label a list repeats tags a kind of entry: a changelog's "Fixed: …" items answer what was fixed by
what they say, not by "Fixed, Fixed"; and a sum in a currency written as a word ("1.9 million crowns") is
compared as a sum, not by the length of time its sentence says besides."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import sum_unit
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

NOTES = """# Wren 2.4 release notes

Wren is Brackwater's open-weight model family.

## Changelog

### 2.3.2 (2026-01-14)

- Fixed: a memory leak in the reference streaming server when clients disconnected mid-response.
- Fixed: stop sequences were ignored by the chat template when the system prompt was empty.

### 2.3.1 (2025-11-20)

- Fixed: a crash in the tokenizer on empty input.

## Support

Security fixes for the 2.x series will be provided until 30 June 2027.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("changelog_tags"), embedder, {"wren_release_notes.md": NOTES})


def test_a_repeated_label_is_no_answer(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What bug did Wren 2.3.2 fix in the reference streaming server?")
    assert not answer.refused
    assert "memory leak" in lead(answer.text)
    assert "Fixed, Fixed" not in answer.text
    assert answer.disagreements == []


def test_a_currency_written_as_a_word_is_a_sum() -> None:
    assert sum_unit("crowns")
    assert sum_unit("€/year")
    assert sum_unit("£")
    assert not sum_unit("years")
    assert not sum_unit("clinics")
