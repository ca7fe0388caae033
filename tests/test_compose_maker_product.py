"""A maker asked with its product speaks for it: "How long does Corvane keep the prompts customers send to
Tessaly?" is answered by "Prompts and responses are kept by Corvane for 14 days", where the documents write
"Corvane Systems' Tessaly model" — though the sentence does not name Tessaly again; a table's cell of the
maker's column does not, being of its row and column alone."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """# Harwick Borough Council — Cabinet report: resident enquiries assistant

## 4. Option A: hosted proprietary model

4.1 Option A would buy access to Corvane Systems' Tessaly model through its commercial API.

4.2 Corvane would process resident conversations in its Dublin region. Prompts and responses are kept by
Corvane for 14 days for abuse monitoring and are then deleted; they are not used for training.

## 5. Option B: self-hosted open-weight model

5.1 Option B keeps running Brisa-13B on the Council's own servers, with no supplier holding any logs.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("maker"), embedder, {"harwick_cabinet_report.md": REPORT})


def test_a_maker_speaks_for_its_product(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How long does Corvane keep the prompts customers send to Tessaly?")
    assert not answer.refused
    assert "14 days" in lead(answer.text)
