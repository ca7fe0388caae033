"""A line of signatures is no heading: "Ada Fenwick, Chair of Trustees · Tomas Reyes, Executive Director"
under a report's approval names who holds each post, and answers who the executive director is."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """<!DOCTYPE html>
<html lang="en">
<head><title>Annual Report 2025 — Harwick Foundation for Open Models</title></head>
<body>
<h1>Annual Report 2025</h1>
<p>The Harwick Foundation for Open Models funds open-weight model audits and public-interest tooling.</p>
<h2>Our grants</h2>
<p>In 2025 the Foundation awarded 31 grants worth NC 2.4 million in total.</p>
<footer>
  <p class="sig">Approved by the Board of Trustees on 12 February 2026.<br>
  Ada Fenwick, Chair of Trustees &middot; Tomas Reyes, Executive Director</p>
  <p>Full audited accounts are available on request.</p>
</footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("signature_line"), embedder, {"harwick_annual_report.html": REPORT}
    )


def test_a_line_of_signatures_is_no_heading() -> None:
    line = "Ada Fenwick, Chair of Trustees · Tomas Reyes, Executive Director"
    [span] = [
        s
        for s in split(f"Approved on 12 February 2026.\n\n{line}\n\nAccounts on request.", 0)
        if "Reyes" in s.text
    ]
    assert span.kind != "heading"


def test_a_line_of_signatures_answers_who_holds_a_post(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Who is the executive director of the Harwick Foundation?")
    assert not answer.refused
    assert "Tomas Reyes" in lead(answer.text)
