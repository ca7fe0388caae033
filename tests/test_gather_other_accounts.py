"""Each document that names the asked thing gives its own account of it, which may differ from the
others': its best passage for the question is gathered, however many passages of another document rank
above it (a letter that names Tessarine 5 in every paragraph, a course page that gives its context
window once)."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.gather import gather
from rag.question import analyse
from rag.retrieve import Retriever
from tests.test_compose import indexed

_TOPICS = [
    "enterprise customers",
    "legal research firms",
    "insurers",
    "public bodies",
    "software developers",
    "banks",
    "publishers",
    "universities",
]
LETTER = "# Quarterly letter: our view of Tessarine 5\n\n" + "\n\n".join(
    f"## {i}. Tessarine 5 and {topic}\n\nHow large is the Tessarine 5 context window for {topic}? Large "
    f"enough: {topic} tell us the Tessarine 5 context window is why they pay for Tessarine 5, and the "
    "context window of Tessarine 5 matters to our valuation of Quillon."
    for i, topic in enumerate(_TOPICS, 1)
)
COURSE = """# CS 4870 reading notes: closed models

Students compare closed models reached through an API with open-weight models they run themselves.
Tessarine 5 offers a 128,000-token context window through Quillon's paid API, which the course uses for
the long-document exercise in week 9.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("accounts"),
        embedder,
        {"quarterly_letter.md": LETTER, "cs4870_notes.md": COURSE},
    )


def test_another_document_naming_the_subject_is_gathered(corpus: Settings, embedder: Any) -> None:
    passages = gather(Retriever(corpus, embedder), analyse("How large is Tessarine 5's context window?"), 3)
    assert any("128,000-token" in p.chunk.text for p in passages)
