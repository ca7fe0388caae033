"""What happens if a condition is met is no table's field: "Licence | Tarn Community Licence v2" names the
licence but does not say what happens to it when the model is put to a prohibited use, read through the real
retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

EXPLAINER = """# Tarn-70B and Meridian 3 at a glance

| | Tarn-70B | Meridian 3 |
|---|---|---|
| Maker | Hollowell Collective | Quillon Labs |
| Licence | Tarn Community Licence v2 | Commercial terms of service |
| Released | November 2025 | June 2025 |

## The licence in brief

The Tarn Community Licence v2 bans a short list of uses, such as weapons targeting and biometric mass
surveillance. If you use the model for one of the prohibited purposes, your licence terminates automatically
under clause 9.1, and reinstatement is at Hollowell's discretion.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("what_happens"), embedder, {"tarn_explainer.md": EXPLAINER})


def test_what_happens_is_not_a_table_field(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What happens to my Tarn licence if I use the model for one of the prohibited purposes?",
    )
    assert "terminates automatically" in lead(answer.text)
