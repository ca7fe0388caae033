"""What happens if a condition is met is no table's field: "Licence | Tarn Community Licence v2" names the
licence but does not say what happens to it when the model is put to a prohibited use, read through the real
retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

EXPLAINER = """# Tarn-70B and Meridian 3 at a glance

| | Tarn-70B | Meridian 3 |
|---|---|---|
| Maker | Hollowell Collective | Quillon Labs |
| Licence | Tarn Community Licence v2 | Commercial terms of service |
| Released | November 2025 | June 2025 |

## The licence in brief

The Tarn Community Licence v2 bans a short list of uses, such as weapons targeting and biometric mass
surveillance. If you use the model for one of the prohibited purposes, your licence terminates automatically
under clause 9.1, and reinstatement is at Hollowell's discretion.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("what_happens"), embedder, {"tarn_explainer.md": EXPLAINER})


def test_what_happens_is_not_a_table_field(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "What happens to my Tarn licence if I use the model for one of the prohibited purposes?",
    )
    assert "terminates automatically" in lead(answer.text)


LICENCE = """TARN COMMUNITY LICENCE v2

6. USE RESTRICTIONS

6.2 Prohibited uses. The Licensee shall not use the Model or any Derivative for any of the following
    prohibited purposes: (a) biometric mass surveillance; (b) selecting or engaging targets in weapons
    systems; or (c) fully automated decisions on eligibility for credit, housing or employment.
"""

THREAD = """# Tarn licence questions, answered

**hollowell-team** (Member) commented on 4 April 2026

Summarising the answers from this thread:

- **Attribution.** "Built with Tarn" in docs, an about page or a settings screen is fine.
- **What happens if you breach §6.2?** The licence terminates automatically for the breaching party under §9.1,
  reinstatement is at our discretion, and we list terminated organisations in each quarterly transparency report.
"""


@pytest.fixture(scope="module")
def faq(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("what_happens_faq"),
        embedder,
        {"tarn_licence.txt": LICENCE, "thread.md": THREAD},
    )


def test_an_faqs_what_happens_answers_before_the_clause_it_refers_to(faq: Settings, embedder: Any) -> None:
    answer = ask(
        faq,
        embedder,
        "What happens to my Tarn licence if I use the model for one of the prohibited purposes?",
    )
    assert "terminates automatically" in lead(answer.text)
