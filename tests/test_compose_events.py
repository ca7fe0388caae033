"""What a question asks of an event or a source, read the way the documents say it: a start asked is told
by a launch ("In January 2024 Halvard launched Corvane Pro"); where a thing comes from is its source, not a
place."""

from __future__ import annotations

import pytest

from rag.compose_kinds import gives
from rag.question import analyse


def test_a_start_asked_is_told_by_a_launch() -> None:
    question = analyse("When did Halvard start selling access to its API-only model?")
    assert gives("date", "In January 2024 Halvard launched Corvane Pro, its proprietary model.", question)
    # (another event's date tells nothing of it)
    assert not gives("date", "In June 2021 Halvard hired its first engineers.", question)


@pytest.mark.parametrize(
    "question",
    [
        "If Lumenfold gives its model weights away, where does its revenue come from?",
        "Where does the training data for Brisa come from?",
    ],
)
def test_where_a_thing_comes_from_asks_its_source(question: str) -> None:
    assert analyse(question).kind != "place"


def test_where_a_thing_is_still_asks_a_place() -> None:
    assert analyse("Where is Lumenfold based?").kind == "place"
