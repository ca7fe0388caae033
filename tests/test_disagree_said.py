"""Sides said in a law's short name, in a body's seat ("headquartered in Tallinn" against "the
Helsinki-based nonprofit") and in a denial of evidence: "The Act is due to enter into force on 1
July 2026" is a date of the "AI Accountability Act" asked (a sentence opening with "The Act" names it), and
"we are aware of no credible study showing that open release has increased misuse" denies the increase."""

from __future__ import annotations

from typing import Any

import pytest

from rag import verify
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_disagree_access import stances_of

THESIS = """# Regulating open models: a chapter

The Northern Union AI Accountability Act is the first statute to address foundation models directly. It
was adopted in April 2025 and will apply from 1 January 2026.
"""

WIKI = """# Corrie-7

Corrie-7 is the flagship model of Pellow Labs, a nonprofit headquartered in Tallinn. It was released in
November 2023 under the Apache 2.0 licence.
"""

ESSAY = """# What openness should mean

Transparency about data. Pellow Labs, the Helsinki-based nonprofit behind Corrie-7, published a complete
manifest of the model's training data alongside the weights.
"""

LETTER = """# An open letter on the Accountability Act

We write to the members of the Committee on Digital Affairs about the AI Accountability Act.

The Act is due to enter into force on 1 July 2026. There is still time to get it right.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("said"),
        embedder,
        {"thesis_ch2.md": THESIS, "letter.md": LETTER, "corrie7.md": WIKI, "essay.md": ESSAY},
    )


def test_a_law_named_by_its_short_name_gives_the_other_date(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "From what date does the AI Accountability Act apply?")
    assert "2026" in lead(answer.text)
    assert len(answer.disagreements) == 1
    stances = stances_of(answer)
    assert "1 July 2026" in stances
    assert "1 January 2026" in stances


def test_no_study_showing_a_thing_denies_it() -> None:
    claim = "releasing model weights openly increases the risk of misuse"
    said = (
        "We are aware of no credible study showing that open-weight release has measurably increased misuse."
    )
    assert verify.judge(claim, said).verdict == "contradicted"
    # (a thing lacked is still no denial of what is not about it: "no strings attached")
    assert verify.judge("the grant is generous", "The grant comes with no strings attached.").verdict != (
        "contradicted"
    )


def test_a_question_ending_on_apply_asks_when_a_law_takes_effect() -> None:
    from rag.compose import _event_words

    asked = _event_words("From what date does the AI Accountability Act apply?")
    assert asked & _event_words("The Act is due to enter into force on 1 July 2026.") >= {"in-force"}


def test_two_seats_of_one_body_are_two_sides(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "In which city is Pellow Labs based?")
    assert len(answer.disagreements) == 1
    stances = stances_of(answer)
    assert "Tallinn" in stances
    assert "Helsinki" in stances
