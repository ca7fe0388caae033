"""What a question asks of an event or a source, read the way the documents say it: a start asked is told
by a launch ("In January 2024 Halvard launched Corvane Pro"); where a thing comes from is its source, not a
place."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

FACT_SHEET = """# Model Register Act 2026: what deployers need to know

## 2. Who enforces the Act

The Register Office enforces the Act and keeps the register. The Act's main duties come into force on
1 July 2027. Until then, registration is voluntary.
"""

THREAD = """From: Oskar Lindahl <o.lindahl@brennfield.example>
Subject: Re: registering our chatbot

Separate point for budget holders: the Model Register Act kicks in from January 2027, and as deployers we
will need an entry in the register for each use.
"""

MEMO = """# Memo: choosing a model

## 7. Regulation

The Model Register Bill, published in draft in May, is expected to apply from 1 March 2028, and our duties
as a deployer are light.
"""

DRAFT = """# Model Register Bill: exposure draft

Published by the Ministry of Digital Affairs for public consultation on 9 May 2026.

Comments close on 8 August 2026.
"""


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


def test_from_when_asks_a_date() -> None:
    assert analyse("From when would the Model Register law apply?").kind == "date"


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("register"),
        embedder,
        {"register-fact-sheet.md": FACT_SHEET, "brennfield-thread.txt": THREAD},
    )


def test_a_law_taking_effect_in_other_words_is_one_event(register: Settings, embedder: Any) -> None:
    answer = ask(register, embedder, "When do the Model Register Act's obligations start to apply?")
    assert not answer.refused
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "1 July 2027" in stances
    assert "January 2027" in stances


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("drafted"), embedder, {"memo.md": MEMO, "register-bill-draft.md": DRAFT}
    )


def test_another_event_the_answer_tells_is_no_side(drafted: Settings, embedder: Any) -> None:
    answer = ask(drafted, embedder, "From when would the Model Register law apply?")
    assert "1 March 2028" in lead(answer.text)
    assert answer.disagreements == []
