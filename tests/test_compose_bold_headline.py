"""A bold line giving a sum says something: a slide's "**Seeking £4.2m seed round**" is the answer to how
much funding the company is looking for, not a heading over its use-of-funds table."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

DECK = """# Thornquill — Seed Investor Presentation

*Exported from slides for the data room · v2.1 · May 2025*

### Slide 2 — Problem

Hospital pharmacies still check prescriptions by hand against paper formularies.

### Slide 9 — The ask

**Seeking £4.2m seed round**

| Use of funds | Share |
|---|---|
| Engineering | 50% |
| Sales | 30% |
| Working capital | 20% |

Runway: 24 months to break-even.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("bold"), embedder, {"thornquill_seed_deck.md": DECK})


def test_a_bold_headline_with_a_sum_answers(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How much funding is Thornquill looking for?")
    assert not answer.refused
    assert "£4.2m" in lead(answer.text)


def test_a_bold_line_with_a_sum_is_no_heading() -> None:
    kinds = {s.text: s.kind for s in split(DECK)}
    assert kinds["Seeking £4.2m seed round"] != "heading"
    assert kinds["Slide 9 — The ask"] == "heading"
