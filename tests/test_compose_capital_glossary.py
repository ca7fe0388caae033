"""A plain-text glossary writes each term in capitals before what it means, on the same line ("LOCK-IN
When switching supplier becomes so costly…"): that entry defines the term, however far its words are
in meaning from the question."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BRIEFING = """UPCS | UNION OF PUBLIC AND CLINICAL STAFF
MEMBER BRIEFING No. 14 -- March 2025

1.  WHAT HAS HAPPENED

  1.1  In January 2025 the Trust signed a five-year deal with Cobaltline Health for an AI
       clinical documentation assistant built on an open-weight model.

----------------------------------------------------------------------
  7.  JARGON BUSTER
----------------------------------------------------------------------

  OPEN-WEIGHT    The trained model file is published so anyone can
                 download it and run it on their own computers.
  LOCK-IN        When switching supplier becomes so costly or
                 difficult that you are stuck with the one you have,
                 even if prices rise.
  HALLUCINATION  When an AI states something false as if it were
                 fact, e.g. an allergy the patient does not have.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("capitals"), embedder, {"upcs_briefing_14.txt": BRIEFING})


def test_a_term_in_capitals_before_its_meaning_is_defined_by_it(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, 'What does the union briefing mean by "lock-in"?')
    assert not answer.refused
    assert "switching supplier" in lead(answer.text)
