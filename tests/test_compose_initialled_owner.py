"""An action log names its owners by initial and surname ("P. Castellanos"): that is a person, and answers
who has to do the action and by when, read through the real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import person_named
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MINUTES = """# St Brannoc's Hospital Trust — Research Ethics Committee

## Minutes of the meeting of 19 March 2026

*Data protection.* The Data Protection Officer reported on her review of the hosting contract. A full Data
Protection Impact Assessment (DPIA) has not yet been completed.

The Committee approved a three-month pilot of the discharge summary assistant, subject to conditions.

## Actions

| Ref | Action | Owner | Due |
|---|---|---|---|
| 26/04-1 | Complete DPIA for discharge summary pilot | P. Castellanos | 17 April 2026 |
| 26/04-2 | Circulate revised consent wording | R. Adeyemi-Hart | 16 April 2026 |
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("initialled_owner"), embedder, {"ethics_minutes.md": MINUTES})


def test_an_initial_and_a_surname_name_a_person() -> None:
    assert person_named("P. Castellanos", frozenset())
    assert not person_named("U.S. Congress", frozenset())


def test_the_action_logs_owner_answers_who_has_to_do_it(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Who at St Brannoc's has to complete the data protection impact assessment for the pilot, and by when?",
    )
    assert "P. Castellanos" in lead(answer.text)
    assert "17 April 2026" in lead(answer.text)
