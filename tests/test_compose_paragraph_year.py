"""A year the question asks is held by a sentence whose paragraph said it just before: "Of this, 3.4
million euros went to Brindle Analytics" is of the year "…spent in 2023-24" opened its paragraph with."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ANSWERS = """# Written answers, 4 March 2025

## Ministry of Public Services

### Language model subscriptions

**Odile Brask** (Vennmoor South): To ask the Minister what was spent on language model subscriptions.

**Pieter Lunde**: Ministries spent 8.2 million euros on subscriptions to hosted language model services in
the financial year 2023-24. Of this, 3.4 million euros went to Brindle Analytics, mainly for its Corran
models. The remainder was shared among eleven smaller suppliers.

### Open-weight pilots

**Odile Brask**: To ask the Minister how many open-weight pilots ministries ran.

**Pieter Lunde**: Ministries ran fourteen pilots of open-weight models in 2024, of which five went live.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("paragraph_year"), embedder, {"written_answers.md": ANSWERS})


def test_a_sentence_is_of_the_year_its_paragraph_said_before_it(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "How much did ministries pay Brindle Analytics for subscriptions in 2023-24?"
    )
    assert not answer.refused
    assert "3.4 million" in lead(answer.text)
