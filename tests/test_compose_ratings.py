"""One scale, two grades: an advisory's "Severity: High" against a memo's "rated critical" is a disagreement,
though neither sentence denies the other in words."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose import _levels
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

ADVISORY = """VELTRA LABS SECURITY ADVISORY

 Advisory ID ....... VLA-2025-031
 Title ............. Guardrail bypass in the Marrow-2 chat template
 Severity .......... High
 Published ......... 12 June 2025

1. SUMMARY

 A malformed system turn lets a user bypass the Marrow-2 guardrails.
"""

MEMO = """# Memo: choosing a model

## Security

In June, Veltra disclosed a jailbreak flaw in the Marrow-2 chat template (VLA-2025-031), rated critical with a
CVSS score of 9.3. It is fixed in release 2.1.4.
"""


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("Severity: High", "high"),
        ("rated critical with a CVSS score of 9.3", "critical"),
        ("scored 7.8 (High)", "high"),
    ],
)
def test_a_grade_is_read_where_a_rating_is_said(text: str, grade: str) -> None:
    assert _levels(text) == {grade}


def test_a_grade_word_alone_rates_nothing() -> None:
    assert _levels("Demand for Marrow-2 stayed high all spring.") == set()


@pytest.fixture(scope="module")
def rated(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("rated"), embedder, {"vla-2025-031.txt": ADVISORY, "memo.md": MEMO}
    )


def test_two_grades_of_one_flaw_are_two_sides(rated: Settings, embedder: Any) -> None:
    answer = ask(rated, embedder, "How severe is the VLA-2025-031 vulnerability?")
    assert "High" in lead(answer.text)
    stances = " ".join(stances_of(answer))
    assert "High" in stances
    assert "critical" in stances
