"""The bench's report: rows built from fixed rounds read in the table, in the progress lines and in
BENCHMARKS.md exactly as they did before `bench/run.py` was split into a module per section (the expected
text below was produced by the single-file bench on the same inputs)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bench.context import Context, Options
from bench.pairs import Series, ratio
from bench.report import END, START, Machine, RunInfo, keep_previous, table, write_report
from bench.rows import Row, make_row, ratio_row

EXPECTED_TABLE = (
    "Measured 2026-01-02 03:04 by `make bench` in 20.6 min on 2 cores (Test CPU), 23.5 GiB RAM; load average 2.2 at the start and 1.9 at the end (the machine is shared: compare ratios, not seconds).",
    "",
    "Each pair is measured interleaved (A, B, A, B, …; 5 rounds or more): a value is the median over the rounds, with the spread (p25–p75) in brackets; a ratio is the median of the per-round ratios, and reads *within noise* when A's and B's spreads overlap (NOISE: the target can be neither met nor missed at that noise).",
    "",
    "Sections crowd, eval re-measured 2026-01-02 05:06; the rest from 2026-01-02 03:04.",
    "",
    "Failed in this run: crowd, eval (see `bench/results/latest.json`).",
    "",
    "| Section | Measure | Value | Target | |",
    "|---|---|---:|---|---|",
    "| ingest | full ingest (onnx) ÷ encode | 0.83× (0.74–0.86) | ≤ 1.25× | PASS |",
    "| ingest | full ingest (onnx) ÷ its own encoder<br><sub>onnx 1.00 s (0.95 s–1.05 s) vs encode 1.25 s (1.22 s–1.28 s), 5 interleaved rounds: A below B</sub> | not comparable |  |  |",
    "| ingest | encoder throughput | 224 chunks/s (219–230) |  |  |",
    "| ingest | worst cosine | 0.9999912 | ≥ 0.9999000 | PASS |",
    "| generation | overhead \\| over alone<br><sub>same draft; ours 1.10 s (1.00 s–1.20 s) vs alone 1.10 s (1.05 s–1.15 s), 5 interleaved rounds</sub> | within noise | ≤ 10.0 % | NOISE |",
    "| generation | overhead, no limit<br><sub>ours 1.10 s (1.00 s–1.20 s) vs alone 1.10 s (1.05 s–1.15 s), 5 interleaved rounds</sub> | within noise |  |  |",
    "| refresh | no-op ÷ full | 0.0 % (0.0–0.0) | ≤ 2.0 % | PASS |",
    "| refresh | no-op work<br><sub>fresh process</sub> | 0.50 s (0.45–0.55) | ≤ 1.00 s | PASS |",
    "| retrieval | of which BM25 p50 at 100,000 | 123 ms |  |  |",
    "| retrieval | hybrid retrieval p95 at 100,000 chunks | 87.7 ms | ≤ 100 ms | PASS |",
    "| startup | `rag ask` peak RSS | 1600 MiB | ≤ 1536 MiB | MISS |",
    "| crowd | waiting sessions shown their place<br><sub>all but the first</sub> | 97.5 % | ≥ 100.0 % | MISS |",
    "| peer | tokens per second | 5000 tok/s (4950–5100) |  |  |",
    "| eval | `rag eval` wall time | 250 s | ≤ 300 s | PASS |",
)

EXPECTED_PROGRESS = (
    "    full ingest (onnx) ÷ encode                                     0.83× (0.74–0.86)  target      ≤ 1.25×  PASS",
    "    full ingest (onnx) ÷ its own encoder                               not comparable",
    "    encoder throughput                                         224 chunks/s (219–230)",
    "    worst cosine                                                            0.9999912  target  ≥ 0.9999000  PASS",
    "    overhead | over alone                                                within noise  target     ≤ 10.0 %  NOISE",
    "    overhead, no limit                                                   within noise",
    "    no-op ÷ full                                                      0.0 % (0.0–0.0)  target      ≤ 2.0 %  PASS",
    "    no-op work                                                     0.50 s (0.45–0.55)  target     ≤ 1.00 s  PASS",
    "      of which BM25 p50 at 100,000                                             123 ms",
    "    hybrid retrieval p95 at 100,000 chunks                                    87.7 ms  target     ≤ 100 ms  PASS",
    "    `rag ask` peak RSS                                                       1600 MiB  target   ≤ 1536 MiB  MISS",
    "    waiting sessions shown their place                                         97.5 %  target    ≥ 100.0 %  MISS",
    "    tokens per second                                          5000 tok/s (4950–5100)",
    "    `rag eval` wall time                                                        250 s  target      ≤ 300 s  PASS",
)


def fixed_rows() -> list[Row]:
    fast = Series("onnx", [1.0, 1.1, 0.9, 1.05, 0.95])
    slow = Series("encode", [1.2, 1.25, 1.3, 1.22, 1.28])
    ours = Series("ours", [1.0, 1.3, 1.1, 1.2, 0.9])
    alone = Series("alone", [1.1, 1.0, 1.2, 1.15, 1.05])
    noop, full = Series("no-op", [0.01, 0.012, 0.011]), Series("full", [30.0, 31.0, 29.0])
    return [
        ratio_row("ingest", "full ingest (onnx) ÷ encode", ratio(fast, slow), "x", 1.25),
        ratio_row("ingest", "full ingest (onnx) ÷ its own encoder", ratio(fast, slow), floor=True),
        make_row("ingest", "encoder throughput", slow.map(lambda t: 280 / t), "chunks/s"),
        make_row("ingest", "worst cosine", 0.99999123, "cos", 0.9999, at_least=True),
        ratio_row(
            "generation", "overhead | over alone", ratio(ours, alone), "overhead", 10.0, "same draft", True
        ),
        ratio_row("generation", "overhead, no limit", ratio(ours, alone), "overhead", floor=True),
        ratio_row("refresh", "no-op ÷ full", ratio(noop, full), "share", 2.0),
        make_row("refresh", "no-op work", Series("noop", [0.4, 0.5, 0.6]), "s", 1.0, note="fresh process"),
        make_row("retrieval", "  of which BM25 p50 at 100,000", 123.456, "ms"),
        make_row("retrieval", "hybrid retrieval p95 at 100,000 chunks", 87.65, "ms", 100.0),
        make_row("startup", "`rag ask` peak RSS", 1600.4, "MiB", 1536),
        make_row("crowd", "waiting sessions shown their place", 97.5, "%", 100, True, "all but the first"),
        make_row("peer", "tokens per second", Series("t", [5000.0, 5200.0, 4900.0]), "tok/s"),
        make_row("eval", "`rag eval` wall time", 250.0, "s", 300.0),
    ]


def fixed_info(rerun: str = "") -> RunInfo:
    return RunInfo(
        date="2026-01-02 03:04",
        machine=Machine(2, "Test CPU", 23.5, "3.11.7", (2.25, 3.0, 4.0)),
        versions={},
        quick=False,
        duration_s=1234.5,
        load_average_end=(1.95, 3.0, 4.0),
        rerun=rerun,
    )


def test_the_table_of_fixed_rounds_reads_as_before_the_split() -> None:
    failed = {"crowd": "RuntimeError('x')", "eval": "KeyError('y')"}
    rerun = "crowd, eval re-measured 2026-01-02 05:06; the rest from 2026-01-02 03:04"
    assert table(fixed_rows(), fixed_info(rerun), failed) == "\n".join(EXPECTED_TABLE)
    plain = EXPECTED_TABLE[:4] + EXPECTED_TABLE[8:]  # neither a re-run nor a failure
    assert table(fixed_rows(), fixed_info(), {}) == "\n".join(plain)


def test_each_kept_row_prints_its_progress_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Context(tmp_path, Options()).keep(*fixed_rows())
    assert capsys.readouterr().out.splitlines() == list(EXPECTED_PROGRESS)


def test_the_report_replaces_the_block_between_the_markers_and_round_trips_the_rows(tmp_path: Path) -> None:
    report, readme, results = tmp_path / "BENCHMARKS.md", tmp_path / "README.md", tmp_path / "results"
    report.write_text(f"# Benchmarks\n\nBefore.\n\n{START}\nold table\n{END}\n\nAfter.\n", encoding="utf-8")
    readme.write_text("# A README with no table\n", encoding="utf-8")
    ctx = Context(tmp_path, Options())
    ctx.rows = fixed_rows()
    write_report(ctx, fixed_info(), results, report, readme)
    block = "\n".join(EXPECTED_TABLE[:4] + EXPECTED_TABLE[8:])
    assert (
        report.read_text(encoding="utf-8")
        == f"# Benchmarks\n\nBefore.\n\n{START}\n{block}\n{END}\n\nAfter.\n"
    )
    assert readme.read_text(encoding="utf-8") == "# A README with no table\n"
    written = json.loads((results / "latest.json").read_text(encoding="utf-8"))
    assert [Row.from_json(r) for r in written["rows"]] == ctx.rows
    assert "rerun" not in written


def test_a_run_of_some_sections_keeps_the_others_rows_in_the_sections_order(tmp_path: Path) -> None:
    ctx = Context(tmp_path, Options())
    ctx.rows = fixed_rows()
    write_report(ctx, fixed_info(), tmp_path, tmp_path / "BENCHMARKS.md", tmp_path / "README.md")
    again = Context(tmp_path, Options(chosen=("retrieval",)))
    again.rows = [make_row("retrieval", "hybrid retrieval p50 at 1,000 chunks", 3.0, "ms")]
    info = fixed_info()
    info.date = "2026-01-03 00:00"
    keep_previous(again, info, tmp_path, tmp_path / "BENCHMARKS.md")
    sections = [r.section for r in again.rows]
    assert sections == [
        *["ingest"] * 4,
        "peer",
        *["refresh"] * 2,
        *["generation"] * 2,
        *["startup", "retrieval", "crowd", "eval"],
    ]
    assert again.rows[10].metric == "hybrid retrieval p50 at 1,000 chunks"
    assert again.rows[:4] == fixed_rows()[:4]
    assert (
        info.rerun == "retrieval re-measured 2026-01-03 00:00 (load 2.2–1.9); the rest from 2026-01-02 03:04"
    )
    assert info.date == "2026-01-02 03:04"
    # A second partial run keeps the first one's line and the full run's header load.
    write_report(again, info, tmp_path, tmp_path / "B.md", tmp_path / "R.md")
    later = Context(tmp_path, Options(chosen=("startup",)))
    later.rows = [make_row("startup", "cold `rag ask`", 2.4, "s")]
    info2 = replace(
        fixed_info(),
        date="2026-01-04 00:00",
        machine=replace(fixed_info().machine, load_average=(7.0, 7.0, 7.0)),
    )
    keep_previous(later, info2, tmp_path, tmp_path / "BENCHMARKS.md")
    assert info2.rerun == (
        "retrieval re-measured 2026-01-03 00:00 (load 2.2–1.9); startup re-measured 2026-01-04 00:00 (load 7.0–1.9); "
        "the rest from 2026-01-02 03:04"
    )
    assert info2.machine.load_average[0] == 2.25


def test_a_run_of_some_sections_without_latest_json_keeps_the_others_from_the_table(tmp_path: Path) -> None:
    # A fresh clone has the report's table but no `latest.json` (git keeps no results), and a partial run
    # there writes one holding its own sections alone: the other rows come back from the table as shown.
    report, readme = tmp_path / "BENCHMARKS.md", tmp_path / "README.md"
    ctx = Context(tmp_path, Options())
    ctx.rows = fixed_rows()
    write_report(ctx, fixed_info(), tmp_path, report, readme)
    before = report.read_text(encoding="utf-8")
    (tmp_path / "latest.json").unlink()
    for chosen in ("retrieval", "startup"):  # the second run finds the first one's partial latest.json
        again = Context(tmp_path, Options(chosen=(chosen,)))
        again.rows = [r for r in fixed_rows() if r.section == chosen]
        info = fixed_info()
        keep_previous(again, info, tmp_path, report)
        assert sorted(r.section for r in again.rows) == sorted(r.section for r in fixed_rows())
        write_report(again, info, tmp_path, report, readme)
        after = report.read_text(encoding="utf-8")
        rows = sorted(line for line in after.splitlines() if line.startswith("| "))
        assert rows == sorted(line for line in before.splitlines() if line.startswith("| "))
    assert "startup re-measured 2026-01-02 03:04" in after
    assert "retrieval re-measured 2026-01-02 03:04" in after
