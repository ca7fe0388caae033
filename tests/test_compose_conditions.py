""" "What conditions must a pupil meet before using it?" is answered by the condition ("aged 14 and over …
once a parent has returned consent form F-9"), not by the pilot paragraph whose words are closest to the
question."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MEMO = """# Harlow Vale School District: memorandum on AI tutors

## 1. What the pilot showed

Between 13 January and 28 March 2025 we ran a pilot of the district's AI tutor in five schools, with
about 1,600 pupils using the district's AI tutor before the policy below. Pupils used it mostly for
revision and essay planning.

## 2. Policy

**2.1 Who may use the tutor.** Pupils aged 14 and over may use the Vale AI tutor once a parent or
guardian has returned signed consent form F-9.

**2.2 Staff use.** Teachers may use the tutor to prepare lessons and practice questions.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("conditions"), embedder, {"harlow_vale_ai_memo.md": MEMO})


def test_conditions_asked_are_answered_by_a_condition(corpus: Settings, embedder: Any) -> None:
    first = lead(
        ask(corpus, embedder, "What conditions must a pupil meet before using the district's AI tutor?").text
    )
    assert "14 and over" in first
    assert "F-9" in first


def test_what_is_done_to_an_end_asks_no_condition() -> None:
    from rag.compose_kinds import _CONDITIONS_ASKED

    assert _CONDITIONS_ASKED.search("What must a pupil do before using the tutor?")
    assert _CONDITIONS_ASKED.search("Under what conditions may staff use it?")
    assert not _CONDITIONS_ASKED.search(
        "What do API-based closed models do to keep users from misusing them?"
    )
