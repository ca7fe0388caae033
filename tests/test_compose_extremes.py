"""Answers read off a table's highest or lowest cell, dated headings and hard-wrapped plain text, through
the real retrieval and embedder on documents of our own."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.compose_extremes import extreme
from rag.config import Settings
from rag.corpus import Document
from rag.sections import sections
from rag.spans import Span
from tests.test_answer import assert_citations_resolve
from tests.test_compose import indexed, lead

REVIEW = """# The Autumn Bake-off: four language models compared

We paid for every API call ourselves and ran each test three times.

## Results

| Criterion | Pellam-9 | Ostrander-40 | Vireo Max | Calder Pro |
|---|---|---|---|---|
| Developer | Pellam Labs | Ostrander Group | Vireo AI | Calder Systems |
| Licence | Apache 2.0 | Ostrander Open 1.0 | Proprietary | Proprietary |
| GlossBench (reading) | 61.5 | 70.2 | 77.9 | 74.3 |
| LoopCode pass@1 (coding) | 38.0 | 52.6 | 49.1 | 57.7 |
| Price per 1M input tokens | $0.40 | $0.90 | $2.50 | $3.10 |

## Verdict

The proprietary models still lead on reading, but the gap is smaller than last spring.
"""

CHANGELOG = """# Hostwick API changelog

## v3.2.0 · 14 Oct 2025

- Ostrander-40 context window raised from 8K to 32K tokens on every paid plan.
- New streaming endpoint for batch jobs.

## v3.1.4 · 2 Sep 2025

- Fixed a billing error that double-counted cached tokens; affected accounts were refunded.
"""

FORUM = """Hostwick Community > Self-hosting
Thread: Is running Ostrander-40 ourselves worth it?

[REPLY #1] kestrel_ops | posted 2025-11-02 | Upvotes: 40
We moved off the Calder Pro API in the summer. The savings were real but
Quality-wise the tuned model matched Calder Pro on our ticket
categories within a point, and the invoice fell by half.

[REPLY #2] fernby | posted 2025-11-03 | Upvotes: 12
One practical tip: Ostrander-40 has a 32,000-token context window, so a
whole ticket history fits without chunking.
"""


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {"bakeoff.md": REVIEW, "changelog.md": CHANGELOG, "forum.txt": FORUM}
    return indexed(tmp_path_factory.mktemp("reviewed"), embedder, files)


def ask(settings: Settings, embedder: Any, question: str) -> Any:
    answer = Assistant(settings, embedder).ask(question)
    assert_citations_resolve(answer, settings.corpus_dir)
    return answer


@pytest.mark.parametrize(
    ("question", "winner", "figure"),
    [
        ("Which model was the strongest reader on GlossBench?", "Vireo Max", "77.9"),
        ("Which model did worst on LoopCode pass@1?", "Pellam-9", "38.0"),
        # less is better on a price: the best one is the lowest
        ("Which model has the best price per 1M input tokens?", "Pellam-9", "$0.40"),
        ("Which model has the highest price per 1M input tokens?", "Calder Pro", "$3.10"),
    ],
)
def test_a_superlative_is_answered_by_the_tables_highest_or_lowest_cell(
    reviewed: Settings, embedder: Any, question: str, winner: str, figure: str
) -> None:
    first = lead(ask(reviewed, embedder, question).text)
    assert winner in first
    assert figure in first


def test_what_the_winner_scored_is_the_cell_that_named_it(reviewed: Settings, embedder: Any) -> None:
    answer = ask(
        reviewed, embedder, "Which model was the strongest reader on GlossBench, and what did it score?"
    )
    assert "Vireo Max" in lead(answer.text)
    assert "77.9" in lead(answer.text)
    assert "do not say" not in answer.text


def twice(question: str) -> tuple[str, str]:
    return question, question  # a one-part question: the part is the whole


def _cell(column: str, row: str, text: str) -> Span:
    return Span(0, 0, len(text), text, f"{column}, {row}", "row")


def test_no_superlative_or_a_tie_or_a_line_of_one_figure_reads_no_extreme() -> None:
    split = [[_cell(m, "Score", v) for m, v in (("A", "1.0"), ("B", "3.0"), ("C", "2.0"))]]
    assert extreme(*twice("Which model has the highest score?"), split) is not None
    assert extreme(*twice("What is model A's score?"), split) is None  # no superlative
    tie = [[_cell(m, "Score", v) for m, v in (("A", "3.0"), ("B", "3.0"), ("C", "2.0"))]]
    assert extreme(*twice("Which model has the highest score?"), tie) is None
    one = [[_cell(m, "Score", v) for m, v in (("A", "1.0"), ("B", "self-hosted"))]]
    assert extreme(*twice("Which model has the highest score?"), one) is None
    assert extreme(*twice("Which model has the highest price?"), split) is None  # no line is named
    # A thing's column holds figures of different measures: no superlative reads it ("who…" names Pellam-9).
    column = [[_cell("Pellam-9", row, v) for row, v in (("Size", "9 billion"), ("Context", "32,000 tokens"))]]
    assert extreme(*twice("What does Pellam-9 have the most of?"), column) is None


def test_a_table_split_between_two_passages_of_one_section_is_read_whole() -> None:
    # The best row is in the second chunk; the first chunk's rows overlap it: each row counts once.
    first = [_cell("Score", m, v) for m, v in (("A", "1.0"), ("B", "3.0"))]
    second = [_cell("Score", m, v) for m, v in (("B", "3.0"), ("C", "5.0"))]
    lead = extreme(*twice("Which model did best on Score?"), [first, second], ["Paper > Results"] * 2)
    assert lead is not None
    assert "C" in lead.text
    assert "5.0" in lead.text
    # Tables of two sections are two lines: the first one named wins, whatever the other holds.
    apart = extreme(
        *twice("Which model did best on Score?"), [first, second], ["Paper > Results", "Notes > v2"]
    )
    assert apart is not None
    assert "B" in apart.text


def test_a_dated_heading_dates_the_entry_under_it(reviewed: Settings, embedder: Any) -> None:
    answer = ask(
        reviewed,
        embedder,
        "When did Hostwick raise the Ostrander-40 context window, and what was the limit before the change?",
    )
    first = lead(answer.text)
    assert "14 Oct 2025" in first
    assert "8K" in first
    assert "do not say" not in answer.text


def test_a_line_inside_a_wrapped_paragraph_is_no_heading() -> None:
    doc = Document("forum.txt", "forum", FORUM, "0" * 64, "text")
    paths = {title for section in sections(doc) for title in section.path}
    assert not any(title.startswith("Quality-wise") for title in paths)
    assert "Hostwick Community > Self-hosting" in paths  # a line standing alone still is one


def test_a_figure_for_another_model_after_a_label_is_no_other_side(reviewed: Settings, embedder: Any) -> None:
    # The forum's thread names Calder Pro; "One practical tip: Ostrander-40 has…" is Ostrander-40's.
    answer = ask(reviewed, embedder, "How big is Ostrander-40's context window?")
    assert "32,000" in lead(answer.text) or "32K" in lead(answer.text)
    assert not answer.disagreements
