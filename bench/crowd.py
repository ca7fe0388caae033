"""8. ten people at once: the page under `streamlit run`, ten Chromium sessions asking ten questions at the
same moment (the browser test's own driver): each answer's time from Enter to its cited sources on
screen. Each round asks one session alone (the reference), then ten at once."""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, cast

from bench.common import built_index, embedders
from bench.context import Context
from bench.pairs import Series, interleave, ratio
from bench.rows import make_row, ratio_row
from evals.metrics import percentile

WAITED = re.compile(r"waited (\d+(?:\.\d+)?) s in line")
NOTICEABLE_WAIT_S = 0.5


class Asked(Protocol):
    """What one browser session saw (`tests.test_browser_crowd.Asker`)."""

    seconds: float
    places: list[int]
    reply: str
    sources: int
    errors: int


@dataclass(frozen=True)
class Driver:
    chromium: Path
    crowd: tuple[str, ...]  # the ten questions
    ask_together: Callable[[str, tuple[str, ...]], Sequence[Asked]]  # a coroutine function, run here
    serve_page: Callable[..., AbstractContextManager[str]]


def driver() -> Driver:
    """The browser tests' driver, imported by name: the tests are not part of what `mypy bench` checks."""
    browser = importlib.import_module("tests.test_browser")
    crowd = importlib.import_module("tests.test_browser_crowd")

    def ask_together(url: str, questions: tuple[str, ...]) -> Sequence[Asked]:
        return cast(Sequence[Asked], asyncio.run(crowd.ask_together(url, questions)))

    return Driver(browser.CHROMIUM, crowd.CROWD, ask_together, crowd.serve_page)


@dataclass
class CrowdRound:
    ctx: Context
    page: Driver
    url: str
    crowds: list[Sequence[Asked]] = field(default_factory=list)  # each round's ten sessions

    def __call__(self, k: int) -> dict[str, float]:
        alone = self.page.ask_together(self.url, self.page.crowd[:1])[0]
        crowd = self.page.ask_together(self.url, self.page.crowd)
        self.crowds.append(crowd)
        seconds = [a.seconds for a in crowd]
        self.ctx.say(
            f"round {k + 1}: alone {alone.seconds:.2f} s; ten at once p95 {percentile(seconds, 95):.2f} s"
        )
        return {"alone": alone.seconds, "p50": percentile(seconds, 50), "p95": percentile(seconds, 95)}


def bench_crowd(ctx: Context) -> None:
    page = driver()
    if not page.chromium.exists():
        ctx.say(f"  {page.chromium} is missing (`make browser`): no crowd figures")
        return
    settings = built_index(ctx)
    embedders(ctx)  # the ONNX file is exported before the page needs it
    with page.serve_page(
        settings.corpus_dir, settings.index_dir, RAG_EMBED_BACKEND=settings.embed_backend
    ) as url:
        ctx.say("one session alone to load the models (untimed)…")
        page.ask_together(url, page.crowd[-1:])
        one_round = CrowdRound(ctx, page, url)
        series = interleave(one_round, ctx.options.crowd_rounds, [("p95", "alone")], 0, ctx.say)
    series["alone"].name, series["p95"].name = "one alone", "ten at once p95"
    ctx.details["crowd"] = {
        **{k: s.values for k, s in series.items()},
        "places": [[a.places for a in crowd] for crowd in one_round.crowds],
    }
    report_crowd(ctx, series, one_round.crowds)


def report_crowd(ctx: Context, series: dict[str, Series], crowds: list[Sequence[Asked]]) -> None:
    everyone = [a for crowd in crowds for a in crowd]
    cited = sum(a.sources >= 1 and "[1]" in a.reply and not a.errors for a in everyone)
    # Which sessions waited, and how long, is read from their answers' footers ("waited 2.1 s in line"):
    # with answers of a third of a second a question can reach an engine that is free again, and a wait
    # of a few hundredths of a second ends before the page can show a place.
    waits = [(a, float(m.group(1))) for a in everyone if (m := WAITED.search(a.reply))]
    waited = [a for a, s in waits if s >= NOTICEABLE_WAIT_S]
    told = sum(bool(a.places) for a in waited)
    turns = "answers take turns on one engine: the tenth waits for nine, so 10× is the bound"
    waiting = (
        f"{len(waited)} of {len(everyone)} sessions waited {NOTICEABLE_WAIT_S} s or more (their footers say), "
        f"{len(waits) - len(waited)} less: each that waited is told how many questions are ahead of it"
    )
    ctx.keep(
        make_row("crowd", "one session alone: Enter to cited answer on screen", series["alone"], "s"),
        make_row("crowd", "ten sessions at once: answer time p50", series["p50"], "s"),
        make_row("crowd", "ten sessions at once: answer time p95", series["p95"], "s"),
        ratio_row(
            "crowd",
            "ten at once, p95 ÷ one alone",
            ratio(series["p95"], series["alone"]),
            "x",
            10.0,
            note=turns,
        ),
        make_row(
            "crowd",
            "sessions with a cited answer and no error",
            100 * cited / len(everyone),
            "%",
            100,
            at_least=True,
        ),
        make_row(
            "crowd",
            "waiting sessions shown their place",
            100 * told / max(len(waited), 1),
            "%",
            100,
            at_least=True,
            note=waiting,
        ),
    )
