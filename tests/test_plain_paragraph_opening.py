"""A plain-text paragraph's first line is no heading when the next line goes on at its indent, whatever
word that line opens with (a councillor's name); and a sum asked is compared by the sums the answers give,
not by a length of time one says besides ("worth £486,000 over three years" is no side against another
document's "12 months' notice")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import asks_sum
from rag.config import Settings
from rag.sections import _plain_headings
from tests.test_compose import indexed
from tests.test_compose_documents import ask

MINUTES = """KESTON BOROUGH COUNCIL
RESOURCES SCRUTINY COMMITTEE - MINUTES

KS/04  CALL-IN: AWARD OF CONTRACT FOR THE "ASKKESTON" ASSISTANT

        The Committee considered the call-in, requested by Councillors
        Maddox and Orrell, of the Cabinet decision to award a
        three-year contract to Harrow Systems Ltd for a resident
        enquiries assistant.

  4.1   The Director introduced the report. The contract value
        was £298,000 over three years, including set-up.

  4.2   The Director confirmed that Harrow had committed to giving the
        council 12 months' notice before retiring any model version.
"""

ARTICLE = """# Keston's chatbot: what the contract says

## The price

According to the signed order form, the contract with Harrow Systems Ltd for AskKeston is worth £344,000
over three years.

## The small print

The contract allows Harrow to retire the underlying model on 90 days' notice.
"""


def test_a_paragraphs_first_line_is_no_heading() -> None:
    assert [title for _, _, title in _plain_headings(MINUTES)] == [
        "KESTON BOROUGH COUNCIL",
        "RESOURCES SCRUTINY COMMITTEE - MINUTES",
        'KS/04  CALL-IN: AWARD OF CONTRACT FOR THE "ASKKESTON" ASSISTANT',
    ]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("paragraph_opening"),
        embedder,
        {"keston_minutes.txt": MINUTES, "keston_article.md": ARTICLE},
    )


def test_a_sum_asked_is_not_compared_by_a_length_of_time(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How much is Keston's AskKeston contract with Harrow worth?")
    assert not answer.refused
    [found] = answer.disagreements
    stances = [side["stance"] for side in found["sides"]]
    assert any("£344,000" in s for s in stances), stances
    assert any("£298,000" in s for s in stances), stances
    assert not any("notice" in s for s in stances), stances


def test_what_a_thing_is_worth_is_a_sum_and_a_count_of_fines_is_not() -> None:
    assert asks_sum("How much is the council's contract with Harrow worth?")
    assert asks_sum("What did the council pay for the assistant?")
    assert not asks_sum("How many fines has the regulator issued?")
    assert asks_sum("How many euros did the council pay?")
