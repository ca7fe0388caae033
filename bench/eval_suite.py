"""9. eval: wall time of `rag eval --no-floors` on the golden set, as a fresh process with the default
settings (its own indexes, in its own temporary folder): the wall time people wait after a change."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench.common import CLOSED, rag_bin
from bench.context import Context
from bench.process import run_measured
from bench.rows import make_row


def counted_items(results_file: Path) -> tuple[int, int]:
    """(golden questions, conversation and claim items) in a `rag eval` results file; (0, 0) unreadable."""
    try:
        results = json.loads(results_file.read_text(encoding="utf-8"))
        items = len(results["records"])
        extra = sum(len(v["records"]) for v in results.values() if isinstance(v, dict) and "records" in v)
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return 0, 0
    return items, extra


def bench_eval(ctx: Context) -> None:
    quick = ctx.options.quick
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAG_")}
    env.update(OLLAMA_HOST=CLOSED, HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False")
    out = ctx.work / "eval"
    cmd = [rag_bin(), "eval", "--out", str(out), "--no-floors"]
    if quick:
        cmd += ["--per-type", "2"]
    ctx.say(f"`{' '.join(cmd[1:3])} … --no-floors`{' (2 per type)' if quick else ''} as a fresh process…")
    done = run_measured(cmd, env, 1800)
    if done.code != 0:
        raise RuntimeError(f"rag eval failed ({done.code}): {done.stderr[-1000:]}")
    items, extra = counted_items(out / "latest.json")
    ctx.details["eval"] = {
        "seconds": done.seconds,
        "rss_mib": done.rss_mib,
        "items": items,
        "extra": extra,
    }
    what = f"{items} golden questions and {extra} conversation and claim items" if items else "the golden set"
    label = "`rag eval` wall time" + (" (quick: 2 per type)" if quick else "")
    note = f"{what}, indexes built included; one run"
    ctx.keep(make_row("eval", label, done.seconds, "s", 300.0, note=note))
    if items:
        ctx.keep(make_row("eval", "`rag eval` seconds per question", done.seconds / items, "s"))
