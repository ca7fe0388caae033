"""A public body asked for by its kind ("To which regulator…?", "which court…?") is a name to give."""

from __future__ import annotations

import pytest

from rag.question import analyse


@pytest.mark.parametrize(
    "question",
    [
        "To which regulator did Nordhaven report the log exposure?",
        "Which watchdog opened the inquiry into Quillon?",
        "Which court heard the licence dispute?",
        "Which union represents the clerical workers?",
    ],
)
def test_a_body_asked_by_its_kind_asks_for_a_name(question: str) -> None:
    assert analyse(question).kind == "entity"
