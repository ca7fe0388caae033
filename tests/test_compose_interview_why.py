"""An interview's answer to a "why?" is the reason asked: "Your licence has a special clause for very large
companies. Why?" over "That threshold … is there to stop free-riding." answers why the licence singles
out the biggest platforms, read with its question; a field's value in the interview's fact box ("Licence
| Tamsin Open Weights Licence 2.0") is no reason, though it names what is asked."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from rag.spans import question_paragraph
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

INTERVIEW = """# "Openness is a licence, not a slogan": an interview with Corin Vasquez-Lind

*Interview by Hedda Morrow · Published 2 April 2025*

## Fact box: Tamsin Collective

| | |
|---|---|
| Chief executive | Corin Vasquez-Lind (since 2022) |
| Licence | Tamsin Open Weights Licence 2.0 |
| Flagship model | Tamsin-9 |

Corin Vasquez-Lind has led the Tamsin Collective since 2022. We spoke at its offices in Larkholm.

Your licence has a special clause for the very biggest platforms. Why?

That ceiling, 80 million monthly users, is there to keep the largest firms from profiting without
contributing. Nearly every user will never come close to it.

What comes next for Tamsin-9?

A smaller version for phones, later this year.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("why"), embedder, {"tamsin_interview.md": INTERVIEW})


def test_the_answer_to_an_interviewers_why_is_the_reason(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Why, according to Tamsin's chief executive, does the licence single out the largest platforms?",
    )
    assert not answer.refused
    assert "profiting without contributing" in lead(answer.text)


def test_the_question_paragraph_before_an_answer() -> None:
    at = INTERVIEW.index("That ceiling")
    assert question_paragraph(INTERVIEW, at) == (
        "Your licence has a special clause for the very biggest platforms. Why?"
    )
    # (a paragraph after a statement answers no question)
    assert question_paragraph(INTERVIEW, INTERVIEW.index("Corin Vasquez-Lind has led")) == ""


def test_a_purpose_is_a_reason() -> None:
    ask_ = analyse("Why does the licence have a ceiling?")
    assert gives("reason", "That ceiling is there to keep the largest firms from profiting.", ask_)
    assert not gives("reason", "That ceiling is 80 million monthly users.", ask_)
