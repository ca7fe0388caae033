"""A product asked with its maker ("…a separate licence from Brightwater?") is spoken of by a span naming the
product alone, where the documents write it "released by" its maker; a clause that says "it" keeps what "it"
is; and a law that "commences on" a date takes effect then — read through the real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """COUNCIL CABINET REPORT

2.  RECOMMENDATIONS

2.1 approves the use of Tarn-70B, released by the Hollowell Collective under the Tarn Community Licence, as the
    base model for the pilot.

3.  LEGAL

3.1 The Tarn Community Licence v2 is generous, but it requires a separate commercial licence for any service
    above 20 million monthly active users, and it forbids using Tarn outputs to train other models.

3.2 The Norland AI Accountability Act 2025 commences on 1 July 2026.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("maker_licence"), embedder, {"cabinet_report.txt": REPORT})


def test_the_products_licence_answers_of_its_maker(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Above how many monthly active users does a Tarn-based service need a separate licence from Hollowell?",
    )
    assert not answer.refused
    assert lead(answer.text).startswith("The Tarn Community Licence v2 is generous, but it requires")
    assert "20 million monthly active users" in lead(answer.text)


def test_a_law_that_commences_on_a_date_takes_effect_then() -> None:
    asked = analyse("When does the Norland AI Accountability Act take effect?")
    assert gives("date", "The Norland AI Accountability Act 2025 commences on 1 July 2026.", asked)
