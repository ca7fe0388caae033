"""A question that names nothing but what it counts ("how many public bodies are running open-weight
models?") is answered by one document's count, and another document's count of the same unit, said in
words of its own, is the other side: "23 public bodies currently use open-weight models" against "at
least 40 public bodies now run them"."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BRIEFING = """UPCS MEMBER BRIEFING No. 14

6.  THE BIGGER PICTURE

  6.1  Every AI system used to deliver a public service must be entered on the National AI Register.

  6.2  If you cannot find the Trust's system on the Register, tell the branch.

  6.3  Open-weight models are spreading fast. According to our national office, at least 40 public
       bodies now run them.
"""
ANSWERS = """WRITTEN ANSWERS — DIGITAL GOVERNMENT

Artificial Intelligence: Open-weight Models    [WQ 4471]

Maeve Dunstan (Carrow South): To ask the Minister for Digital Government how many public bodies use
open-weight artificial intelligence models.

Tamsin Okoro-Vale (Minister for Digital Government): The Central Digital Office survey of AI use,
completed in January 2025, found that 23 public bodies currently use open-weight models in live
services, up from 9 bodies in the previous survey.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("counted"),
        embedder,
        {"upcs_briefing.txt": BRIEFING, "written_answers.txt": ANSWERS},
    )


def test_another_count_of_the_asked_unit_is_another_side(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How many public bodies are running open-weight models?")
    assert not answer.refused
    assert "40" in lead(answer.text)
    [differ] = answer.disagreements
    assert "23" in " ".join(side["stance"] for side in differ["sides"])
