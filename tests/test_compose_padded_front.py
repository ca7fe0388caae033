"""A plain-text transcript's header is padded with rules, column gaps and dotted leaders; its opening is
counted in what it says, so the list of participants under the header is part of it: whom the
transcript's "we" and its fields speak for."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.sections import opening
from tests.test_compose import indexed

RULE = "=" * 74
DASHES = "-" * 74
TRANSCRIPT = f"""{RULE}
 HARBOUR TELEVISION                                      THE BIG QUESTION
{RULE}
 Episode 88     "Should frontier AI be open?"
 Broadcast      Tuesday 4 March 2025, 21:00-21:45
 Venue          Recorded before a studio audience at the Tollgate Hall,
                Brenmouth
 Transcript     Harbour Transcription Services. Lightly edited for
                readability; crosstalk marked [CROSSTALK].
{DASHES}

 PARTICIPANTS

   ODILE MARSH ............ Moderator
   DR JONAS FELL .......... Chief Scientist, Skarvik Model Collective
   AMARA QUIST ............ Director of Public Policy,
                            Lumen Systems

{DASHES}

[00:00:10]

MARSH: Good evening. Tonight's question: should the most capable AI models be released openly? With
me are Dr Jonas Fell of the Skarvik Model Collective and Amara Quist of Lumen Systems.

FELL: Open weights let anyone check our work. Closed models ask the public to trust a press release.

QUIST: Open weights also let anyone strip the safety training out in an afternoon.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("padded"), embedder, {"big_question_ep88.txt": TRANSCRIPT})


def test_an_opening_is_counted_in_what_it_says() -> None:
    assert "Lumen Systems" in opening(TRANSCRIPT)
    assert len(opening("Hello world. " * 100)) == 600  # (unpadded prose is cut where it always was)


def test_the_opening_read_from_the_index_holds_the_participants(corpus: Settings, embedder: Any) -> None:
    from rag.retrieve import Retriever

    retriever = Retriever(corpus, embedder)
    [doc] = retriever.manifest.documents
    assert "Lumen Systems" in retriever.openings([doc])[doc]
