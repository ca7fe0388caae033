"""A table's caption says what the table holds, not what it finds: "Table 4: Reasons for choosing a
proprietary model…" does not answer what the main reason is; the sentence under it does."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

BULLETIN = """# Use of AI in businesses, Norvale: 2024

## 5. Why businesses chose their models

### Why businesses chose a proprietary model

Ease of integration with existing software was the reason most often given by businesses for choosing a
proprietary model, ahead of vendor support and performance.

Table 4: Reasons for choosing a proprietary model, percentage of businesses using proprietary models (more
than one reason could be given)

| Reason | Percentage |
|---|---|
| Ease of integration with existing software | 54% |
| Vendor support and service levels | 47% |
| Performance | 39% |
| Contractual protection against legal claims | 18% |
"""


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("captions"), embedder, {"norvale_ai_use_2024.md": BULLETIN})


def test_a_caption_is_no_answer(bulletin: Settings, embedder: Any) -> None:
    answer = ask(bulletin, embedder, "What is the main reason companies opt for proprietary models?")
    assert lead(answer.text).startswith("Ease of integration")


def test_a_caption_answers_what_its_table_shows(bulletin: Settings, embedder: Any) -> None:
    answer = ask(bulletin, embedder, "What does Table 4 of the Norvale bulletin show?")
    assert "Reasons for choosing a proprietary model" in lead(answer.text)
