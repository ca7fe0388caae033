"""A scoring sheet's criteria carry their weights in their labels and ask, after them, what each judges
("Reproducibility and hand-over (25%): could council IT run it…?"): the item is no question to be passed
over, and "how much of the score…" asks its share, read through the real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

SHEET = """<!DOCTYPE html>
<html lang="en">
<head><title>Port Amsel Civic AI Hackathon 2026 — Final Scoring Sheet</title></head>
<body>
<h1>Port Amsel Civic AI Hackathon 2026</h1>
<h2>Final Scoring Sheet (Judges' Copy)</h2>
<p>Event: 7-8 March 2026, Tidewater Exchange, Port Amsel. Twelve teams reached the final round.</p>
<h3>Scoring criteria and weights</h3>
<ol>
  <li><strong>Civic impact</strong> (30%): does it solve a real problem for residents or council staff?</li>
  <li><strong>Technical quality</strong> (25%): robustness, accuracy, sensible use of the model.</li>
  <li><strong>Reproducibility and hand-over</strong> (25%): could council IT realistically run, maintain and audit it after the event?</li>
  <li><strong>Presentation</strong> (20%): clarity of the demo and the five-minute pitch.</li>
</ol>
<p>Each criterion is scored 0-10 (panel average). The weighted total is out of 10.</p>
</body>
</html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("criteria_weights"), embedder, {"hackathon_scoring.html": SHEET})


def test_a_criterions_weight_answers_its_share_of_the_score(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "How much of the hackathon score was given to reproducibility and hand-over?"
    )
    assert not answer.refused
    assert lead(answer.text).startswith("Reproducibility and hand-over (25%)")
