"""A decision asked is answered by what was decided: "what did the panel decide about the pilot?" is
answered by "DECISION. …the Panel approves the pilot…", a numbered item whose run-in heading in capitals
is read with it, not by the description of the pilot that shares the most words with the question."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

LETTER = """WESTBRIDGE HEALTH BOARD
Clinical Safety Panel

Ms Odile Farrant
Digital Services

Dear Ms Farrant,

1.  The Panel considered your proposal at its meeting on 3 June 2025.

2.  The pilot will summarise outpatient clinic letters with the open-weight Sorrel-13B model, run on
    the Board's own servers in its Cardew data centre, for three outpatient clinics over six months.

3.  DECISION. The Panel approves the pilot, on condition that a clinician reads every summary before it
    is filed in the patient record.

4.  The Panel thanks the team for a clear and careful proposal.

Yours sincerely,

Dr Kwame Ashdown
Chair, Clinical Safety Panel
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("decision"), embedder, {"westbridge_panel_letter.txt": LETTER})


def test_a_decision_asked_is_answered_by_what_was_decided(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What did the Westbridge clinical safety panel decide about the clinic letter pilot?",
    )
    assert not answer.refused
    assert "approves the pilot" in lead(answer.text)


def test_an_items_run_in_heading_in_capitals_is_read_with_its_sentence() -> None:
    texts = [
        s.text
        for s in split("3.  DECISION. The Panel approves the pilot.\n\n4.  Thanks. The team did well.\n")
    ]
    assert "DECISION. The Panel approves the pilot." in texts
    # (a short sentence in ordinary case is a sentence of its own)
    assert "Thanks." in texts
