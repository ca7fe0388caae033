"""A notice issued is published: "First issued: 12 March 2026" answers when an office published its
warning, while "known issues" stays a problem, not a publication."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.verify import concepts
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ADVISORY = """NATIONAL CYBER SECURITY OFFICE - SECURITY ADVISORY
Advisory:       NCSO-ADV-2026-031
Title:          Tampered Wren-2 model weights on a look-alike download site
First issued:   12 March 2026, 09:15
Severity:       High

SUMMARY

Between 1 March and 6 March 2026 a look-alike download site served tampered copies of the Wren-2
model weights. Anyone who downloaded Wren-2 from a site other than the official hub should delete the
files and download them again.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("issued"), embedder, {"ncso_advisory.txt": ADVISORY})


def test_issued_is_published_and_issues_are_not() -> None:
    assert "releas" in concepts("First issued: 12 March 2026")
    assert concepts("First issued: 12 March 2026").keys() & concepts("when did they publish it?").keys()
    assert "releas" not in concepts("known issues with the loader")


def test_a_notice_issued_answers_when_it_was_published(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "When did the security office first publish its warning about tampered Wren-2 downloads?",
    )
    assert not answer.refused
    assert "12 March 2026" in lead(answer.text)
