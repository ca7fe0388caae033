"""A yes-or-no question states nothing: an FAQ's "So nobody outside Pellcraft ever touches the weights?"
read over its answer does not turn the answer into a denial. A question asking why takes what it asks
about as said: "Why doesn't Pellcraft give researchers the weights?" says it does not."""

from __future__ import annotations

from rag import verify

CLAIM = "Outside researchers can get access to the Ardent Pro weights."


def test_a_faq_question_over_its_answer_denies_nothing() -> None:
    passage = (
        "So nobody outside Pellcraft ever touches the weights?: Through the research access programme,"
        " vetted outside researchers can get access to the Ardent Pro weights inside a secure enclave."
    )
    assert verify.judge(CLAIM, passage).verdict == "supported"


def test_a_rhetorical_question_denies_nothing() -> None:
    passage = (
        "Isn't it true that outside researchers never get the weights? Through the research access"
        " programme, outside researchers can get access to the Ardent Pro weights."
    )
    assert verify.judge(CLAIM, passage).verdict == "supported"


def test_a_why_question_says_what_it_asks_about() -> None:
    passage = (
        "Why doesn't Pellcraft give outside researchers access to the Ardent Pro weights?: We think open-weight"
        " models at the frontier carry a greater risk."
    )
    assert verify.judge(CLAIM, passage).verdict == "contradicted"
