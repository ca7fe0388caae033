"""A finding's clause keeps who found it and its adjectives whole: "The Auditor-General's review…, published
in December 2025, found that 19 of 31 bodies were relying on closed, API-only models" is not cut to "Found
that 19 of 31 bodies were relying on closed", read through the real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_wording import clauses
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """HARROWMERE COUNCIL - CABINET REPORT CAB-2026-014

3.  BACKGROUND

3.1 The Council has piloted drafting assistants since 2025 in three services.

3.2 The national picture is mixed. The Auditor-General's review of central government, published in
    December 2025, found that 19 of 31 central government bodies were already relying on closed, API-only
    models, most without a documented exit plan.

3.3 Officers recommend an open-weight model hosted in Norland.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("finding_clause"), embedder, {"cabinet_report.txt": REPORT})


def test_adjectives_before_one_noun_stay_one_clause() -> None:
    assert clauses("Bodies were relying on closed, API-only models, most without one.") == [
        "Bodies were relying on closed, API-only models,",
        "most without one.",
    ]


def test_a_finding_keeps_who_found_it(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "How many central government bodies were using closed, API-only language models according to the Auditor-General?",
    )
    first = lead(answer.text)
    assert first.startswith("The Auditor-General's review of central government")
    assert "19 of 31" in first
    assert "closed, API-only models" in first
