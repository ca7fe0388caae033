"""Money in accounts: "GBP 520m" and "EUR 1.2bn" are sums; a table's bare "412.6" in the row "Revenue (£m)"
is £412.6 million; so a digest's "about GBP 520m" is the other side of the report's revenue, and not of its
operating loss, a figure of another size."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose import _per_column
from rag.compose_kinds import measures
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

REPORT = """# Tarrow Dynamics plc: Annual Report and Accounts 2024

## Financial highlights

| | 2024 | 2023 | Change |
|---|---|---|---|
| Revenue (£m) | 412.6 | 268.1 | +54% |
| Operating loss (£m) | (37.2) | (51.0) | |
| Enterprise customers | 18,400 | 12,100 | +52% |

## Chief Executive's review

Group revenue rose 54 per cent to 412.6 million pounds, driven by API consumption from our enterprise base,
which ended the year at 18,400 paying enterprise customers of our Quarry models.
We narrowed the operating loss to 37.2 million pounds while continuing to invest heavily in research.
"""

DIGEST = """THE QUARRY LEDGER - a weekly digest on open and closed AI models - Issue 12

3. TARROW'S NUMBERS

Tarrow Dynamics reports full-year results on 6 March, but figures seen by The Quarry Ledger put its 2024
revenue at about GBP 520m, more than double the previous year. Tarrow says its Quarry models now serve
more than 25,000 organisations.
"""


@pytest.mark.parametrize(
    ("text", "sum_"),
    [("put its revenue at about GBP 520m", {"£": {520e6}}), ("revenue of EUR 1.2bn", {"€": {1.2e9}})],
)
def test_a_sum_by_its_currency_code_is_a_sum(text: str, sum_: dict[str, set[float]]) -> None:
    assert measures(text, analyse("What was Tarrow's revenue?")) == sum_


@pytest.mark.parametrize(
    ("header", "read"),
    [
        ("2024 Revenue (£m)", {"£": {412.6e6}}),
        ("Cost (€ million)", {"€": {412.6e6}}),
        ("Price ($)", {"$": {412.6}}),
        ("Enterprise customers", {"": {412.6}}),
    ],
)
def test_a_bare_cell_is_in_the_money_its_header_gives(header: str, read: dict[str, set[float]]) -> None:
    assert _per_column({"": {412.6}}, header) == read


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("accounts"),
        embedder,
        {"tarrow_annual_report_2024.md": REPORT, "digest.txt": DIGEST},
    )


def test_a_reported_sum_is_the_other_side_of_the_accounts(accounts: Settings, embedder: Any) -> None:
    answer = ask(accounts, embedder, "What was Tarrow Dynamics' revenue for 2024?")
    assert "412.6" in lead(answer.text)
    stances = " ".join(stances_of(answer))
    assert "412.6" in stances
    assert "GBP 520m" in stances


def test_a_count_of_what_the_question_says_they_are_is_its_count() -> None:
    asked = analyse("How many organisations are customers of Tarrow's Quarry models?")
    said = measures("ended the year at 18,400 paying enterprise customers", asked)
    assert said == {"organisations": {18400.0}}
    assert measures("now serve more than 25,000 organisations", asked).keys() == said.keys()


def test_customers_and_organisations_are_one_count(accounts: Settings, embedder: Any) -> None:
    answer = ask(accounts, embedder, "How many organisations are customers of Tarrow's Quarry models?")
    stances = " ".join(stances_of(answer))
    assert "18,400" in stances
    assert "25,000" in stances


def test_a_sum_of_another_size_is_no_side(accounts: Settings, embedder: Any) -> None:
    answer = ask(accounts, embedder, "How big was Tarrow Dynamics' operating loss in 2024?")
    assert "37.2" in lead(answer.text)
    assert not answer.disagreements
