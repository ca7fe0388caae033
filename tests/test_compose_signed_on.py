"""Who signed a report and on what date, through the real retrieval and embedder: the date is the one under
the signature ("Ilse Varga-Moor / Auditor-General for Norland / 28 November 2025"), not the day the report
was published."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from rag.sections import _plain_headings
from rag.spans import split
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """<!DOCTYPE html>
<html lang="en">
<head><title>Large language models in central government — Office of the Auditor-General of Norland</title></head>
<body>
<header><p>Office of the Auditor-General of Norland</p></header>
<main>
<h1>Large language models in central government</h1>
<h2>Summary</h2>
<p>Published 2 December 2025. Presented to Parliament pursuant to section 9 of the Public Audit Act.</p>
<h3>Scope</h3>
<p>This report examines how central government bodies have procured and managed large language models between
April 2023 and June 2025.</p>
<h3>Recommendations</h3>
<ol>
  <li>Every body using an LLM in a live service should have a documented and tested exit plan.</li>
  <li>The Central Digital Office should publish model-neutral procurement guidance by June 2026.</li>
</ol>
<p>Ilse Varga-Moor<br>Auditor-General for Norland<br>28 November 2025</p>
</main>
<footer><p>The full report is available from the Office of the Auditor-General, 4 Keel Street, Arnholt.</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("signed_on"), embedder, {"auditor_general_summary.html": REPORT})


def test_the_date_under_the_signature_answers_when_it_was_signed(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Who signed the Auditor-General's report on LLMs in central government, and on what date?",
    )
    assert "Ilse Varga-Moor" in lead(answer.text)
    assert "28 November 2025" in lead(answer.text)
    assert "2 December 2025" not in lead(answer.text)


def test_the_date_under_a_signature_is_no_heading() -> None:
    text = (
        "REPORT ON MODELS\n\nThe Council should publish guidance by June 2026.\n\n"
        "Ilse Varga-Moor\nAuditor-General for Norland\n28 November 2025\n\nThe full report is available on request.\n"
    )
    assert [title for _, _, title in _plain_headings(text)] == ["REPORT ON MODELS"]
    assert [s.kind for s in split(text, 0) if s.text == "28 November 2025"] == ["sentence"]
