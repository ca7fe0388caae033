"""Who argued a thing in a news piece is whom the quote is said by, with who they are: '"Procurement should be
technology-neutral," said Aurelio Banerjee-Stout, head of public policy at Quillon Labs', read through the
real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head><title>Open or closed? What the new procurement rules mean for your council — Harrowby Courier</title></head>
<body>
<h1>Open or closed? What the new procurement rules mean for your council</h1>
<p>By Nadia Frost, Technology Correspondent | Thursday 2 April 2026</p>
<h2>Who is against it?</h2>
<p>Closed-model developers argue the state should not pick winners. "Procurement should be technology-neutral,"
said Aurelio Banerjee-Stout, head of public policy at Quillon Labs. "Buyers should choose the system that
performs best, not the one with a particular licence."</p>
<h2>Table: the models at a glance</h2>
<table>
  <tr><th></th><th>Tamsin-70B</th><th>Quillon Meridian 3</th></tr>
  <tr><td>Maker</td><td>Harrowgate Collective</td><td>Quillon Labs</td></tr>
  <tr><td>Licence</td><td>Tamsin Community Licence v2</td><td>Commercial terms of service</td></tr>
</table>
</body>
</html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("quoted_speaker"), embedder, {"courier_explainer.html": ARTICLE})


def test_who_argued_is_whom_the_quote_is_said_by(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Which Quillon Labs executive argued against the procurement rules in the Courier piece?",
    )
    assert "Aurelio Banerjee-Stout, head of public policy at Quillon Labs" in lead(answer.text)
