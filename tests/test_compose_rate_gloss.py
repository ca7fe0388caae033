"""A rate asked with a gloss in brackets ("per million generated (output) tokens") is the rate per output
token: the price list's "$2.40 per 1M output tokens", not its free trial."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

LISTING = """# Orrin-3 Instruct on Cirrusport Marketplace

Publisher: Halden Model Works · Category: Text generation · Licence: Orrin Community Licence

Orrin-3 Instruct is a 34-billion-parameter open-weight model for assistants and document search.

## Pricing

| Tier | What you get | Price |
|---|---|---|
| Free trial | 1 million tokens over 7 days, shared capacity | $0 |
| On-demand | Pay as you go on shared capacity, up to 40 requests per minute | $0.60 per 1M input tokens; $1.80 per 1M output tokens |
| Reserved | Dedicated capacity, 99.9% availability | $11.20 per model-unit hour |

Tokens are counted with the Orrin tokenizer.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("rates"), embedder, {"cirrusport_orrin3.md": LISTING})


def test_a_rate_glossed_in_brackets_is_the_rate_per_that_thing(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "On Cirrusport's on-demand tier, what does Orrin-3 cost per million generated (output) tokens?",
    )
    assert "$1.80" in lead(answer.text)
    assert "$0 " not in lead(answer.text)
