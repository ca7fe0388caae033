"""A legal document names "the Foundation Model Access Code" once and "the Code" after: a passage saying
"the Code" speaks of the Access Code a question names. And "whether or not conditions are attached" sets
when a statement holds; it denies nothing, so it is no side against a passage without "not"."""

from __future__ import annotations

from typing import Any

import pytest

from rag import verify
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

RESPONSE = """NATIONAL DIGITAL RULES OFFICE
Government response to the consultation on the draft Model Access Code

PART A   BACKGROUND

1.   On 2 March 2025 the Office published a draft Foundation Model Access
     Code ("the Code") for public consultation.

2.   We received 318 written responses.

PART B   DEFINITIONS

6.   For the purposes of the Code, a "weights-available model" is a model
     whose trained parameters can be downloaded by members of the public,
     whether or not a licence restricts their use.

7.   A "frontier model" is one trained with more than 10^25 operations.

PART C   OTHER RULES

8.   The Data Protection Code applies to every deployer as before.
"""

SURVEY = """# Tarrow enterprise survey 2025

## Regulation

Respondents are watching the draft Model Access Code closely. Many expect it to exempt models whose weights
can be downloaded, and 58% said such an exemption would make them more likely to adopt one.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("short_names"),
        embedder,
        {"rules_office_response.txt": RESPONSE, "tarrow_survey.md": SURVEY},
    )


def test_the_code_is_the_access_code(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, 'What counts as a "weights-available model" under the Access Code?')
    assert "downloaded by members of the public" in lead(answer.text)


def test_whether_or_not_denies_nothing() -> None:
    claim = (
        'For the purposes of the Code, an "open-weight model" is a model whose trained parameters are made'
        " available for download by members of the public, whether or not conditions are attached."
    )
    # (a span is read with the subject it is about, as the answer reads it)
    passage = (
        "Access Code: Many respondents, including most developers of open-weight models, asked that such"
        " models be taken out of the Code's scope altogether."
    )
    assert verify.judge(claim, passage).verdict != "contradicted"


def test_a_plain_not_still_denies() -> None:
    claim = "The parameters of a weights-available model can be downloaded by the public."
    passage = "The parameters of a weights-available model cannot be downloaded by the public."
    assert verify.judge(claim, passage).verdict == "contradicted"
