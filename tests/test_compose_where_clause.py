"""A field answers where by the label of what the where-clause asks, not by a word the question says
before it: "If Harwick goes with the preferred option, where will the model run?" is not answered by the
"Option B" column's "Full retraining permitted", though "option" is a word of the question."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """# Harwick Borough Council — Cabinet report: Ask Harwick

## 4. Options

- **Option A — Hosted proprietary API.** Buy the Tessaly API from Corvane Systems.
- **Option B — Self-hosted open-weight model (preferred).** Keep running Brisa-13B on two leased servers at
  Millbrook Data Centres, the Council's existing hosting partner.

### 4.2 Comparison of options

| Criterion | Option A: Tessaly API | Option B: Self-hosted Brisa-13B |
|---|---|---|
| Three-year total cost | £610,000 | £398,000 |
| Ability to adapt model | Prompting only | Full retraining permitted |
| Pilot accuracy | 88% | 85% |
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("where"), embedder, {"harwick_cabinet_report.md": REPORT})


def test_where_is_answered_by_a_place_not_by_an_option_column(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "If Harwick goes with the preferred option, where will the chatbot's model actually run?",
    )
    assert not answer.refused
    assert "Millbrook Data Centres" in lead(answer.text)


def test_a_label_sharing_a_word_said_before_where_is_no_place() -> None:
    question = analyse("If Harwick goes with the preferred option, where will the model run?")
    assert not gives(
        "place",
        "Option B: Self-hosted Brisa-13B, Ability to adapt model: Full retraining permitted",
        question,
    )
    assert gives("place", "Venue: Millbrook Hall, Harwick", analyse("Where will the meeting be held?"))
