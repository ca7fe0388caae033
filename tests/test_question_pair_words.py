"""Two names are asked apart only when joined by a whole "and" or "or": "What latency guarantee does
Nimbra give for Corran-3 endpoints?" is one ask about both (its "give for" holds the letters of "or", not
the word), while "Who makes Falcon and GPT-J?" is two."""

from __future__ import annotations

from rag.question import analyse


def test_a_word_holding_or_joins_no_pair() -> None:
    question = "What response-time or latency guarantee does Nimbra give for Corran-3 endpoints?"
    assert [p.text for p in analyse(question).parts] == [question]


def test_names_joined_by_and_are_asked_apart() -> None:
    assert len(analyse("Who makes Falcon and GPT-J?").parts) == 2
    assert len(analyse("Which organisations are behind Falcon, and behind GPT-J?").parts) == 2
