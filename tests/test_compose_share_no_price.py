"""A price asked per something ("what does Quillon charge per million tokens?") is not answered by a
share, however near a money word it stands: "Quillon's API revenue grew 140% year on year" gives no
price, and a question the documents hold no price for is refused."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed

LETTER = """QUARTERLY LETTER TO SHAREHOLDERS -- THIRD QUARTER 2025

2. OPEN AND CLOSED

That does not mean the closed labs are losing. On the contrary: Quillon's API revenue grew 140% year on
year in the twelve months to June, driven by enterprise customers who value Tessarine 5's 200,000-token
context window and the simplicity of a single bill.
"""
QUESTION = "How much does Quillon AI charge per million tokens for access to Tessarine 5 through its API?"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("share"), embedder, {"calloway_q3_letter.txt": LETTER})


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Quillon's API revenue grew 140% year on year in the twelve months to June.", False),
        ("Tessarine 5 costs $12 per million output tokens.", True),
    ],
)
def test_a_share_is_no_price_per_unit(text: str, price: bool) -> None:
    assert gives("number", text, analyse(QUESTION)) is price


def test_a_price_the_documents_do_not_give_is_refused(corpus: Settings, embedder: Any) -> None:
    from rag.answer import Assistant

    assert Assistant(corpus, embedder).ask(QUESTION).refused
