"""A table's caption says what the table holds, not what it finds: "Table 4: Reasons for choosing a
proprietary model…" does not answer what the main reason is; the sentence under it does. And a caption
names its table's line of figures: "why did businesses most often pick an open-weight model?" asks for the
top row of "Table 5: Reasons for choosing an open-weight model" though its column is only "Percentage"."""

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

### Why businesses chose an open-weight model

Table 5: Reasons for choosing an open-weight model, percentage of businesses using open-weight models (more
than one reason could be given)

| Reason | Percentage |
|---|---|
| Lower cost | 52% |
| Keeping data in-house (data control) | 61% |
| Ability to fine-tune | 33% |
| Avoiding dependence on one vendor | 29% |
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


def test_a_caption_names_its_tables_line_of_figures(bulletin: Settings, embedder: Any) -> None:
    answer = ask(
        bulletin, embedder, "Why did Norvale businesses most often say they picked an open-weight model?"
    )
    assert "Keeping data in-house" in lead(answer.text)
    assert "61%" in lead(answer.text)
