"""Who signed a document, read through the real retrieval and embedder, on a document of our own: its
signature closes it, far from what a search for the question ranks, and answers before its header's
other people ("Audit director: …")."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

FILLER = " ".join(
    f"Council {n} answered {n * 120} enquiries a month during the pilot and logged every conversation."
    for n in range(1, 9)
)

REPORT = f"""<html><body>
<h1>Performance audit: the Harrowgate Assist pilot of open-weight models</h1>
<p>Report number: 2026/07</p>
<p>Audit director: Selma Okonkwo-Reyes</p>
<h2>Summary</h2>
<p>We found that the pilot answered routine enquiries well but that its savings were overstated.</p>
<h2>Findings</h2>
<p>{FILLER}</p>
<h2>Costs</h2>
<p>{FILLER}</p>
<h2>Staffing</h2>
<p>{FILLER}</p>
<h2>Hardware</h2>
<p>{FILLER}</p>
<h2>Scope and method</h2>
<p>{FILLER}</p>
<p class="signature">Benedikt Aalund<br>Auditor-General<br>Harrowgate, 2 March 2026</p>
</body></html>
"""


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("audit"), embedder, {"harrowgate-assist-audit.html": REPORT})


def test_the_signature_answers_who_signed(audit: Settings, embedder: Any) -> None:
    answer = ask(audit, embedder, "Who signed the audit report on the Harrowgate Assist pilot?")
    assert "Benedikt Aalund" in lead(answer.text)
    assert "Okonkwo" not in lead(answer.text)
