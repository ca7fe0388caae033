"""A table's rows named by the heading over them ("Dedicated S" under "Dedicated nodes") are plans, not
the row of what a question asks of them: "what's the minimum commitment for a dedicated node?" is answered
by the line after the table, through the real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

PRICING = """<!DOCTYPE html>
<html lang="en">
<head><title>Quayhouse model hosting: plans and pricing</title></head>
<body>
<h1>Quayhouse model hosting</h1>
<p>Quayhouse hosts open-weight models for public bodies and small firms. Every plan is backed by our uptime
guarantee.</p>
<h2>Dedicated nodes</h2>
<table>
  <thead><tr><th>Plan</th><th>Hardware</th><th>Monthly price</th><th>Typical use</th></tr></thead>
  <tbody>
    <tr><td>Dedicated S</td><td>2 x L-class GPU</td><td>£3,400</td><td>Wren-13B, around 40 requests/s</td></tr>
    <tr><td>Dedicated L</td><td>8 x L-class GPU</td><td>£11,000</td><td>Wren-70B, around 25 requests/s</td></tr>
  </tbody>
</table>
<ul>
  <li>Minimum commitment: 12 months. Billed monthly in arrears.</li>
  <li>Bring your own fine-tuned weights at no extra charge.</li>
</ul>
</body>
</html>
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("plan_rows"), embedder, {"quayhouse_pricing.html": PRICING})


def test_a_plans_row_is_not_the_row_of_what_is_asked(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What's the minimum commitment for a dedicated node at Quayhouse?")
    assert "12 months" in lead(answer.text)
