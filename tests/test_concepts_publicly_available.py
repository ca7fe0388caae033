"""A thing made publicly available is published: "are the weights publicly available?" is denied by "the
weights are not published and never will be" (its "never will be" the one denial said again, not a
second that cancels it), and backed by "publishes the weights on its model hub"."""

from __future__ import annotations

from rag import verify
from rag.concepts import negations

CLAIM = "the weights of the Kestrel model are publicly available"


def test_not_published_denies_publicly_available() -> None:
    denial = "Kestrel's fine-tuned weights are not published and never will be."
    assert verify.judge(CLAIM, denial).verdict == "contradicted"


def test_published_backs_publicly_available() -> None:
    backing = "Lumenrow publishes Kestrel's weights on its public model hub."
    assert verify.judge(CLAIM, backing).verdict == "supported"


def test_a_denial_said_again_of_the_future_is_one_denial() -> None:
    assert negations("The weights are not published and never will be.") == 1
    assert negations("It is not open and it never was.") == 1
    # (two denials of different things still count twice)
    assert negations("It is not cheap and never cheerful.") == 2
