"""A key-value table under an empty header row ("| | |") has lines with no label: a question for the
largest or most of something is still answered (it crashed on the unlabelled line) from the prose."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

CARD = """# Wrenfield-9 Model Card

| | |
|---|---|
| **Developer** | Copperleaf Labs Ltd., Port Amsel |
| **Release date** | 14 March 2026 |
| **Licence** | Wrenfield Community Licence 2.0 |
| **Card version** | 1.3 (last updated 2 April 2026) |

## 1. Overview

Wrenfield-9 is a 34-billion-parameter decoder-only language model trained by Copperleaf Labs.

## 2. Regulation

Under the Model Accountability Act, the regulator can fine a provider up to 4% of worldwide turnover for the most
serious breaches, and up to 1% for late filings.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("unlabelled_table"), embedder, {"wrenfield-9-card.md": CARD})


def test_an_unlabelled_table_line_does_not_stop_a_largest_question(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What is the largest fine for the most serious breaches of the Model Accountability Act?",
    )
    assert not answer.refused
    assert "4% of worldwide turnover" in lead(answer.text)
