""" "The model" of an article about one model is that model: "Anyone can download the 72-billion-parameter
model", in a piece on Wrenlow-L, is the other side of its card's "Parameters: 68 billion"."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

CARD = """# Wrenlow-L model card

| Field | Value |
|---|---|
| Developer | Tallis AI |
| Parameters | 68 billion |
| Licence | Tallis Community Licence 1.0 |
"""

ARTICLE = """# Open in name only

*The Harbour Courier · Technology*

When Tallis AI put the weights of its flagship Wrenlow-L model online in March, its chief executive called
it a turning point for the industry.

## What is actually open

Anyone can download the 72-billion-parameter model. What they cannot find out is what it learned from.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("the_model"), embedder, {"wrenlow_card.md": CARD, "courier_open.md": ARTICLE}
    )


def test_the_model_of_an_article_is_the_one_it_is_about(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How many parameters does Wrenlow-L have?")
    assert "68 billion" in lead(answer.text)
    [differ] = answer.disagreements
    assert "72-billion" in " ".join(side["stance"] for side in differ["sides"])
