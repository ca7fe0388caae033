"""Bounds and shares: "firms with at least 250 employees" asks for a row, not the table's lowest figure, and
"two thirds" says what "67%" says."""

from __future__ import annotations

from typing import Any

import pytest

from rag.clashes import salient_clash
from rag.concepts import numbers
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BULLETIN = """# Use of AI in businesses, Norvale: 2024

## 1. Main points

- 31% of businesses used some form of AI in 2024, up from 18% in 2023.
- Use rose with business size: two thirds of businesses with 250 or more employees used AI.

## 2. AI use by size of business

Table 1: Percentage of businesses using any AI technology, by number of employees, Norvale, 2023 and 2024

| Size band (employees) | 2023 | 2024 |
|---|---|---|
| 10 to 49 | 14% | 26% |
| 50 to 249 | 29% | 44% |
| 250 or more | 51% | 67% |
"""


@pytest.mark.parametrize(
    ("text", "share"),
    [("two thirds of businesses", "2/3"), ("a quarter of them", "1/4"), ("one-half of the firms", "1/2")],
)
def test_a_fraction_in_words_is_a_share(text: str, share: str) -> None:
    assert share in numbers(text)


def test_a_fractions_numerator_is_no_figure_of_its_own() -> None:
    assert "2" not in numbers("two thirds of businesses")


@pytest.mark.parametrize(
    ("claim", "window"),
    [
        (
            "67% of businesses with 250 or more employees used AI",
            "two thirds of businesses with 250 or more employees used AI",
        ),
        ("two thirds of businesses used AI", "67% of businesses used AI"),
    ],
)
def test_a_percentage_and_its_fraction_do_not_clash(claim: str, window: str) -> None:
    assert salient_clash(claim, window) == ("", False)


def test_a_fraction_far_from_the_percentage_still_clashes() -> None:
    _, substituted = salient_clash("28% of businesses used AI", "two thirds of businesses used AI")
    assert substituted


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("bulletin"), embedder, {"norvale_ai_use_2024.md": BULLETIN})


def test_a_bound_in_the_question_picks_its_row(bulletin: Settings, embedder: Any) -> None:
    answer = ask(
        bulletin,
        embedder,
        "What proportion of Norvale firms with at least 250 employees were using AI in 2024?",
    )
    assert "67%" in lead(answer.text)
    assert not answer.disagreements  # (the bullet's "two thirds" says the same)
