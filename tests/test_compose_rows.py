"""A table row is read whole: the date of the row whose status says what is asked ("End of support: no
further security patches"), the row a place in a ranking names ("ranked second") and another cell of the
row a part before answered from ("…and which company built it?"). A line of figures across years compares
times, not the things a "which" question asks for; and a percentage under a year column is no date."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from tests.test_compose import indexed, lead
from tests.test_compose_documents import ask

NOTES = """# Wrenfield model release notes

## Retirements

| Model | Status | Date |
|---|---|---|
| Wrenfield-1 (all sizes) | End of support: no further security patches | 15 June 2025 |
| Wrenfield-1 hosted API | Switched off | 31 August 2025 |
| Wrenfield-0 | Archived, weights still downloadable | 2 February 2025 |
"""

BOARD = """# Harrowgate reasoning board, autumn 2025

The Harrowgate board ranks models on 9,200 reasoning tasks, re-run every season by the Harrowgate Trust.

## Overall ranking

| Rank | Model | Developer | Access | Composite | Coding |
|---|---|---|---|---|---|
| 1 | Kestrel Max | Plover Systems | API only | 88.1 | 84.0 |
| 2 | Tamsin-L | Ouzel Labs | API only | 85.4 | 86.3 |
| 3 | Fenwick-70B | Garron Collective | Open weight | 83.0 | 80.2 |
| 4 | Pell-34B | Ouzel Labs | Open weight | 79.6 | 75.1 |
"""

NUMBERED = """# Ostler leaderboard, winter 2025

| # | Model | Developer | Score |
|---|---|---|---|
| 1 | Merrow-2 | Tansy Labs | 81.2 |
| 2 | Drey-70B | Corbel AI | 79.4 |
| 3 | Lark Mini | Tansy Labs | 75.0 |
"""

CHANGELOG = """# Pellam changelog

## 4.0.0 — 9 June 2025

Initial public release of the Pellam-4 weights. Public weights became available on 9 June 2025, after a
one-week preview for partners.

| Variant | Parameters | Context |
|---|---|---|
| Pellam-4 | 41.7B | 65,536 |
| Pellam-4 Mini | 6.3B | 32,768 |
"""

MINUTES = """# Ashby Trust digital committee: minutes of 4 March 2025

Date: Tuesday 4 March 2025, 10:00–12:00

## Action log

| Ref | Action | Owner | Due |
|-----|--------|-------|-----|
| B1 | Complete the privacy impact assessment for the transcription pilot | Mirela Osei | 28 April 2025 |
| B2 | Draft the patient leaflet | Colm Avery | 9 May 2025 |
"""

SURVEY = """# Corran & Vale enterprise AI survey 2025

## Methodology

Fieldwork ran from 6 to 27 January 2025. We surveyed 980 senior technology buyers at organisations with 500
or more employees.

## Adoption

| Measure (share of all respondents) | 2024 | 2025 |
|---|---:|---:|
| Open-weight model in production | 29% | 47% |
| Proprietary API in production | 71% | 78% |
| Both in production | 18% | 33% |

Among organisations running open-weight models, the most widely used families were:

1. Fenwick (Garron Collective): 36%
2. Pell (Ouzel Labs): 21%
3. Marl (Sedge AI): 14%
4. All others: 29%
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("rows"),
        embedder,
        {
            "wrenfield_release_notes.md": NOTES,
            "harrowgate_board.md": BOARD,
            "corran_vale_survey.md": SURVEY,
            "pellam_changelog.md": CHANGELOG,
            "ashby_minutes.md": MINUTES,
            "ostler_leaderboard.md": NUMBERED,
        },
    )


def test_a_date_is_read_with_its_rows_status(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "After what date will Wrenfield-1 stop receiving security fixes?")
    assert "15 June 2025" in lead(answer.text)
    assert "31 August" not in lead(answer.text)


def test_a_place_in_a_ranking_names_its_row(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which model was ranked second on the Harrowgate board?")
    assert "Tamsin-L" in lead(answer.text)


def test_a_later_part_asks_another_cell_of_that_row(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "Which model came third on the Harrowgate board, and which company built it?"
    )
    said = lead(answer.text)
    assert "Fenwick-70B" in said
    assert "Garron Collective" in said


def test_no_place_asked_is_no_ranking(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How many reasoning tasks does the Harrowgate board use?")
    assert "9,200" in lead(answer.text)


def test_a_line_across_years_is_no_answer_to_which(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which open-weight model families do the surveyed organisations use most?")
    said = lead(answer.text)
    assert "Fenwick" in said
    assert "Pell" in said
    assert "47%" not in said


def test_a_line_across_years_answers_which_year(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "In which year did the most respondents have an open-weight model in production?"
    )
    assert "2025" in lead(answer.text)


def test_a_percentage_under_a_year_is_no_date(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "How many buyers took part in the Corran & Vale survey, and when was it carried out?",
    )
    assert "980" in lead(answer.text)
    assert "%" not in lead(answer.text)


def test_a_ranked_row_is_named_by_what_it_ranks(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "What Composite score did Pell-34B get on the Harrowgate board?")
    assert "79.6" in lead(answer.text)


def test_a_figure_under_a_dated_heading_is_no_date(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "When did the Pellam-4 weights become publicly downloadable?")
    assert "9 June 2025" in lead(answer.text)
    assert "41.7B" not in lead(answer.text)


def test_by_what_date_asks_the_rows_date(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus,
        embedder,
        "Who at Ashby has to complete the privacy impact assessment for the transcription pilot, and by what date?",
    )
    said = lead(answer.text)
    assert "Mirela Osei" in said
    assert "28 April 2025" in said


def test_a_line_is_named_by_the_measure_not_a_name_that_stems_alike(corpus: Settings, embedder: Any) -> None:
    # (refused, or answered by anything but the board's "Coding" column)
    answer = Assistant(corpus, embedder).ask(
        "What is the largest fine a developer faces under the Harrowgate Code?"
    )
    assert "Coding" not in answer.text


def test_a_line_named_by_its_measure_still_answers(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "Which model scored highest on Coding on the Harrowgate board?")
    assert "Tamsin-L" in lead(answer.text)


def test_a_place_in_a_numbered_ranking(corpus: Settings, embedder: Any) -> None:
    answer = ask(
        corpus, embedder, "Which model was ranked second on the Ostler leaderboard, and who developed it?"
    )
    said = lead(answer.text)
    assert "Drey-70B" in said
    assert "Corbel AI" in said
    assert "2 Drey-70B" not in said
