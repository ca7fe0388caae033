"""A sentence naming another model, and none asked, speaks of that model: in a thread about Wren-2, "the
Sable-4 context on our contract is 160k tokens" is no other side to Wren-2's 32,768-token context."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

CARD = """# Wren-2 model card

Wren-2 is an open-weight model from Fennick Labs, released under the Fennick Open Licence.

| Model | Parameters | Context (tokens) |
|---|---|---|
| Wren-2 | 34B | 32,768 |
| Wren-2-Mini | 3B | 8,192 |
"""

EMAIL = """From: Declan Moor <declan.moor@harlow.example>
To: Platform team <platform@harlow.example>
Subject: Wren-2 pilot for the helpdesk

Hi all,

We are testing Wren-2 for the helpdesk next month. For what it's worth, the Sable-4 context on our
contract is 160k tokens and we never use more than about 6k of it, so context length should not decide
this.

Declan
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("other_model"), embedder, {"wren2_card.md": CARD, "pilot_email.txt": EMAIL}
    )


def test_another_model_s_figure_is_no_side(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What is the maximum input length Wren-2 can handle?")
    assert "32,768" in lead(answer.text)
    assert not answer.disagreements
