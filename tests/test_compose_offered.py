"""What a thing is offered for lists its names ("Fine-tuning is available for Korrin-3 and Brindle-2 only"), and
a count after a possessive counts the asked noun ("Some 4,000 residents' records" counts records)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import measures
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

HELP = """# Quarrystack help centre: choosing a model

## Which models can I use on Quarrystack, and what do they cost?

| Model | Developer | Type | Context window | Shared price per 1M tokens (input / output) |
|---|---|---|---|---|
| Tessel-3 | Veridane Labs | Open-weight | 32,000 tokens | $0.35 / $0.90 |
| Brindle-2 | Tessel Collective | Open-weight | 16,000 tokens | $0.20 / $0.60 |
| Sable Pro | Halcyra AI | Proprietary (pass-through) | 200,000 tokens | $3.00 / $9.00 |

## Can I fine-tune models on Quarrystack?

Fine-tuning is available for Tessel-3 and Brindle-2 only, using LoRA adapters that you own and can download.
Proprietary models such as Sable Pro cannot be fine-tuned through Quarrystack because their developers do
not release the weights.

## Where is my data processed?

Shared capacity runs in whichever of our regions has spare GPUs.
"""


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Some 4,000 residents' records are believed to have been exposed.", 4000.0),
        ("In all, 1,206 conversation records were exposed.", 1206.0),
    ],
)
def test_a_count_after_a_possessive_counts_the_asked_noun(text: str, value: float) -> None:
    asked = analyse("How many records were exposed in the Nordhaven chatbot leak?")
    assert measures(text, asked) == {"records": {value}}


def test_a_possessive_before_another_noun_still_counts_its_own() -> None:
    asked = analyse("How many records were exposed?")
    assert measures("40 engineers' laptops held the files", asked) == {"engineers": {40.0}}


@pytest.fixture(scope="module")
def help_centre(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("help"), embedder, {"quarrystack_help.md": HELP})


def test_what_a_service_is_available_for_lists_its_names(help_centre: Settings, embedder: Any) -> None:
    answer = ask(help_centre, embedder, "Which models can customers fine-tune on Quarrystack?")
    assert "Tessel-3" in lead(answer.text)
    assert "Brindle-2" in lead(answer.text)
