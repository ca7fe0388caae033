"""Benchmarks: each figure beside its target, each one a ratio or percentile against a reference measured
in the same run (the machine is shared, so absolute seconds drift; ratios hold).

Every pair (a figure and its reference) is measured interleaved, A, B, A, B, … for at least 5 rounds
(`bench.pairs`): each figure is the median over the rounds with its spread (p25–p75); a pair whose spreads
overlap gets up to 3 more rounds, and if they still overlap its ratio reads "within noise".

`python -m bench.run` (`make bench`) measures, in this order:
1. ingest:     full ingest of a ~280-chunk corpus ÷ `SentenceTransformer.encode` of the very texts it embeds
               (model load excluded), for both embedding backends; ONNX vs torch vectors and throughput
2. peer:       seconds per MB of source text, ours vs the LlamaIndex starter pipeline into Chroma
               (measured in the ingest rounds)
3. refresh:    `rag ingest` on an unchanged corpus; refresh after one changed document vs its share of a
               full ingest measured in the same rounds
4. generation: the whole answer path (`Assistant.ask`, worded by the embedded model) vs llama.cpp alone on
               the same messages; warm time to first token
5. startup:    fresh processes: `rag status` beside cold `rag ask` (answer from spans; worded by the model;
               torch embedder = before), peak RSS; the page's peak RSS
6. retrieval:  p50/p95 of hybrid retrieval at 1k, 10k, 100k chunks (synthetic), and where the time goes
7. answers:    warm answers from spans and warm `rag verify`, p50/p95
8. crowd:      ten browser sessions (Chromium) asking the real page at once: p50/p95 of their answer times
               against one session alone, and how many were shown their place in the line
9. eval:       wall time of `rag eval --no-floors` on the golden set, as a fresh process
10. page:      golden fact questions typed into the real page (Chromium), warm: from pressing Enter to the
               direct answer (its lead sentence) on screen, median and spread
It prints progress and every figure with its target (PASS/MISS), writes `bench/results/latest.json`, and
rewrites the table between the markers in `BENCHMARKS.md`. `--quick` runs smaller sizes and 2 rounds for
a try-out.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

import rag  # noqa: F401  (sets the offline switches before any Hugging Face import)
from bench.answers import bench_answers
from bench.context import SECTIONS, Context, Options
from bench.crowd import bench_crowd
from bench.eval_suite import bench_eval
from bench.generation import bench_generation
from bench.ingest import bench_ingest
from bench.page_latency import bench_page
from bench.peer import bench_peer
from bench.refresh import bench_refresh
from bench.report import REPORT, RESULTS, RunInfo, keep_previous, machine, versions, write_report
from bench.retrieval import bench_retrieval
from bench.startup import bench_startup

RUNNERS: dict[str, Callable[[Context], None]] = {
    "ingest": bench_ingest,
    "peer": bench_peer,
    "refresh": bench_refresh,
    "generation": bench_generation,
    "startup": bench_startup,
    "retrieval": bench_retrieval,
    "answers": bench_answers,
    "crowd": bench_crowd,
    "eval": bench_eval,
    "page": bench_page,
}


def parse_options(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated: {', '.join(SECTIONS)}")
    parser.add_argument("--quick", action="store_true", help="smaller sizes and one round: a try-out")
    parser.add_argument("--no-write", action="store_true", help="print only; leave the report files alone")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (its path is printed)")
    parser.add_argument("--sizes", help="retrieval index sizes, comma-separated (default 1000,10000,100000)")
    args = parser.parse_args(argv)
    chosen = tuple(s for s in args.only.split(",") if s)
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return Options.make(chosen, args.quick, args.no_write, args.keep, args.sizes)


def run_sections(ctx: Context) -> None:
    """Each chosen section in the bench's order; one broken section costs its own figures, not the run."""
    chosen = ctx.options.chosen
    for i, name in enumerate(s for s in SECTIONS if s in chosen):
        ctx.say(f"== {i + 1}/{len(chosen)} {name}")
        try:
            RUNNERS[name](ctx)
        except Exception as exc:
            traceback.print_exc()
            ctx.say(f"  the {name} section failed: {exc!r}")
            ctx.failed(name, exc)


def summarize(ctx: Context) -> None:
    missed = [r for r in ctx.rows if r.passed is False]
    met = sum(r.passed is True for r in ctx.rows)
    print(f"\n{len(ctx.rows)} figures, {met} targets met, {len(missed)} missed")
    for r in missed:
        print(f"  MISS {r.section}: {r.metric.strip()} = {r.shown()} (target {r.target})")


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")  # bm25s draws progress bars; the bench prints its own
    info = RunInfo(
        date=time.strftime("%Y-%m-%d %H:%M"), machine=machine(), versions=versions(), quick=options.quick
    )
    m = info.machine
    print(f"bench on {m.nproc} cores ({m.cpu}), {m.ram_gib} GiB; load {m.load_average[0]:.1f}")
    ctx = Context(Path(tempfile.mkdtemp(prefix="rag-bench-")), options)
    try:
        run_sections(ctx)
    finally:
        info.duration_s = time.perf_counter() - ctx.started
        info.load_average_end = os.getloadavg()
        if options.keep:
            print(f"work folder kept: {ctx.work}")
        else:
            shutil.rmtree(ctx.work, ignore_errors=True)
    summarize(ctx)
    if not options.no_write:
        if set(options.chosen) != set(SECTIONS):
            keep_previous(ctx, info)
        write_report(ctx, info)
        print(f"wrote {RESULTS / 'latest.json'} and the table in {REPORT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
