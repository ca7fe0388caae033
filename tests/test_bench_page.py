"""The bench's page section (`bench/page_latency.py`) without a browser: which golden questions it types,
and how its row reads."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import Mock

import pytest

from bench.page_latency import WARM_UP, Session, fact_questions, page_row
from evals.records import Item, load_suite

ROOT = Path(__file__).resolve().parents[1]


def test_the_timed_questions_are_distinct_golden_fact_items_from_several_documents() -> None:
    items = load_suite(ROOT / "evals" / "golden.yaml")
    chosen = fact_questions(items, 8)
    assert len(chosen) == len(set(chosen)) == 8
    facts = {i.question: i for i in items if i.type == "fact"}
    assert all(q in facts for q in chosen)
    assert len({s for q in chosen for s in facts[q].sources}) >= 3  # spread over the set, not its first page
    assert WARM_UP not in chosen  # the untimed warm-up does not answer a timed question in advance


def test_too_few_fact_items_is_an_error_not_a_shorter_run() -> None:
    items = [Item(f"f{k}", "fact", f"q{k}?", [], []) for k in range(3)]
    items.append(Item("u", "unanswerable", "who?", [], []))
    with pytest.raises(ValueError, match="3 fact questions"):
        fact_questions(items, 5)


def test_the_row_is_the_median_with_its_spread_against_the_target_and_names_questions_left_out() -> None:
    session = Session(Mock(), seconds=[0.8, 1.0, 1.2, 1.4, 2.0])
    row = page_row(session, asked=6, load=3.25)
    assert row.section == "page"
    assert row.value == pytest.approx(1.2)
    assert row.spread == (pytest.approx(1.0), pytest.approx(1.4))
    assert row.target == "≤ 1.50 s"
    assert row.passed is True
    assert "5 golden fact questions" in row.note
    assert "1 without a direct answer" in row.note
    assert "load average 3.2" in row.note
    slow = page_row(Session(Mock(), seconds=[1.6, 1.7, 1.8, 1.9, 2.0]), asked=5, load=1.0)
    assert slow.passed is False
    assert "without a direct answer" not in slow.note


def test_the_warm_up_is_forgotten_but_the_conversation_goes_on() -> None:
    session = Session(Mock(), turns=1, seconds=[4.0], wall=[4.1], leads=["TII built Falcon [1]."])
    session.forget()
    assert (session.seconds, session.wall, session.leads, session.without_lead) == ([], [], [], [])
    assert session.turns == 1  # the next question is the page's second turn: its lead is `st-key-lead-1`
