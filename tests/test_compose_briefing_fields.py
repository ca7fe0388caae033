"""A members' briefing in plain text gives its meeting and its contacts as fields: "Place:    Estuary
Room, …" says where the meeting is held; "Branch Secretary ......... Dolores Kettleby   ext. 4417" who the
secretary is, with the extension in the same sentence (an "ext." ends no sentence); and a part the
documents leave open is noted as it was asked, not with the whole question again."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose import NOT_SAID
from rag.config import Settings
from rag.sentences import split_sentences
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BRIEFING = """UPCS | UNION OF PUBLIC AND CLINICAL STAFF
Carrow & Estuary Health Branch
MEMBER BRIEFING No. 14 -- March 2025

======================================================================
  AI AT THE TRUST: WHAT IT MEANS FOR MEDICAL SECRETARIES
======================================================================

1.  WHAT HAS HAPPENED
----------------------------------------------------------------------

  1.1  In January 2025 the Trust signed a five-year deal with
       Cobaltline Health for an "AI clinical documentation assistant".

  1.2  The system drafts clinic letters from recordings of consultations.
       Secretaries will check and correct the drafts.

2.  COME TO THE BRANCH MEETING
----------------------------------------------------------------------

  Date:     Thursday 13 March 2025
  Time:     17:30 (refreshments from 17:00)
  Place:    Harbour Room, Staff Social Club, Carrow General Hospital
  Speaker:  Ines Calder-Bright, UPCS National Officer for Technology

----------------------------------------------------------------------
  CONTACTS
----------------------------------------------------------------------

  Branch Secretary ......... Dolores Kettleby      ext. 4417
  Health & Safety Rep ...... Marcus Oyelaran       ext. 4102
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("briefing"), embedder, {"upcs_briefing_14.txt": BRIEFING})


def test_an_extension_ends_no_sentence() -> None:
    assert [s for s, _ in split_sentences("Branch Secretary: Dolores Kettleby ext. 4417")] == [
        "Branch Secretary: Dolores Kettleby ext. 4417"
    ]


def test_a_place_field_says_where_the_meeting_is(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "When and where is the union branch meeting about AI being held?")
    assert not answer.refused
    assert "13 March 2025" in lead(answer.text)
    assert "Harbour Room" in lead(answer.text)


def test_a_role_field_answers_its_part_and_an_open_part_is_noted_as_asked(
    corpus: Settings, embedder: Any
) -> None:
    question = "Who is the union branch's secretary and what is their favourite colour?"
    answer = ask(corpus, embedder, question)
    assert not answer.refused
    assert "Dolores Kettleby ext. 4417" in lead(answer.text)
    note = next(line for line in answer.text.splitlines() if line.startswith(NOT_SAID))
    assert "what is their favourite colour?" in note
    assert question not in note
