"""Two lengths of one wait in different spans of time ("11 weeks" against "the best part of six months")
are two sides of one figure; the same length in other words ("two weeks", "14 days") is none, and nor is
the length of another wait ("five months to go live" against how long dictations are kept)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose import _in_days
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

STORY = """# Customer story: Harrowfield Health Board moves clinical coding to Brisa-2

Harrowfield Health Board runs Brisa-2, an open-weight model, inside its own data centre to suggest
clinical codes for discharge summaries.

## Results

The project went live in just 9 weeks from kick-off, on schedule and without new IT staff.
Coding suggestions now match senior coders' final codes in most cases. Audio dictations are kept for
30 days and then deleted.
"""

PHONE_IN = """RADIO ESK - THE MORNING LINE (transcript)

[09:14:02] CALLER (Morag, Harrowfield): I work in the coding team at Harrowfield. The brochure makes it
sound easy. It took us the best part of five months to go live with Brisa-2, once you count getting the servers
certified and the coders trained.

[09:15:30] PRESENTER: Thank you, Morag.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("durations"),
        embedder,
        {"harrowfield_story.md": STORY, "radio_esk_morning_line.txt": PHONE_IN},
    )


def test_weeks_and_months_of_one_wait_are_two_sides(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How long did it take Harrowfield to get its Brisa-2 system live?")
    assert "9 weeks" in lead(answer.text) or "five months" in lead(answer.text)
    [differ] = answer.disagreements
    stances = " ".join(side["stance"] for side in differ["sides"])
    assert "9 weeks" in stances
    assert "five months" in stances


def test_a_length_of_another_wait_is_no_side(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How long does Harrowfield keep audio dictations?")
    assert "30 days" in lead(answer.text)
    assert not answer.disagreements  # ("five months to go live" is how long the rollout took)


def test_a_duration_is_counted_in_days() -> None:
    assert _in_days({"weeks": {2.0}}) == _in_days({"days": {14.0}}) == {"days": {14.0}}
    assert _in_days({"months": {6.0}, "gpus": {8.0}}) == {"days": {180.0}, "gpus": {8.0}}
