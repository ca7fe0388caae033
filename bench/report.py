"""The report: the machine and versions a run measured on, the table of rows, `bench/results/latest.json`,
and the table between the markers in `BENCHMARKS.md` (and the README's performance section)."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from bench.common import ROOT
from bench.context import SECTIONS, Context
from bench.rows import Row

RESULTS = ROOT / "bench" / "results"
REPORT = ROOT / "BENCHMARKS.md"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
LoadAverage = tuple[float, float, float]


@dataclass(frozen=True)
class Machine:
    nproc: int
    cpu: str
    ram_gib: float
    python: str
    load_average: LoadAverage  # at the start


@dataclass
class RunInfo:
    date: str
    machine: Machine
    versions: dict[str, str]
    quick: bool
    duration_s: float = 0.0
    load_average_end: LoadAverage = (0.0, 0.0, 0.0)
    rerun: str = ""  # a run of some sections: which, and when the rest was measured
    # Each partial run since the last full one: its sections, date and load ({"sections", "date", "load"}).
    reruns: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.rerun:
            del data["rerun"]
        if not self.reruns:
            del data["reruns"]
        return data


def machine() -> Machine:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as fh:
        mem_kib = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
    return Machine(
        nproc=len(os.sched_getaffinity(0)),
        cpu=cpu,
        ram_gib=round(mem_kib / 2**20, 1),
        python=sys.version.split()[0],
        load_average=os.getloadavg(),
    )


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    names = ("torch", "sentence-transformers", "onnxruntime", "chromadb", "llama-index-core")
    for name in (*names, "llama_cpp_python", "bm25s"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


def table(rows: Sequence[Row], info: RunInfo, failed: Mapping[str, str]) -> str:
    m = info.machine
    lines = [
        f"Measured {info.date} by `make bench` in {info.duration_s / 60:.1f} min on {m.nproc} cores "
        f"({m.cpu}), {m.ram_gib} GiB RAM; load average {m.load_average[0]:.1f} at the start and "
        f"{info.load_average_end[0]:.1f} at the end (the machine is shared: compare ratios, not seconds).",
        "",
        "Each pair is measured interleaved (A, B, A, B, …; 5 rounds or more): a value is the median over the "
        "rounds, with the spread (p25–p75) in brackets; a ratio is the median of the per-round ratios, and "
        "reads *within noise* when A's and B's spreads overlap (NOISE: the target can be neither met nor "
        "missed at that noise).",
        "",
        *([f"Sections {info.rerun}.", ""] if info.rerun else []),
        *(
            [f"Failed in this run: {', '.join(failed)} (see `bench/results/latest.json`).", ""]
            if failed
            else []
        ),
        "| Section | Measure | Value | Target | |",
        "|---|---|---:|---|---|",
    ]
    for r in rows:
        metric = r.metric.strip().replace("|", "\\|")
        note = f"<br><sub>{r.note}</sub>" if r.note else ""
        lines.append(f"| {r.section} | {metric}{note} | {r.shown()} | {r.target} | {r.verdict()} |")
    return "\n".join(lines)


_MEASURED = re.compile(
    r"Measured (?P<date>\d{4}-\d\d-\d\d \d\d:\d\d) by `make bench` in (?P<min>[\d.]+) min.*?"
    r"load average (?P<start>[\d.]+) at the start and (?P<end>[\d.]+) at the end"
)
_RERUN = re.compile(
    r"(?P<sections>[a-z][a-z, ]*) re-measured (?P<date>\S+ \S+) \(load (?P<lo>[\d.]+)–(?P<hi>[\d.]+)\)"
)
_CELL = re.compile(r"(?<!\\)\|")


def read_table(report: Path = REPORT) -> dict[str, Any] | None:
    """The last report read back from its table, as `latest.json` holds it (each row's value as shown):
    `latest.json` is not kept in git, so a partial run on a fresh clone starts from the table. None
    when the report has no table."""
    text = report.read_text(encoding="utf-8") if report.exists() else ""
    if START not in text or END not in text or not (header := _MEASURED.search(text)):
        return None
    block = text[text.index(START) : text.index(END)]
    rows = []
    for line in block.splitlines():
        cells = [c.strip().replace("\\|", "|") for c in _CELL.split(line.strip().strip("|"))]
        if len(cells) != 5 or cells[0] in ("Section", "---"):
            continue
        section, measure, shown, target, verdict = cells
        metric, _, note = measure.partition("<br><sub>")
        rows.append(
            {
                "section": section,
                "metric": metric,
                "note": note.removesuffix("</sub>"),
                "value": 0.0,
                "unit": "",
                "target": target,
                "passed": {"PASS": True, "MISS": False}.get(verdict),
                "noise": verdict == "NOISE",
                "shown_as": shown,
            }
        )
    start, end = float(header["start"]), float(header["end"])
    said = next((line for line in block.splitlines() if line.startswith("Sections ")), "")
    parts = (_RERUN.fullmatch(part) for part in said.removeprefix("Sections ").rstrip(".").split("; "))
    reruns = [
        {"sections": m["sections"].split(", "), "date": m["date"], "load": [float(m["lo"]), float(m["hi"])]}
        for m in parts
        if m
    ]
    return {
        "rows": rows,
        "date": header["date"],
        "duration_s": float(header["min"]) * 60,
        "machine": {"load_average": [start, start, start]},
        "load_average_end": [end, end, end],
        "reruns": reruns,
    }


def keep_previous(ctx: Context, info: RunInfo, results: Path = RESULTS, report: Path = REPORT) -> None:
    """A run of some sections (`--only`) keeps the other sections' rows from the last report, in order:
    from `latest.json`, and those of sections it lacks from the report's table (a clone has no
    `latest.json`, and one written there by a partial run holds only that run's sections)."""
    try:
        previous = json.loads((results / "latest.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        previous = None
    if (shown := read_table(report)) is not None:
        if previous is None:
            previous = shown
        else:
            held = {r["section"] for r in previous.get("rows", [])}
            previous["rows"] = [
                *previous.get("rows", []),
                *(r for r in shown["rows"] if r["section"] not in held),
            ]
    if previous is None:
        return
    chosen = ctx.options.chosen
    kept = [Row.from_json(r) for r in previous.get("rows", []) if r["section"] not in chosen]
    # Stable: the order within a section is kept.
    ctx.rows = sorted(kept + ctx.rows, key=lambda r: SECTIONS.index(r.section))
    ctx.details = {**previous.get("details", {}), **ctx.details}
    # The header describes the full run the other rows come from (its date, duration and load); each
    # partial run since is named with its own date and load, the latest one for a section winning.
    this = {
        "sections": list(chosen),
        "date": info.date,
        "load": [info.machine.load_average[0], info.load_average_end[0]],
    }
    earlier = [r for r in previous.get("reruns", []) if not set(r["sections"]) & set(chosen)]
    info.reruns = [*earlier, this]
    said = [
        f"{', '.join(r['sections'])} re-measured {r['date']} (load {r['load'][0]:.1f}–{r['load'][1]:.1f})"
        for r in info.reruns
    ]
    info.rerun = f"{'; '.join(said)}; the rest from {previous.get('date')}"
    info.date = previous.get("date", info.date)
    info.duration_s = previous.get("duration_s", 0.0)
    if "machine" in previous and "load_average_end" in previous:
        info.machine = replace(info.machine, load_average=tuple(previous["machine"]["load_average"]))
        info.load_average_end = tuple(previous["load_average_end"])


def splice(text: str, block: str) -> str | None:
    """`text` with `block` in place of what its markers enclose; None without the markers."""
    if START in text and END in text:
        return text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    return None


def write_report(
    ctx: Context, info: RunInfo, results: Path = RESULTS, report: Path = REPORT, readme: Path = README
) -> None:
    """`latest.json`, and the table in BENCHMARKS.md (made if missing) and in the README's performance
    section, which shows the same one."""
    results.mkdir(parents=True, exist_ok=True)
    payload = {**info.to_json(), "rows": [asdict(r) for r in ctx.rows], "details": ctx.details}
    (results / "latest.json").write_text(json.dumps(payload, indent=1, default=str) + "\n", encoding="utf-8")
    block = f"{START}\n{table(ctx.rows, info, ctx.details.get('failed', {}))}\n{END}"
    for path in (report, readme):
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
        spliced = splice(text, block)
        if spliced is None and path == report:
            spliced = text.rstrip() + "\n\n## Performance\n\n" + block + "\n"
        if spliced is not None:
            path.write_text(spliced, encoding="utf-8")
