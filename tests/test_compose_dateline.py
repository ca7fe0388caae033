"""A post's dateline says when it was posted: "Posted 2 May 2026 by Ada Fenwick" is no date of the licence
change the post announces "from 20 May 2026", though it is asked of the post when the post is asked."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose_kinds import gives
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

POST = """# Wren goes fully open: introducing the Brackwater Open Licence

Posted 2 May 2026 by Ada Fenwick, co-founder and CEO · 5 min read

When we released Wren-1 in January 2026, we shipped it under the Brackwater Community Licence: weights
anyone could download, but for research use only. Today we're changing the deal.

From 20 May 2026, Wren-2 and all future Wren releases will be distributed under the Brackwater Open
Licence 1.0. Wren-1 moves across on the same date.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("dateline"), embedder, {"brackwater_blog_open_licence.md": POST})


def test_a_dateline_is_no_date_of_what_the_post_announces(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "When did Wren move onto the Brackwater Open Licence?")
    assert not answer.refused
    assert "20 May 2026" in lead(answer.text)


def test_a_dateline_answers_when_the_post_was_written() -> None:
    line = "Posted 2 May 2026 by Ada Fenwick, co-founder and CEO · 5 min read"
    assert gives("date", line, analyse("When was Brackwater's blog post on the licence posted?"))
    assert not gives("date", line, analyse("When did Wren move onto the Brackwater Open Licence?"))
