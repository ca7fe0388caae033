"""A letter signed in bold, and a bill asked: "**Name**" over a post signs a letter, no heading, and "what
is their job?" after "who signed…?" is the signer's post; a bill is a sum in all, neither a rate per
million tokens nor the two cards a server needs, and a field's value in GBP names no one."""

from __future__ import annotations

from typing import Any

import pytest

from rag import question
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

LETTER = """# THE ASHGROVE TRUST

## Grant award: "Open Council – open-weight assistants for housing advice"

Dear Dr Pellinger,

I am delighted to confirm that the Trustees of the Ashgrove Trust approved a grant of £182,000 for the
Open Council project at their meeting on 3 June 2025.

Payments will be made by bank transfer to the University's research office.

Yours sincerely,

*R. Castellane-Obi*

**Rosalind Castellane-Obi**
Director of Grants, The Ashgrove Trust

cc: Research Office, University of Wendmoor
"""

EMAIL = """From: Tomas Ferrand <tomas.ferrand@wendmoor.gov.example>
To: Ilse Marr <ilse.marr@wendmoor.gov.example>
Subject: HelpDesk costs

Hi Ilse,

Before the contract renews I'd like to move HelpDesk off Corvane and onto a self-hosted model. Some numbers:

  - May invoice from Corvane: GBP 9,700 for HelpDesk alone.
  - We're on their Council tier but we still pay $7 per million input tokens, which is a lot for bin-day questions.
  - I priced two cards in the Eastfield data centre on a two-year lease with power: about GBP 3,900 a month.

Tomas
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("bills"),
        embedder,
        {"ashgrove_award_letter.md": LETTER, "helpdesk_costs_thread.txt": EMAIL},
    )


def test_a_letter_signed_in_bold_names_its_signer_and_post(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Who signed the Ashgrove Trust's award letter for the Open Council project, and what is their job?",
    )
    first = lead(answer.text)
    assert "Rosalind Castellane-Obi" in first
    assert "Director of Grants" in first


def test_their_job_after_who_is_the_post_said_with_the_name() -> None:
    parts = question.analyse("Who signed the award letter, and what is their job?").parts
    assert [p.kind for p in parts] == ["entity"]
    # (another pronoun's part is still asked of what the question names)
    assert len(question.analyse("Who makes Claude, and what does it emphasize?").parts) == 2


def test_a_bill_is_a_sum_in_all_not_a_rate(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "How much was Wendmoor council's May bill from Corvane for the HelpDesk service?"
    )
    assert "9,700" in lead(answer.text)


def test_a_small_count_in_words_is_no_sum() -> None:
    from rag.compose_kinds import gives

    asked = question.analyse("How much was the May bill from Corvane?")
    assert not gives("number", "I priced two cards on a two-year lease.", asked)
    assert gives("number", "Training can cost millions, if not billions, of dollars.", asked)
