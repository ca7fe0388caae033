"""Figures said in words, and rates said by a table's column: "fifteen dollars per million output tokens" in
a transcript against a price table's "$3.00 / $9.00" under "Price per 1M tokens" is a disagreement;
"downloaded 4.2 million times" and "three million downloads" count the same thing; "the sixteenth of April"
is a date."""

from __future__ import annotations

from typing import Any

import pytest

from rag.compose import _per_column
from rag.compose_kinds import dates, measures
from rag.config import Settings
from rag.question import analyse
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask
from tests.test_compose_reports import stances_of

PRICES = """# Choosing a model on Tessmoor Cloud

Which models can I use, and what do they cost?

| Model | Developer | Type | Shared price per 1M tokens (input / output) |
|---|---|---|---|
| Ormand-4 | Lysander Labs | Open-weight | $0.40 / $1.10 |
| Corvane Pro | Halbrook AI | Proprietary (pass-through) | $3.00 / $9.00 |

Prices are for shared capacity and are set by each model's developer.
"""

PODCAST = """THE LEDGER PODCAST - Episode 12 transcript

HOST: Let's talk money. Is closed always the expensive option?

GUEST: Per token, usually. Corvane Pro is fifteen dollars per million output tokens at list price, and that's
before any discount.
"""


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("Corvane Pro is fifteen dollars per million output tokens", "$/million", 15.0),
        ("Corvane Pro is billed at $9.00 per million output tokens", "$/million", 9.0),
        ("The contract costs 1.85 million euros a year", "€/year", 1_850_000.0),
    ],
)
def test_a_sum_named_in_words_is_at_its_rate(text: str, unit: str, value: float) -> None:
    ask_ = analyse("What does Corvane Pro cost?")
    assert measures(text, ask_) == {unit: {value}}


def test_a_count_asked_by_its_verb_is_one_unit_however_it_is_said() -> None:
    ask_ = analyse("How many times was Ormand-4 downloaded in its first month?")
    times = measures("Ormand-4 was downloaded 4.2 million times in its first month", ask_)
    downloads = measures("just under three million downloads in its first month", ask_)
    assert times.keys() == downloads.keys()
    assert times != downloads


def test_times_not_of_the_asked_verb_stay_times() -> None:
    ask_ = analyse("How many times was Ormand-4 downloaded?")
    assert measures("The demo crashed 40 times on stage", ask_) == {"times": {40.0}}


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("It came out on the sixteenth of April, about a week after the keynote", 416.0),
        ("On April the twenty-first, 2025, the weights went live", 20250421.0),
        ("the thirty-first of December 2024", 20241231.0),
    ],
)
def test_a_day_said_in_words_is_a_date(text: str, date: float) -> None:
    assert dates(text) == {"date": {date}}


def test_an_ordinal_not_of_a_month_is_no_date() -> None:
    assert dates("The first of the models shipped with a research licence.") == {}


def test_a_column_rate_applies_to_its_cells() -> None:
    column = "Shared price per 1M tokens (input / output)"
    assert _per_column({"$": {3.0, 9.0}}, column) == {"$/million": {3.0, 9.0}}
    assert _per_column({"$": {3.0}}, "Price (list)") == {"$": {3.0}}


@pytest.fixture(scope="module")
def priced(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("priced"), embedder, {"prices.md": PRICES, "ledger_ep12.txt": PODCAST}
    )


def test_a_price_in_words_differs_from_a_table_price(priced: Settings, embedder: Any) -> None:
    answer = ask(priced, embedder, "What does Corvane Pro cost per million output tokens?")
    assert "$9.00" in lead(answer.text) or "fifteen dollars" in lead(answer.text)
    stances = " ".join(stances_of(answer))
    assert "$9.00" in stances
    assert "fifteen dollars" in stances
