"""A name's initials leave its small words out ("Guild of Open Model Builders" is "GOMB"), and "how many
fines…?" counts fines: a sum a fine may come to is no count of them."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

POSITION = """# Position paper: the Model Register Bill

Published by the Guild of Open Model Builders, March 2026.

## About us

GOMB represents 860 member firms, most of them small studios that fine-tune open-weight models for
clients in retail, law and local government. Our members employ about 9,400 people.

## Our asks

We ask the Registry to publish its guidance early, and to fund a shared testing service.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("counted_names"), embedder, {"gomb_position.md": POSITION})


def test_initials_leave_the_small_words_out(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How many member firms does the Guild of Open Model Builders have?")
    assert not answer.refused
    assert "860" in lead(answer.text)


def test_a_count_of_fines_is_not_a_sum() -> None:
    asked = analyse("How many fines has the Registry issued under the Act so far?")
    assert not gives(
        "number", "The Registry may impose fines of up to 4% of turnover or 20 million crowns.", asked
    )
    assert not gives("number", "Fines can reach €2,000,000.", asked)
    assert gives("number", "The Registry has issued 3 fines so far.", asked)
    # a count asked in money is still answered by a sum
    assert gives(
        "number", "The fine came to 20 million crowns.", analyse("How many crowns did the fine come to?")
    )
