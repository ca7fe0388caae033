"""Sums in a currency written by its code, whatever the currency ("fined NC 3.1 million", "NC 0.05 per
question"), read through the real retrieval and embedder: they answer what was paid or fined, while a
standard's number ("ISO 27001") stays no sum; and a question that says what is free asks the price past it."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

NEWSLETTER = """# THE FURROW
### Member newsletter of the Hollins Valley Growers' Cooperative

## What it costs

Several members asked whether we would have been better off paying for a hosted service. Fair question.

For members, FieldMate is free for the first 200 questions each month. After that it is NC 0.05 per question,
added to your quarterly statement. So far only three members have gone over the limit.
"""

REVIEW = """# Open or closed? Our 2026 review

## Meridian Pro: still the one to beat

Calder's flagship topped our table again. On privacy, Calder's current terms are clear. The company was fined
NC 3.1 million by the Digital Standards Authority in May over the late publication of its training data summary.
Calder's hosting is certified to ISO 27001 and SOC 2.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("currency_codes"),
        embedder,
        {"the_furrow.md": NEWSLETTER, "review.md": REVIEW},
    )


def test_an_amount_after_a_code_is_a_sum_a_standards_number_is_not() -> None:
    fined = analyse("How much was Calder fined by the Digital Standards Authority?")
    assert gives("number", "The company was fined NC 3.1 million by the Authority in May.", fined)
    assert not gives("number", "Calder's hosting is certified to ISO 27001 and SOC 2.", fined)


def test_a_fine_in_a_coded_currency_answers(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How much was Calder fined by the Digital Standards Authority?")
    assert not answer.refused
    assert "NC 3.1 million" in lead(answer.text)


def test_the_price_past_what_is_free_answers(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What do co-op members pay for FieldMate once they go past their monthly free questions?",
    )
    assert "NC 0.05 per question" in lead(answer.text)
