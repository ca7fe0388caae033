"""One model, two licences: a board's "Licence: Apache 2.0" against a survey's "published … under a
non-commercial research licence" is a disagreement, though neither denies the other in words."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

BOARD = """# Northmoor open model board

| Model | Developer | Licence | Composite |
|---|---|---|---|
| Quill-9 | Harrier Labs | Apache 2.0 | 77.1 |
| Sedge-40B | Corran AI | MIT | 74.8 |
"""

SURVEY = """# Enterprise model survey

Quill-9, published by Harrier Labs under a non-commercial research licence, is popular in universities but
rare in commercial deployments, where respondents said its licence terms ruled it out.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("licences"), embedder, {"board.md": BOARD, "survey.md": SURVEY})


def test_two_licences_are_two_sides(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Under what licence is Quill-9 released?")
    stances = stances_of(answer)
    assert any("Apache 2.0" in s for s in stances)
    assert any("non-commercial research licence" in s for s in stances)


def test_one_licence_is_no_disagreement(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Under what licence is Sedge-40B released?")
    assert "MIT" in lead(answer.text)
    assert not answer.disagreements
