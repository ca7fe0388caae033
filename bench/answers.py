"""7. answers: warm answers composed from the spans (no model) and warm `rag verify`, p50/p95, in one
long-lived process as the page keeps one: each question and claim once to warm up, then measured,
interleaved, each as new to the process (`forget`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.common import QUESTIONS, built_index, embedders
from bench.context import Context
from bench.rows import make_row
from evals.metrics import percentile

if TYPE_CHECKING:
    from rag.answer import Assistant

CLAIMS = (
    "Falcon was developed by Meta.",
    "Llama 2 is fully open source.",
    "GPT-4 can be downloaded and modified by its users.",
    "Open-source models generally cost less than proprietary ones.",
    "TII, based in Abu Dhabi, built the Falcon series.",
    "Closed-source models come with professional support.",
)


def forget(assistant: Assistant) -> None:
    """Clear what answering memoises (the span vectors stay: the index's passages recur)."""
    from rag import question_names, spans

    spans._split.cache_clear()
    question_names._names.cache_clear()
    assistant.retriever._read.clear()


def bench_answers(ctx: Context) -> None:
    from rag.answer import Assistant

    assistant = Assistant(built_index(ctx), embedders(ctx)[1])
    questions = [*QUESTIONS, "Is LLaMA open source?", "Who makes Claude, and what does it emphasize?"]
    for q in questions:
        assistant.ask(q)
    for c in CLAIMS:
        assistant.verify(c)
    answers: list[float] = []
    checks: list[float] = []
    for _ in range(ctx.options.rounds):
        for q, c in zip(questions, CLAIMS * 2, strict=False):
            # Each measured as a question new to the process: what one answer memoises (its passages'
            # spans, the names in them, the chunks read) would make a repeated question nearly free.
            forget(assistant)
            answers.append(assistant.ask(q).timings["total_s"])
            forget(assistant)
            checks.append(assistant.verify(c).seconds)
    ctx.keep(
        make_row("answers", "warm answer from spans, p50", percentile(answers, 50), "s", 1.0),
        make_row("answers", "warm answer from spans, p95", percentile(answers, 95), "s"),
        make_row("answers", "warm `rag verify`, p50", percentile(checks, 50) * 1000, "ms", 150.0),
        make_row("answers", "warm `rag verify`, p95", percentile(checks, 95) * 1000, "ms"),
    )
