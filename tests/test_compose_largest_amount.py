""" "The largest amount of cover" asks an amount, not a measure called "largest": a sum said as "the
maximum limit of liability … is £15 million" answers it."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

GUIDELINE = """HARLOW MUTUAL — UNDERWRITING GUIDELINE UG-AI-03
AI LIABILITY COVER
Guideline owner: Ruth Calloway-Idris, Head of Technology Lines

1. PURPOSE AND SCOPE

1.1  This guideline governs the underwriting of AI Liability Cover where the insured builds,
     fine-tunes or deploys a large language model in a service used by third parties.

1.2  The maximum limit of liability that may be offered to any one insured under this guideline
     is £12 million in the aggregate, inclusive of defence costs. Limits above £4 million require
     referral to the guideline owner.

2. PREMIUM LOADINGS

2.1  Loadings are added to the technical base rate. A self-hosted open-weight deployment starts
     at 15 per cent above the base rate; a closed model reached through its provider's API is
     rated at the base rate.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("largest"), embedder, {"harlow_ug_ai03.txt": GUIDELINE})


def test_the_largest_amount_is_the_maximum_sum(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What is the largest amount of AI liability cover Harlow Mutual will give a single client?",
    )
    assert not answer.refused
    assert "£12 million" in lead(answer.text)
