"""An end date asked: "until when does the approval remain valid?" is answered by the date it stops
holding ("valid until 30 June 2028"), not by a year inside a reference ("PRB/2024/0571") nor by a date in
passing; and a contract's "thirty (30) days" is a span of time, whichever way round it spells the figure."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

LETTER = """HARROWGATE UNIVERSITY
Psychology Research Review Board

Dr Marisol Quenby
School of Psychology

Our reference:  PRB/2024/0571
Project:        Reading Together: open-weight language models as tutors for adult literacy learners

Dear Dr Quenby,

1.  The Board reviewed your application at its meeting on 12 May 2025 and approved the project as
    described, subject to the conditions below.

2.  The tutoring sessions will use recordings collected under the earlier approval PRB/2022/0198,
    with consent renewed by every learner in 2024.

3.  Approval is valid until 30 June 2028. Any change to the model or to where it is hosted must be
    submitted as an amendment.

Yours sincerely,

Professor Idris Calloway
Chair, Psychology Research Review Board
"""

LICENCE = """LANTERN COMMUNITY MODEL LICENCE
Version 2.0

7. TERMINATION

7.1  This Licence ends automatically if You breach any of its terms and do not remedy the breach
     within thirty (30) days of receiving written notice of it from the Licensor.

7.2  Sections 4 and 8 survive termination.

8. GOVERNING LAW

8.1  This Licence is governed by the laws of the Republic of Estovia.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("ends"),
        embedder,
        {"prb_letter_0571.txt": LETTER, "lantern_licence_v2.txt": LICENCE},
    )


def test_until_when_asks_the_date_a_thing_stops_holding(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Until when does the review board's approval of the literacy tutoring study stay valid?",
    )
    assert not answer.refused
    assert "30 June 2028" in lead(answer.text)


def test_a_duration_spelled_out_both_ways_answers_how_much_time(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "If someone breaches the Lantern licence, how much time do they get to fix it before it ends?",
    )
    assert not answer.refused
    assert "thirty (30) days" in lead(answer.text)


def test_a_year_inside_a_slashed_reference_is_no_date() -> None:
    ask_ = analyse("When were the recordings collected?")
    assert not gives("date", "The recordings were collected under approval PRB/2022/0198.", ask_)
    assert gives("date", "The recordings were collected in 2022 under approval PRB/0198.", ask_)
