"""A later part that names the earlier one's event by a noun ("…, and for how many days did the run last?")
asks it of the earlier part's subject; "will one day expect a return" counts no days."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed

COLUMN = """# Open weights are not a free lunch

## Who makes Brennet-9

Nor is the Tallow Reach Collective, which makes Brennet-9, a band of volunteers. Its investors paid for the
training run and will one day expect the run to last them years of revenue.

## What it cost

The whole training run used about 410 megawatt-hours of electricity.
"""


def test_some_day_counts_no_days() -> None:
    question = analyse("For how many days did the Brennet-9 training run last?")
    assert not gives("number", "Its investors will one day expect a return.", question)
    assert gives("number", "The Brennet-9 training run lasted 41 days.", question)


@pytest.fixture(scope="module")
def column(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("column"), embedder, {"column.md": COLUMN})


def test_a_question_the_documents_cannot_answer_in_either_part_is_refused(
    column: Settings, embedder: Any
) -> None:
    from rag.answer import Assistant

    answer = Assistant(column, embedder).ask(
        "How many GPUs were used to train Brennet-9, and for how many days did the run last?"
    )
    assert answer.refused
