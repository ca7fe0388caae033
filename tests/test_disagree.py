"""Sources differ: which way a statement leans, and the two sides of a yes/no question the documents argue."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from rag.disagree import valence, weigh
from rag.spans import Span
from tests.test_compose import indexed


@pytest.mark.parametrize(
    ("text", "lean"),
    [
        ("Self-hosting keeps costs lower than any subscription.", 1),
        ("Running the model on your own servers can be expensive.", -1),
        ("The filter is not immune to prompt attacks.", -1),
        ("Reviewers can audit the weights for backdoors and other vulnerabilities.", 1),
        ("The vendor hides its data, making it hard to identify errors.", -1),
        ("Shared benchmarks help reduce the risk of silent regressions.", 1),
        ("While the licence is free, serving the model is costly.", -1),
        ("The weights cost nothing, making the model accessible to students.", 1),
        ("The model was released in March.", 0),
    ],
)
def test_a_statement_leans_the_way_its_words_turn(text: str, lean: int) -> None:
    v = valence(text)
    assert (v > 0) - (v < 0) == lean, v


def _span(passage: int, text: str) -> Span:
    return Span(passage, 0, len(text), text, "", "sentence")


def test_two_sides_need_both_leanings_on_the_asked_aspect_from_different_passages() -> None:
    cheap = _span(0, "Self-hosting Zephyr keeps costs low for small teams.")
    costly = _span(1, "While the licence is free, hosting Zephyr at scale is expensive.")
    other_aspect = _span(2, "Zephyr is hard to fine-tune on one GPU.")  # bad, but not about cost
    (found,) = weigh("Is Zephyr cheap to run?", [cheap, costly], [cheap.text, costly.text])
    assert [side.spans for side in found.sides] == [(cheap,), (costly,)]
    # One leaning alone, or the other leaning only on another aspect, is no disagreement.
    assert weigh("Is Zephyr cheap to run?", [cheap, other_aspect], [cheap.text, other_aspect.text]) == []
    same_passage = _span(0, costly.text)
    assert weigh("Is Zephyr cheap to run?", [cheap, same_passage], [cheap.text, same_passage.text]) == []


DOCS = {
    "zephyr-guide.md": "# Zephyr guide\n\nZephyr is a language model released by the Northwind lab in 2023.\n\n"
    "Running Zephyr yourself keeps costs low: the licence is free and there are no usage fees.\n",
    "zephyr-review.md": "# Zephyr in production\n\nThe Northwind lab publishes Zephyr's weights.\n\n"
    "While the Zephyr licence costs nothing, serving it to many users is expensive, because GPUs and "
    "engineers add costs.\n",
}


@pytest.fixture(scope="module")
def argued(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(tmp_path_factory.mktemp("argued"), embedder, DOCS)


def test_a_question_the_documents_argue_both_ways_shows_each_side_cited(
    argued: Settings, embedder: Any
) -> None:
    answer = Assistant(argued, embedder).ask("Is Zephyr cheap to run?")
    assert not answer.refused
    (differ,) = answer.disagreements
    sources = [{c.source for c in answer.citations if c.n in side["citations"]} for side in differ["sides"]]
    assert sources == [{"zephyr-guide.md"}, {"zephyr-review.md"}]
    assert "Sources differ" in answer.text


def test_a_plain_fact_in_the_same_documents_shows_no_sides(argued: Settings, embedder: Any) -> None:
    answer = Assistant(argued, embedder).ask("Who released Zephyr?")
    assert "Northwind" in answer.text
    assert answer.disagreements == []
