"""How a body voted is answered by its tally or a vote ("RESOLVED (5 votes to 2; …)"), not by what it
decided in other words ("Committee declines to refer the decision back") nor by what it considered."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MINUTES = """# Overview and Scrutiny Committee: minutes, 12 March 2026

## Item 5: Call-in of the AskKeston contract award

The Committee considered the call-in, requested by Councillors Maddox and Orrell, of the Cabinet decision
to award the AskKeston contract to Harrow Systems Ltd.

Councillor Maddox said the open-model bid had been marked down unfairly. Councillor Pryce disagreed.

RESOLVED (5 votes to 2; Councillors Maddox and Orrell voting against): that the decision not be referred
back to Cabinet.
"""

TIMELINE = """# AskKeston: a timeline

| Date | Event |
|---|---|
| 2 February 2026 | Cabinet awards the AskKeston contract to Harrow Systems Ltd |
| 12 March 2026 | Scrutiny committee declines to refer the AskKeston decision back to Cabinet |
| 1 June 2026 | AskKeston goes live |
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("votes"), embedder, {"scrutiny_minutes.md": MINUTES, "timeline.md": TIMELINE}
    )


def test_a_vote_asked_is_answered_by_its_tally(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How did the scrutiny committee vote on the AskKeston call-in?")
    assert not answer.refused
    assert "5 votes to 2" in lead(answer.text)
