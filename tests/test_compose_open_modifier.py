""" "open" before what is open is a modifier, not the event asked: "when will applicants to the open
foundation models call hear whether they are funded?" asks when decisions come, not when anything opens."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

CALL = """# Eastvale Research Council — Open Foundation Models call (EVRC-OFM-2025)

## 1. Aims

The Council has committed €9 million to openly licensed models, datasets and evaluation tools that
Eastvale researchers and public bodies can use without commercial restrictions.

## 2. Eligibility

1. The lead applicant must be a university or a public research organisation in Eastvale.
2. A consortium must include at least two and at most five organisations.

## 3. Timetable

| Milestone | Date |
|---|---|
| Information webinar | 4 November 2025 |
| Submission deadline | 20 January 2026, 17:00 CET |
| Panel review and interviews | February – March 2026 |
| Funding decisions communicated | by 15 April 2026 |
| Earliest project start | 1 June 2026 |
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("openmod"), embedder, {"evrc_ofm_call.md": CALL})


def test_open_as_a_modifier_is_no_event(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "When will applicants to the Eastvale open foundation models call find out whether they have been funded?",
    )
    assert not answer.refused
    assert "15 April 2026" in lead(answer.text)
