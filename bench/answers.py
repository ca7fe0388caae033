"""7. answers: warm answers composed from the spans (no model) and warm `rag verify`, p50/p95, in one
long-lived process as the page keeps one: each question and claim once to warm up, then measured,
interleaved."""

from __future__ import annotations

from bench.common import QUESTIONS, built_index, embedders
from bench.context import Context
from bench.rows import make_row
from evals.metrics import percentile

CLAIMS = (
    "Falcon was developed by Meta.",
    "Llama 2 is fully open source.",
    "GPT-4 can be downloaded and modified by its users.",
    "Open-source models generally cost less than proprietary ones.",
    "TII, based in Abu Dhabi, built the Falcon series.",
    "Closed-source models come with professional support.",
)


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
            answers.append(assistant.ask(q).timings["total_s"])
            checks.append(assistant.verify(c).seconds)
    ctx.keep(
        make_row("answers", "warm answer from spans, p50", percentile(answers, 50), "s", 1.0),
        make_row("answers", "warm answer from spans, p95", percentile(answers, 95), "s"),
        make_row("answers", "warm `rag verify`, p50", percentile(checks, 50) * 1000, "ms", 150.0),
        make_row("answers", "warm `rag verify`, p95", percentile(checks, 95) * 1000, "ms"),
    )
