"""Figures of one thing said differently: "10^26 FLOP" and "10^25 floating-point operations" are two
thresholds of one count, so two sides; "only about a quarter of enterprises" is 25%, the other side of
"52% of organisations"; and a row of figures by year answers, asked no year, with its latest."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

SURVEY = """# Bramwell enterprise AI survey 2025

## Adoption

| Measure (share of all respondents) | 2024 | 2025 |
|---|---:|---:|
| Open-weight model in production | 31% | 49% |
| Proprietary API in production | 74% | 80% |

## Regulation

Respondents are watching the draft closely: the Compute Disclosure Rule sets a compute threshold of 10^26
FLOP, above which a model would have to be registered.
"""

RESPONSE = """# Compute Disclosure Rule: the Ministry's response

The draft Rule proposed a training-compute threshold for registration. We have retained the threshold of
10^25 floating-point operations, and will review it every two years.
"""

POLL = """# Leaderboards are not deployment

Rankings do not tell you what organisations actually run. Our own poll of 400 technology leaders found
that only about a quarter of enterprises run an open-weight model in production.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("shares_in_words"),
        embedder,
        {"bramwell_survey.md": SURVEY, "ministry_response.md": RESPONSE, "deployment_poll.md": POLL},
    )


def test_flop_counts_operations(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What training-compute threshold does the Compute Disclosure Rule set?")
    stances = stances_of(answer)
    assert any("10^26" in s for s in stances)
    assert any("10^25" in s for s in stances)


def test_a_quarter_is_a_share(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What share of enterprises run an open-weight model in production?")
    assert any("a quarter" in s for s in stances_of(answer))


def test_no_year_asked_is_the_latest(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What share of enterprises run an open-weight model in production?")
    assert "49%" in lead(answer.text)


def test_a_year_asked_is_that_year(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "What share of respondents had an open-weight model in production in 2024?"
    )
    assert "31%" in lead(answer.text)
