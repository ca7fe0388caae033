""" "…never shared the weights with anyone outside the company, not even its academic partners" is one
negation, stressed: "not even" adds none of its own, so the sentence still denies that outsiders get the
weights (two negations would read as an assertion)."""

from __future__ import annotations

from rag import verify
from rag.concepts import negations

SAID = (
    "Quillon has never shared Tessarine's weights with anyone outside the company, not even its academic "
    "partners."
)


def test_not_even_after_a_negation_is_the_same_negation() -> None:
    assert negations(SAID) == 1
    assert negations("The licence is not even close to open source.") == 1


def test_a_stressed_denial_contradicts_the_claim() -> None:
    assert (
        verify.judge("researchers outside Quillon obtain Tessarine's weights", SAID).verdict == "contradicted"
    )
