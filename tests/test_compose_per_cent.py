"""Shares written out ("78 per cent") are shares, not rates; the other side of a figure is sought among the
other documents' spans, however many figures the answer's own document gives; and two figures of one thing
are of one size (a 128k-token context is no side against 9.2 trillion training tokens)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import measures
from rag.concepts import numbers
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

CARD = """# Harlow-7 model card

## Training data

Harlow-7 was pre-trained on 9.2 trillion tokens, with a knowledge cutoff of March 2024.

| Source category | Share of tokens |
|---|---|
| Web pages | 58% |
| Source code | 17% |
| Books and papers | 11% |
| Multilingual text | 10% |
| Synthetic instruction data | 4% |

## Safety

On our internal red-team suite, Harlow-7 Instruct declined 97.1% of clearly harmful requests while
over-refusing 4.6% of benign ones.
"""

FORUM = """Thread: Harlow-7 Instruct in production - what we learned

Posted by quarry_ops

Our lab ran Harlow-7 Instruct through an independent suite of 1,500 harmful prompts. It refused 78 per cent
of them, not the 97 per cent that appears on the model card.

Reply from tessel_dev

The Instruct checkpoint handles 128k tokens of context if you apply the rope-scaling settings from the repo.
"""


@pytest.mark.parametrize("text", ["It refused 78 per cent of them", "It refused 78 percent of them"])
def test_a_share_written_out_is_a_share(text: str) -> None:
    assert numbers(text) == {"78%"}
    assert measures(text, analyse("What share of requests does Harlow-7 refuse?")) == {"%": {78.0}}


@pytest.fixture(scope="module")
def harlow(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("harlow"), embedder, {"harlow-7_card.md": CARD, "forum.txt": FORUM}
    )


def test_a_share_in_words_is_the_other_side(harlow: Settings, embedder: Any) -> None:
    answer = ask(harlow, embedder, "What share of harmful requests does Harlow-7 Instruct refuse?")
    assert "97.1%" in lead(answer.text)
    stances = " ".join(stances_of(answer))
    assert "97.1%" in stances
    assert "78 per cent" in stances


def test_figures_of_different_sizes_are_no_sides(harlow: Settings, embedder: Any) -> None:
    answer = ask(harlow, embedder, "How many tokens of training data was Harlow-7 trained on?")
    assert "9.2 trillion" in lead(answer.text)
    assert not any("128k" in side["stance"] for d in answer.disagreements for side in d["sides"])
