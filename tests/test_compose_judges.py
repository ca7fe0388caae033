"""A judgment's judge is named under its "Before:" by their judicial title, in capitals, in a header that
plain-text title lines cut into small chunks: "Which judge heard the case?" is answered by that line."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

JUDGMENT = """                                     Neutral Citation Number: [2025] WSHC 88 (Tech)
                                                        Case No: TC-2025-000142

IN THE HIGH COURT OF WESTMARCH
TECHNOLOGY AND CONSTRUCTION DIVISION

                                                 Law Courts, Harrow Quay
                                                 Westmarch

                                                 Date: 2 June 2025

                                   Before:

                     THE HONOURABLE MR JUSTICE PELLINGHAM

 - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -

 Between:

                  BRISA MODEL COOPERATIVE                    Claimant

                                  - and -

                  HALLOWAY FINTECH LIMITED                   Defendant

 - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -

  Ms Odile Grant KC (instructed by Marsh Vell LLP) for the Claimant
  Mr Kofi Ansah KC (instructed by Tern and Lowe) for the Defendant

A. INTRODUCTION

1.  The Claimant publishes the Brisa family of open-weight language models under the Brisa Community
    Licence. The Defendant built its budgeting assistant on Brisa-2 without taking a commercial licence.

2.  The Claimant seeks damages and an injunction. For the reasons below, the claim succeeds in part.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("judgment"), embedder, {"brisa_v_halloway_judgment.txt": JUDGMENT})


def test_the_judge_is_the_one_named_before_the_parties(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which judge heard the licence case brought by Brisa against Halloway?")
    first = lead(answer.text)
    assert "PELLINGHAM" in first
    assert "Grant" not in first  # (counsel are no judge)


def test_a_judicial_title_is_a_person_no_heading() -> None:
    from rag.spans import JUDGE_LINE

    assert JUDGE_LINE.match("THE HONOURABLE MR JUSTICE PELLINGHAM")
    assert JUDGE_LINE.match("PELLINGHAM J")
    assert not JUDGE_LINE.match("The Justice Committee")
