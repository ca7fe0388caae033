"""A profit, a turnover, earnings, a discount or a margin asked is a figure: "What net profit did Veridane
report…?" is answered by a sum or refused, not by whatever description is closest in words."""

from __future__ import annotations

import pytest

from rag.question import analyse


@pytest.mark.parametrize(
    "question",
    [
        "What net profit did Veridane Systems report for the third quarter?",
        "What discount off list price did Halcyon give the trust?",
        "What margin does the reseller keep on each seat?",
        "What turnover did the start-up report last year?",
    ],
)
def test_a_sum_asked_by_its_noun_is_a_figure(question: str) -> None:
    assert analyse(question).kind == "number"


def test_a_description_stays_one() -> None:
    assert analyse("What did Veridane say about its data policy?").kind == "description"
