"""A public office asked by which of its holders ("which minister replied…?") is answered by the speaker
who holds it: "Dr Piet Anselm (Minister of State for Health): The Trust awarded the contract…", however
far in meaning the reply is from the question."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ANSWERS = """HOUSE OF REPRESENTATIVES OF VELMARK
WRITTEN ANSWERS TO QUESTIONS
Thursday 6 March 2025


HEALTH
======


Carrow and Estuary Hospitals Trust: Artificial Intelligence    [WQ 4490]

Hugo Pettifer (Estuary and Marshes) (Liberal): To ask the Secretary of State for Health what the value is
of the contract awarded by Carrow and Estuary Hospitals Trust for an artificial intelligence clinical
documentation system; and what estimate he has made of the effect of that contract on staff numbers.

Tabled: 20 February 2025

Dr Piet Anselm (Minister of State for Health): Carrow and Estuary Hospitals Trust awarded the contract to
Cobaltline Health AB on 14 February 2025, once the standstill period had ended. The contract is worth EUR
1.9 million over five years, covering implementation, support and hardware.

The Trust has informed me that no medical secretary post at the Trust will be lost as a result of this
contract. Decisions on procurement are a matter for the Trust.


DIGITAL AFFAIRS
===============


Public Bodies: Open-weight Models    [WQ 4512]

Sara Lindgren-Holt (Northmoor) (Green): To ask the Secretary of State for Digital Affairs how many public
bodies run open-weight language models on their own infrastructure.

Tabled: 24 February 2025

Tamsin Okoro-Vale (Parliamentary Secretary, Digital Affairs): The Central Digital Office survey identified
23 public bodies running open-weight models on infrastructure they control.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("offices"), embedder, {"velmark_written_answers.txt": ANSWERS})


def test_which_minister_is_the_speaker_holding_the_office(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Which minister replied in parliament to the question about the hospital trust's AI contract?",
    )
    assert not answer.refused
    assert "Piet Anselm" in lead(answer.text)
