"""4. generation: the whole answer path (`Assistant.ask`, worded by the embedded model,
`answer_with_model="always"`) vs llama.cpp alone on the same messages; warm time to first token.

Each round asks each question through both, back to back, with the messages the answer path sent (the
embedded model reads excerpts); every answer starts from the same state, the rules read (the embedded
model's own `stream` restores it), so neither side reuses the other's prompt."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench.common import QUESTIONS, built_index, embedders, settings_for
from bench.context import Context
from bench.pairs import Series, interleave, ratio
from bench.rows import make_row, ratio_row
from evals.metrics import percentile
from rag.config import Settings
from rag.llm import ChatModel, Message, ModelBackend

if TYPE_CHECKING:
    from rag.answer import Assistant


@dataclass(frozen=True)
class Streamed:
    seconds: float
    first_token_s: float
    tokens: int  # streamed pieces with text
    text: str


def alone(model: ChatModel, messages: list[Message], max_tokens: int) -> Streamed:
    """llama.cpp alone on these messages, through the model's own stream (no retrieval, no grounding)."""
    t0 = time.perf_counter()
    first, parts = 0.0, []
    for text in model.stream(messages, max_tokens):
        first = first or time.perf_counter() - t0
        parts.append(text)
    return Streamed(time.perf_counter() - t0, first, len(parts), "".join(parts))


@dataclass
class GenerationRound:
    ctx: Context
    settings: Settings
    assistant: Assistant
    model: ChatModel
    messages: dict[str, list[Message]]  # each question's messages, as the answer path built them
    same: list[bool] = field(default_factory=list)  # per answer: the same draft as llama.cpp alone

    def __call__(self, k: int) -> dict[str, float]:
        t = {"ours": 0.0, "alone": 0.0, "tokens": 0.0}
        firsts: dict[str, list[float]] = {"ours": [], "alone": []}
        for q, messages in self.messages.items():
            answer = self.assistant.ask(q, backend="embedded")
            ref = alone(self.model, messages, self.settings.max_answer_tokens)
            t["ours"] += answer.timings["total_s"]
            t["alone"] += ref.seconds
            t["tokens"] += ref.tokens
            firsts["ours"].append(answer.timings.get("first_token_s", answer.timings["total_s"]))
            firsts["alone"].append(ref.first_token_s)
            self.same.append(answer.draft == ref.text)
        self.ctx.say(f"round {k + 1}: Assistant.ask {t['ours']:.1f} s, llama.cpp alone {t['alone']:.1f} s")
        return {
            **t,
            "ours_first": percentile(firsts["ours"], 50),
            "alone_first": percentile(firsts["alone"], 50),
        }


@dataclass
class Recorded:
    """The embedded model, keeping the messages the answer path sends it (llama.cpp alone is then
    given exactly those)."""

    inner: ChatModel
    sent: list[list[Message]] = field(default_factory=list)
    model: str = ""
    context_window: int = 0

    def __post_init__(self) -> None:
        self.model, self.context_window = self.inner.model, self.inner.context_window

    @property
    def backend(self) -> ModelBackend:
        return self.inner.backend

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)

    def stream(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        self.sent.append(messages)
        return self.inner.stream(messages, max_tokens)


def bench_generation(ctx: Context) -> None:
    from rag.answer import Assistant
    from rag.llm import embedded

    settings = settings_for(ctx, "onnx", answer_with_model="always")
    built_index(ctx)
    model = embedded(settings)
    recorded = Recorded(model)
    assistant = Assistant(settings, embedder=embedders(ctx)[1], model=recorded)
    ctx.say("warming up the embedded model…")
    messages: dict[str, list[Message]] = {}
    for q in QUESTIONS[: ctx.options.generation_questions]:
        answer = assistant.ask(q, backend="embedded")
        ctx.say(f"  {q[:50]!r}: {answer.timings['total_s']:.1f} s")
        messages[q] = recorded.sent[-1]
    one_round = GenerationRound(ctx, settings, assistant, model, messages)
    pairs = [("ours", "alone"), ("ours_first", "alone_first")]
    series = interleave(one_round, ctx.options.rounds, pairs, ctx.options.more, ctx.say)
    series["ours"].name, series["alone"].name = "Assistant.ask", "llama.cpp alone"
    ctx.details["generation"] = {k: s.values for k, s in series.items()} | {"same_draft": one_round.same}
    report_generation(ctx, series, one_round.same)


def report_generation(ctx: Context, series: dict[str, Series], same: list[bool]) -> None:
    tokens = series["tokens"].values
    ctx.keep(
        make_row(
            "generation",
            "llama.cpp alone, tokens/s",
            Series("tok/s", [n / s for n, s in zip(tokens, series["alone"].values, strict=True)]),
            "tok/s",
        ),
        make_row(
            "generation",
            "whole answer path (Assistant.ask), tokens/s",
            Series("tok/s", [n / s for n, s in zip(tokens, series["ours"].values, strict=True)]),
            "tok/s",
        ),
        ratio_row(
            "generation",
            "answer-path overhead over llama.cpp alone",
            ratio(series["ours"], series["alone"]),
            "overhead",
            10.0,
            note=f"same draft as llama.cpp alone in {sum(same)} of {len(same)} answers",
            floor=True,
        ),
        make_row("generation", "time to first token, llama.cpp alone (median)", series["alone_first"], "s"),
        make_row(
            "generation",
            "warm time to first token, Assistant.ask with the model (median)",
            series["ours_first"],
            "s",
            1.5,
        ),
    )
