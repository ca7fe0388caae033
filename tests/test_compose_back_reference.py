"""A paragraph pointing back at the date the one before gives is about what that one names ("24. The Code
will come into force on 1 January 2027." / "25. Models already on the market before that date will benefit
from a six-month transition period."), and "how much extra time…?" asks a span of time."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

RESPONSE = """NORTHERN DIGITAL STANDARDS AUTHORITY
Response to the consultation on the Foundation Model Transparency Code

PART A   SUMMARY

1.   We received 388 written responses, of which 41% came from businesses.

2.   The Code sets a compute threshold of 10^25 operations, above which a model becomes subject to its
     obligations.

PART F   IMPLEMENTATION AND NEXT STEPS

24.  The Transparency Code will come into force on 1 January 2027.

25.  Models already on the market before that date will benefit from
     a six-month transition period.

26.  Enforcement arrangements will be set out in secondary legislation.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("back"), embedder, {"ndsa_response.txt": RESPONSE})


def test_that_date_is_the_date_before_and_extra_time_is_a_span(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "How much extra time do models already on the market get to comply once the Transparency Code starts?",
    )
    assert "six-month" in lead(answer.text)
    assert "388" not in lead(answer.text)
