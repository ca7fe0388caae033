"""A contract's value is a sum: "what is the value of the trust's contract with Cobaltline?" is answered
by "€1.42 million over five years", not by the recommendation that names the contract's reference and
its start date."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

REPORT = """# Tender evaluation report: Clinical Documentation Assistant (CEHT/DIG/2024/117)

### 9. Cost comparison

Five-year costs include licence or usage fees, hardware, hosting, vendor support and internal staff time.
The Cobaltline proposal comes in at €1.42 million over five years, about €680,000 less than the hosted
proprietary option, even after the Trust's own staffing and hardware are counted.

### 13. Recommendation

The panel recommends that the Trust Board approve the award of contract CEHT/DIG/2024/117 to Cobaltline
Health AB for a term of five years from a planned service start of 1 April 2025, subject to the
standstill period.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("value"), embedder, {"ceht_tender_report.md": REPORT})


def test_a_contracts_value_is_a_sum(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "What is the value of the hospital trust's five-year contract with Cobaltline?"
    )
    assert not answer.refused
    assert "€1.42 million" in lead(answer.text)
