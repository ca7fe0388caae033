"""5. cold start and memory: fresh processes, interleaved in each round: `rag status` (the reference:
start-up alone), then `rag ask` with the embedded backend answered from spans (the target), worded by the
embedded model, and from spans with the torch embedder (before the ONNX one); peak RSS of each, and of
the page (`app.py` under Streamlit's AppTest with one question)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any

from bench.common import QUESTIONS, ROOT, built_index, child_env, embedders, rag_bin
from bench.context import Context
from bench.pairs import Series, interleave, ratio
from bench.process import Measured, run_measured
from bench.rows import make_row, ratio_row
from evals.metrics import percentile

PAGE_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=600)
at.run()
at.chat_input[0].set_value(sys.argv[2]).run()
replies = [m for m in at.chat_message if m.name == "assistant"]
text = "\\n".join(md.value for md in replies[-1].markdown) if replies else ""
print(json.dumps({"ok": not at.exception, "cited": "[1]" in text, "seconds": time.perf_counter() - t0}))
"""


@dataclass
class StartupRound:
    ctx: Context
    envs: dict[str, dict[str, str]]  # "spans", "model", "torch": each `rag ask`'s environment
    question: str
    rss: dict[str, list[float]] = field(default_factory=dict)  # peak RSS of each `rag ask`, MiB

    def ask(self, label: str) -> tuple[Measured, float]:
        """A cold `rag ask` and the seconds its answer spent generating."""
        cmd = [rag_bin(), "ask", self.question, "--json", "--backend", "embedded"]
        done = run_measured(cmd, self.envs[label], 600)
        if done.code != 0:
            raise RuntimeError(f"rag ask ({label}) failed: {done.stderr}")
        answer = json.loads(done.stdout)
        if not answer["citations"]:
            raise RuntimeError(f"rag ask ({label}) gave no citations: {answer}")
        self.rss.setdefault(label, []).append(done.rss_mib)
        return done, float(answer["timings"].get("generate_s", 0.0))

    def __call__(self, k: int) -> dict[str, float]:
        status = run_measured([rag_bin(), "status", "--json"], self.envs["spans"], 60)
        if status.code != 0:
            raise RuntimeError(f"rag status failed: {status.stderr}")
        t = {"status": status.seconds}
        for label in self.envs:
            if label == "model" and k > 0:
                continue  # a minute or more on a busy machine, and context only: measured in round 1
            done, generate_s = self.ask(label)
            t[label] = done.seconds
            if label == "model":
                t["model_less_generate"] = done.seconds - generate_s
        self.ctx.say(f"round {k + 1}: " + ", ".join(f"{name} {v:.2f} s" for name, v in t.items()))
        return t


def bench_startup(ctx: Context) -> None:
    settings = built_index(ctx)
    embedders(ctx)  # the ONNX file is exported before the fresh processes need it
    envs = {
        "spans": child_env(settings),
        "model": child_env(settings, RAG_ANSWER_WITH_MODEL="always"),
        "torch": child_env(settings, RAG_EMBED_BACKEND="torch"),
    }
    one_round = StartupRound(ctx, envs, QUESTIONS[0], {k: [] for k in envs})
    ctx.say("interleaved fresh processes: `rag status`, `rag ask` (spans, onnx), (model), (spans, torch)…")
    series = interleave(one_round, ctx.options.rounds, [("spans", "status")], ctx.options.more, ctx.say)
    series["status"].name, series["spans"].name = "`rag status`", "`rag ask`"
    ctx.say("the page: `app.py` under Streamlit's AppTest with one question, as a fresh process…")
    cmd = [sys.executable, "-c", PAGE_SCRIPT, str(ROOT / "app.py"), QUESTIONS[0]]
    page = run_measured(cmd, envs["spans"], 900)
    page_out: dict[str, Any] = json.loads(page.stdout.strip().splitlines()[-1]) if page.code == 0 else {}
    ctx.details["startup"] = {
        **{k: s.values for k, s in series.items()},
        "rss_mib": one_round.rss,
        "page": {"seconds": page.seconds, "rss_mib": page.rss_mib, **page_out},
    }
    report_processes(ctx, series, one_round.rss)
    if page.code != 0 or not page_out.get("ok"):
        ctx.say(f"  the page run failed: {page.stderr[-500:]}")
    note = f"{page.seconds:.1f} s; answer cited: {page_out.get('cited')}"
    ctx.keep(
        make_row(
            "startup", "page process (AppTest + one question) peak RSS", page.rss_mib, "MiB", 1536, note=note
        )
    )


def report_processes(ctx: Context, series: dict[str, Series], rss: dict[str, list[float]]) -> None:
    spans_note = (
        "fresh process: imports, ONNX embedder, index, retrieval, composing from spans; no model load"
    )
    model_note = (
        "everything but answering: imports, embedder, index, model load, question embedding, retrieval"
    )
    ctx.keep(
        make_row("startup", "`rag status`, fresh process", series["status"], "s", 1.5),
        make_row(
            "startup",
            "cold `rag ask`, embedded backend, answer from spans",
            series["spans"],
            "s",
            3.0,
            note=spans_note,
        ),
        ratio_row(
            "startup", "cold `rag ask` (spans) ÷ `rag status`", ratio(series["spans"], series["status"])
        ),
        make_row(
            "startup", "cold `rag ask`, worded by the embedded model (round 1 only)", series["model"], "s"
        ),
        make_row(
            "startup",
            "  of which before generating (less generate_s)",
            series["model_less_generate"],
            "s",
            note=model_note,
        ),
        make_row("startup", "cold `rag ask` from spans, torch embedder (before)", series["torch"], "s"),
    )
    for label, metric in (
        ("spans", "`rag ask` peak RSS, onnx, spans (median)"),
        ("model", "`rag ask` peak RSS, onnx, with the model (median)"),
        ("torch", "`rag ask` peak RSS, torch (before, median)"),
    ):
        ctx.keep(make_row("startup", metric, percentile(rss[label], 50), "MiB", 1536))
