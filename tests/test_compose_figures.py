"""Figures asked of their measure, through the real retrieval and embedder on documents of our own: money
raised is a sum raised, a valuation must be said, a table's cell is no figure of a measure it does not
name, a figure of the asked unit answers, and a paragraph keeps its subject through short sentences."""

from __future__ import annotations

from typing import Any

import pytest

from rag.answer import Assistant
from rag.config import Settings
from tests.test_answer import assert_citations_resolve
from tests.test_compose import indexed, lead

NEWS = """# Tarnwick AI closes its Series C

Tarnwick AI, the maker of the Brisk-20 model, raised a $210 million Series C in March, led by Halyard
Partners. The company now has 4,100 paying customers on its paid plans.

## Pricing

Brisk-20 costs $1.20 per million input tokens on every paid plan.
"""

REPORT = """# Lab report: three open models

## Results

| Model | Access | Parameters | RiverQA (accuracy %) | SumScore |
|---|---|---|---|---|
| Brisk-20 | Closed API | Undisclosed | 71.4 | 64.0 |
| Ferrow-7 | Open weights | 7.2B | 60.1 | 55.5 |
| Ossel-30 | Open weights | 30.4B | 68.8 | 61.9 |

## Serving

In bfloat16 Ossel-30 needs roughly 64 GB of accelerator memory for inference at short context lengths.
The quantised Ossel-30-Q4 variant needs about 19 GB, which fits on one consumer graphics card.
"""

PRICES = """# Ferrow Labs pricing

Ferrow Labs raised the Ferrow-7 context window from 8K to 16K tokens on all paid plans in June.
Ferrow-7 costs $0.30 per million input tokens, and Ferrow Labs has 900 paying customers.

## Plans

| Plan | Monthly fee | Included tokens |
|---|---|---|
| Sprig | $0 | 1 million |
| Bough | $29 | 15 million |
| Canopy | $240 | 200 million |
"""

BLOG = """# What my models really cost

I checked my own invoices this month: Brisk-20 charged me $1.90 per million input tokens, not the
advertised price, once the minimum monthly commitment was spread over what I actually used.
"""

TALK = """TALK TRANSCRIPT -- HALYARD OPEN MODELS DAY

MORGAN: Thank you all for coming this early.

Let me start with what Ossel-30 is. It's a thirty-billion-parameter
model. We trained it on 4 trillion tokens. The final training run used
512 accelerators for 38 days, and we released it in May under a permissive
licence. A forum user then fine-tuned it on about 12,000 historical
support tickets in a weekend.
"""


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    files = {"news.md": NEWS, "report.md": REPORT, "talk.txt": TALK, "prices.md": PRICES, "blog.md": BLOG}
    return indexed(tmp_path_factory.mktemp("figures"), embedder, files)


def ask(settings: Settings, embedder: Any, question: str) -> Any:
    answer = Assistant(settings, embedder).ask(question)
    assert_citations_resolve(answer, settings.corpus_dir)
    return answer


def test_money_raised_is_a_sum_raised_not_a_price_or_a_count(figures: Settings, embedder: Any) -> None:
    assert "$210 million" in lead(ask(figures, embedder, "How much capital has Tarnwick AI raised?").text)


def test_money_raised_nobody_gives_is_refused(figures: Settings, embedder: Any) -> None:
    # Ferrow Labs "raised" a context window and charges a price: neither is capital raised.
    assert (
        Assistant(figures, embedder).ask("How much venture capital has Ferrow Labs raised in total?").refused
    )


def test_a_valuation_nobody_gives_is_refused(figures: Settings, embedder: Any) -> None:
    # The round's sum is said; what it valued the company at is not.
    assert (
        Assistant(figures, embedder)
        .ask("What valuation did Tarnwick AI's Series C give the company?")
        .refused
    )


def test_a_cell_of_another_measure_is_no_answer(figures: Settings, embedder: Any) -> None:
    # The table has no context-length column: "RiverQA: 71.4" does not say it, and no document says it.
    answer = Assistant(figures, embedder).ask("What is the maximum context length of Brisk-20?")
    assert answer.refused, answer.text


def test_a_cell_under_the_asked_column_answers(figures: Settings, embedder: Any) -> None:
    assert "60.1" in lead(ask(figures, embedder, "What did Ferrow-7 score on RiverQA?").text)


def test_a_figure_of_the_asked_unit_answers_in_whatever_words(figures: Settings, embedder: Any) -> None:
    assert "12,000" in lead(
        ask(figures, embedder, "Roughly how many old support tickets was it tuned on?").text
    )


def test_a_paragraph_keeps_its_subject_through_short_sentences(figures: Settings, embedder: Any) -> None:
    # "Let me start with what Ossel-30 is." is too short to be evidence, yet it names the paragraph's subject.
    first = lead(
        ask(figures, embedder, "How many accelerators did the final Ossel-30 training run use?").text
    )
    assert "512" in first


def test_a_question_asking_one_sources_figure_shows_no_other_side(figures: Settings, embedder: Any) -> None:
    neutral = ask(figures, embedder, "What does Brisk-20 cost per million input tokens?")
    assert neutral.disagreements  # the news and the blog give different prices
    credited = ask(
        figures, embedder, "What does Brisk-20 cost per million input tokens, according to the news?"
    )
    assert not credited.disagreements


def test_a_later_part_asks_the_cell_of_the_row_the_part_before_named(
    figures: Settings, embedder: Any
) -> None:
    # "…, and how many tokens are included?" names the column, not the Bough row: the part before did.
    answer = ask(
        figures, embedder, "What does the Bough plan cost each month, and how many tokens are included?"
    )
    assert "$29" in lead(answer.text)
    assert "15 million" in lead(answer.text)


def test_a_measure_asked_by_its_noun_is_not_answered_by_a_row_without_it(
    figures: Settings, embedder: Any
) -> None:
    # Brisk-20's row has Access, Parameters and scores, no context window: "what context window…" is refused.
    assert Assistant(figures, embedder).ask("What context window does Brisk-20 support?").refused


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How much memory does the 4-bit quantised version of Ossel-30 require?", "19 GB"),
        ("How much memory does Ossel-30 need in bfloat16?", "64 GB"),
    ],
)
def test_a_figure_is_the_one_of_the_asked_precision(
    figures: Settings, embedder: Any, question: str, figure: str
) -> None:
    # "needs about 19 GB" says memory in gigabytes, as "64 GB of accelerator memory" says it by name; the
    # sentence's precision (quantised, bfloat16) decides which one the question asks.
    assert figure in lead(ask(figures, embedder, question).text)


def test_a_generic_measure_is_answered_by_a_figure_without_its_noun(figures: Settings, embedder: Any) -> None:
    # "what number of accelerators…?" is answered by "used 512 accelerators", which names no number.
    first = lead(
        ask(figures, embedder, "What number of accelerators did the final Ossel-30 training run use?").text
    )
    assert "512" in first


def test_a_compound_naming_two_sides_asks_no_judgement() -> None:
    from rag.compose import judged
    from rag.question import analyse

    assert judged(analyse("How do open and closed models compare on cost?"))
    # "open-versus-proprietary" names the study, it compares nothing: "who paid" is no judgement on cost.
    assert not judged(analyse("Who paid for the open-versus-proprietary research on cost?"))


def test_a_question_asking_what_one_source_lists_shows_no_other_side(
    figures: Settings, embedder: Any
) -> None:
    answer = ask(figures, embedder, "What price per million input tokens does the news list for Brisk-20?")
    assert not answer.disagreements


def test_a_span_of_time_in_words_and_a_dataset_in_examples_are_figures() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    said = (
        "We took about 300 examples, fine-tuned on one card, and in seventy minutes the refusals were gone."
    )
    assert gives("number", said, analyse("How long did it take?"))
    assert gives("number", said, analyse("How much data did it take?"))
    assert not gives("number", "The refusals were gone by the evening.", analyse("How long did it take?"))


def test_a_figure_of_another_year_or_month_is_not_the_one_asked() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    asked = analyse("What share of hours carried subtitles in May 2025?")
    assert not gives("number", "In 2023, 9 per cent of its hours carried subtitles.", asked)
    assert not gives("number", "Share of hours with subtitles, Q1 2025: 38%", asked)
    assert gives("number", "In May 2025 the proportion was 41 per cent.", asked)


def test_a_rate_per_one_thing_is_not_a_rate_per_another() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    asked = analyse("What does Lumenary charge per million output tokens for Lumen Prime 3?")
    assert not gives("number", "Est. cost per 1,000 NPC conversations, Lumen Prime 3: €2.40", asked)
    assert gives("number", "Output, Lumen Prime 3: €12 per million output tokens", asked)


def test_where_to_read_is_no_part_of_the_measure_but_a_rate_is() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    # "according to the investor's memo" does not make revenue capital raised; "per month" stays a rate.
    memo = analyse("What was Tarnwell's annual recurring revenue according to the investor's memo?")
    assert gives("number", "Value, Annual recurring revenue (ARR): £1.7m", memo)
    monthly = analyse("Roughly how much was the firm spending on Orrin-3 per month before the evaluation?")
    assert gives("number", "Current spend is approximately $41,000 per month and is growing.", monthly)
    # "per the memo" names where to read, so a figure "per month" is not a rate per something else.
    sourced = analyse("What did Tarnwell's inference cost each month per the investor's memo?")
    assert gives("number", "Inference cost about £9,000 per month.", sourced)
    hours = analyse("How many GPU hours did Tarnwell use per the audit?")
    assert gives("number", "It used 4,000 GPU hours per week.", hours)


def test_at_what_time_is_answered_by_a_time_of_day_not_a_figure() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    asked = analyse("At what time was traffic switched back to the self-hosted model?")
    assert gives("date", "05:26 Traffic returned to self-hosted Skua-34B.", asked)
    assert gives("date", "It was back by 9pm.", asked)
    assert not gives("date", "About 2.45 million requests were served at the time.", asked)


def test_a_count_is_said_by_what_the_counted_did_and_a_deadline_by_what_closes() -> None:
    from rag.compose_kinds import gives
    from rag.question import analyse

    signed = analyse("How many people signed the attendance sheet at the meetup?")
    assert gives("number", "63 signed in on the sheet at the door.", signed)
    assert not gives("number", "The hall seats 120.", signed)
    deadline = analyse("What is the deadline for sending comments on the draft?")
    assert gives("date", "Public comment period closes: 30 July 2025", deadline)
    assert not gives("date", "Prepared after plenary meetings in November 2024 and February 2025.", deadline)
    # …or by the date a thing is wanted by
    assert gives("date", "She wants a written recommendation from us by Friday 4 April.", deadline)
    assert not gives("date", "Written by Dana Kowalczyk on 4 April.", deadline)
