"""A ruling and a buyers' guide that differ: a sum asked by what it was paid as ("in damages"), a company
incorporated one year and "founded" another, a datasheet's cell that names the model and its size."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.concepts import concepts
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

JUDGMENT = """IN THE HIGH COURT OF JUSTICE
BUSINESS AND PROPERTY COURTS

BETWEEN: FERNHOLT LABS LIMITED (Claimant) and QUARRYMOOR DATA LIMITED (Defendant)

A. INTRODUCTION

1.   Fernholt was incorporated in 2018 and carries on business from Ashby Wharf.

B. DAMAGES

14.  Having considered the competing expert valuations, I assess damages at £2.3 million, together with
     interest at 3% above base rate.

15.  Quarrymoor shall pay 60% of Fernholt's costs of the claim.
"""

GUIDE = """# Choosing a language model for your business

## At a glance

| Model | Developer | How you get it | Size | Licence |
|---|---|---|---|---|
| Taldor-3 | Fernholt Labs | Download the weights | 41 billion parameters | Fernholt Community Licence |
| Brisk Pro | Oakhollow AI | API only | Not disclosed | Proprietary |

## The open-weight contenders

### Taldor-3

Fernholt Labs, founded in 2020 by former university researchers, put Taldor-3 out in March 2024. At 41
billion parameters it runs comfortably on a pair of rented GPUs.
"""

DATASHEET = """# Quillnote 2: technical datasheet

## Technical specification

| Item | Specification |
|---|---|
| Base model | Taldor-3, 36 billion parameters (Fernholt Labs) |
| GPU configuration | Two 48 GB data-centre GPUs per appliance |
"""


def test_a_company_incorporated_was_founded() -> None:
    # (not "in-" + "corporated": no company denied)
    assert concepts("incorporated").keys() == concepts("founded").keys()
    assert concepts("unavailable") == {"access": frozenset({-1})}


def test_a_sum_asked_by_what_it_was_paid_as() -> None:
    question = analyse("How much did Quarrymoor have to pay Fernholt in damages?")
    assert gives("number", "I assess damages at £2.3 million, together with interest.", question)
    assert not gives("number", "Quarrymoor shall pay 60% of Fernholt's costs of the claim.", question)


@pytest.fixture(scope="module")
def ruled(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("ruled"),
        embedder,
        {"fernholt-judgment.txt": JUDGMENT, "buyers-guide.md": GUIDE, "quillnote-datasheet.md": DATASHEET},
    )


def test_damages_asked_are_the_sum_assessed(ruled: Settings, embedder: Any) -> None:
    answer = ask(ruled, embedder, "How much did Quarrymoor have to pay Fernholt in damages?")
    assert "£2.3 million" in lead(answer.text)


def test_an_incorporation_year_differs_from_a_founding_year(ruled: Settings, embedder: Any) -> None:
    answer = ask(ruled, embedder, "When was Fernholt Labs founded?")
    stances = " ".join(stances_of(answer))
    assert "2018" in stances
    assert "2020" in stances


def test_a_cell_naming_the_model_and_its_size_is_a_side(ruled: Settings, embedder: Any) -> None:
    answer = ask(ruled, embedder, "How many parameters does Taldor-3 have?")
    stances = " ".join(stances_of(answer))
    assert "41 billion" in stances
    assert "36 billion" in stances
