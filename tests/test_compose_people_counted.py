""" "How many people…?" counts persons by whatever they are called: "Three reviewers scored every answer"
answers "how many people scored the answers?"; "7 billion parameters" does not."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

GUIDE = """# Workplace AI buyers' guide, spring 2025

## How we tested

We ran each model through 180 office tasks between February and April 2025. The benchmark holds 9,600 test
items, a fifth of them new this year. Four reviewers scored every
answer without knowing which model produced it. Open-weight models were run on identical rented hardware.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("people"), embedder, {"buyers_guide.md": GUIDE})


def test_reviewers_are_people(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "How many tasks did the buyers' guide use, and how many people scored the answers?"
    )
    said = lead(answer.text)
    assert "180" in said
    assert "Four reviewers" in said


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("Three reviewers scored every answer.", True),
        ("The lab employs 40 engineers.", True),
        ("The model has 7 billion parameters.", False),
        ("The appliance holds 12 servers.", False),
    ],
)
def test_what_counts_people(text: str, counted: bool) -> None:
    assert gives("number", text, analyse("How many people worked on it?"), frozenset()) is counted


def test_items_under_the_asked_modifier_are_what_is_counted(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How many test questions does the buyers' guide benchmark hold?")
    assert "9,600" in lead(answer.text)


def test_items_under_another_modifier_are_not(corpus: Settings, embedder: Any) -> None:
    assert not gives(
        "number",
        "It holds 9,600 archive items.",
        analyse("How many test questions does it hold?"),
        frozenset(),
    )
