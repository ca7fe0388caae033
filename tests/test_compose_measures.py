"""What a figure question measures, read through the real retrieval and embedder, on a document of our own:
a count's qualifier is no unit ("how many extra staff" counts staff); a measure named with two qualifiers
("what annual running cost") is a sum the documents need not call by those words."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.question import unit_of
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

MEMORANDUM = """# Model Oversight Bill 2026: explanatory memorandum

## Financial implications

The running costs of the Board's new functions are estimated at 3.9 million crowns a year, including 17
additional staff. Registration is free of charge, so the regime raises no fee income.

## Consultation

Comments close on 30 September 2026.
"""


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("How many extra staff does the Ministry foresee?", "staff"),
        ("How many additional GPUs were bought?", "gpus"),
        ("How many people attended the hearing?", "people"),
    ],
)
def test_a_counts_qualifier_is_no_unit(question: str, unit: str) -> None:
    assert unit_of(question) == unit


@pytest.fixture(scope="module")
def memorandum(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("memorandum"), embedder, {"oversight-bill-memo.md": MEMORANDUM})


def test_a_measure_named_with_two_qualifiers_is_a_sum(memorandum: Settings, embedder: Any) -> None:
    answer = ask(memorandum, embedder, "What annual running cost does the memorandum foresee for the Board?")
    assert "3.9 million crowns" in lead(answer.text)
