"""A multiple of a cost is more of it: "self-hosting costs on average 2.1 times as much as an API
deployment" denies that self-hosting is cheaper, and "half as much as" says it is."""

from __future__ import annotations

import pytest

from rag import verify

CLAIM = "self-hosting an open-weight model is cheaper than an API deployment"


@pytest.mark.parametrize(
    "said",
    [
        "Our analysis found that self-hosting an open-weight model is more expensive than an equivalent API deployment.",
        "Our analysis found that self-hosting an open-weight model costs on average 2.1 times as much as an API deployment.",
        "Our analysis found that self-hosting an open-weight model costs twice as much as an API deployment.",
    ],
)
def test_a_dearer_option_denies_the_cheaper_claim(said: str) -> None:
    assert verify.judge(CLAIM, said).verdict == "contradicted"


def test_a_fraction_of_the_cost_is_cheaper() -> None:
    said = "Self-hosting an open-weight model costs about half as much as an API deployment."
    assert verify.judge(CLAIM, said).verdict == "supported"


def test_a_date_is_given_otherwise_only_by_another_date() -> None:
    claim = "The fixed releases were published on 19 May 2025."
    assert verify.judge(claim, "It is fixed in release 2.1.4, the only version we would deploy.").verdict != (
        "contradicted"
    )
    assert verify.judge(claim, "The fixed releases were published on 21 May 2025.").verdict == "contradicted"
