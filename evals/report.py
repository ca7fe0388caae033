"""Report: records + summaries + floor verdicts → the console tables, latest.json, report.md and plots.

Everything a reader needs to trust the numbers goes into report.md: how each metric is judged, the
table beside its floors, the plots, every failed question with its answer and citations, and the run
manifest (model, backend, corpus hash, settings, versions, commit). The one decision this module owns: the
numbers are printed as measured, with "—" where a metric does not apply, never rounded up to a floor.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.table import Table

from evals.floors import Verdict
from evals.how_judged import HOW_JUDGED, index_note
from evals.metrics import METRIC_KEYS, SUMMARY_KEYS, TYPES
from evals.plots import plot_latency, plot_metrics
from evals.progress import clip
from evals.records import Record, SetResult

PROBLEM_CHARS = 160  # of each problem in the failures table
ANSWER_CHARS = 600  # of each answer in the failures table

Groups = Mapping[str, Mapping[str, float | None]]
LABELS = {
    "hit@1": "retrieval hit@1",
    "hit@3": "retrieval hit@3",
    "hit@5": "retrieval hit@5",
    "mrr": "retrieval MRR",
    "all_sources@5": "all sources in top 5 (multi)",
    "key_fact_recall": "key-fact recall",
    "answer_first": "key facts in the first sentence",
    "answer_words_p50": "answer words p50",
    "answer_words_p90": "answer words p90",
    "conversation_subject": "conversation turns on subject",
    "followup_subject": "follow-up turns on subject",
    "new_subject_subject": "own-subject turns on subject",
    "claims_accuracy": "claims: accuracy",
    "paraphrase_supported": "claims: paraphrases supported",
    "contradictions_caught": "claims: contradictions caught",
    "not_stated_supported": "claims: not-stated judged supported",
    "contradicted_supported": "claims: contradicted judged supported (n)",
    "verify_p50_s": "claims: verify p50 (s)",
    "citation_validity": "citation validity",
    "citation_support": "citation support (pipeline judge)",
    "citation_support_strict": "citation support (strict judge)",
    "refusal_accuracy": "refusal accuracy (unanswerable)",
    "false_refusal_rate": "false refusals (fact + multi)",
    "injection_success_rate": "injection success",
    "planted_citation_rate": "answers citing a planted doc",
    "sides_found": "sides found (contested)",
    "false_disagreement_rate": "false disagreements (fact + multi)",
    "p50_total_s": "latency p50 total (s)",
    "p95_total_s": "latency p95 total (s)",
    "p50_retrieve_s": "latency p50 retrieve (s)",
    "p95_retrieve_s": "latency p95 retrieve (s)",
    "p50_generate_s": "latency p50 generate (s)",
    "p95_generate_s": "latency p95 generate (s)",
    "questions": "questions",
}
ROWS = (
    *METRIC_KEYS,
    *SUMMARY_KEYS,
    "p50_total_s",
    "p95_total_s",
    "p50_retrieve_s",
    "p95_retrieve_s",
    "p50_generate_s",
    "p95_generate_s",
    "questions",
)


def fmt(value: float | None, key: str = "") -> str:
    """A metric as the report prints it: counts whole, seconds to two decimals, shares to three, "—"
    when not measured (the page's Evals mode prints it the same way)."""
    if value is None:
        return "—"
    if key in ("questions", "contradicted_supported") or key.startswith("answer_words"):
        return f"{value:.0f}"
    return f"{value:.2f}" if key.endswith("_s") else f"{value:.3f}"


def _floor_cells(verdict: Verdict | None) -> tuple[str, str, str]:
    if verdict is None:
        return "", "", ""
    sign = "≥" if verdict.floor.direction == "min" else "≤"
    target = "" if verdict.floor.target is None else f"{sign} {verdict.floor.target:g}"
    return f"{sign} {verdict.floor.floor:g}", target, verdict.status


def _table_rows(groups: Groups, verdicts: Sequence[Verdict]) -> tuple[list[str], list[list[str]]]:
    by_metric = {v.floor.metric: v for v in verdicts}
    columns = ["overall", *[t for t in TYPES if t in groups]]
    rows = []
    for key in ROWS:
        cells = [fmt(groups[c].get(key), key) for c in columns]
        rows.append([LABELS.get(key, key), *cells, *_floor_cells(by_metric.get(key))])
    return ["metric", *columns, "floor", "target", "status"], rows


def console_table(groups: Groups, verdicts: Sequence[Verdict]) -> Table:
    header, rows = _table_rows(groups, verdicts)
    table = Table(title="Eval results", show_lines=False)
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right")
    colour = {"PASS": "green", "FAIL": "bold red", "n/a": "dim"}
    for row in rows:
        status = row[-1]
        table.add_row(*row[:-1], f"[{colour[status]}]{status}[/]" if status else "")
    return table


KIND_ROWS = (
    "questions",
    "key_fact_recall",
    "answer_first",
    "refusal_accuracy",
    "false_refusal_rate",
    "answer_words_p50",
)


def _kind_rows(by_kind: Groups) -> tuple[list[str], list[list[str]]]:
    kinds = list(by_kind)
    rows = [[LABELS.get(k, k), *[fmt(by_kind[c].get(k), k) for c in kinds]] for k in KIND_ROWS]
    return ["metric", *kinds], rows


def kind_table(by_kind: Groups) -> Table:
    header, rows = _kind_rows(by_kind)
    table = Table(title="By answer kind (fact, multi and unanswerable questions)")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    return table


def kind_markdown(by_kind: Groups) -> str:
    return "## By answer kind\n\n" + markdown_table(*_kind_rows(by_kind)) if by_kind else ""


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def write_all(
    out: Path,
    manifest: Mapping[str, Any],
    groups: Groups,
    verdicts: Sequence[Verdict],
    records: Sequence[Record],
    by_kind: Groups | None = None,
    extra: Mapping[str, SetResult] | None = None,
) -> None:
    """latest.json, the two plots and report.md in `out` (made when missing)."""
    out.mkdir(parents=True, exist_ok=True)
    extra = extra or {}
    payload = {
        "manifest": manifest,
        "summary": groups,
        "by_kind": by_kind or {},
        "floors": [v.as_json() for v in verdicts],
        "records": [r.as_json() for r in records],
        **{name: result.as_json() for name, result in extra.items()},
    }
    (out / "latest.json").write_text(
        json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    plot_metrics(groups, LABELS, out / "metrics_by_type.png")
    plot_latency(records, out / "latency.png")
    sections = [kind_markdown(by_kind or {}), *(result.section for result in extra.values())]
    (out / "report.md").write_text(markdown(manifest, groups, verdicts, records, sections), encoding="utf-8")


def markdown(
    manifest: Mapping[str, Any],
    groups: Groups,
    verdicts: Sequence[Verdict],
    records: Sequence[Record],
    sections: Sequence[str] = (),
) -> str:
    failed = [v.floor.metric for v in verdicts if v.status == "FAIL"]
    verdict = f"**Below the floor: {', '.join(failed)}.**" if failed else "**All floors met.**"
    errors = [r for r in records if r.error]
    parts = [
        "# Eval report",
        f"{manifest['date']} · {manifest['questions']} questions · backend `{manifest['backend']}` "
        f"(`{manifest['model']}`) · embeddings `{manifest['embedding_model']}` · "
        f"{manifest['duration_s']:.0f} s",
        verdict + (f" {len(errors)} question(s) raised an error." if errors else ""),
        "## Metrics",
        markdown_table(*_table_rows(groups, verdicts)),
        "Floors are checked on the overall column; `evals/floors.yaml` holds them (a `stretch` section "
        "replaces them when the run matches it, e.g. an Ollama model).",
        "![metrics by question type](metrics_by_type.png)",
        "![latency per question](latency.png)",
        *sections,
        "## How it is judged",
        index_note(manifest),
        HOW_JUDGED,
        f"## Failures ({sum(1 for r in records if r.problems)} of {len(records)} questions)",
        failures_table(records),
        "## Run manifest",
        "```json\n" + json.dumps(manifest, indent=1, ensure_ascii=False) + "\n```",
    ]
    return "\n\n".join(parts) + "\n"


def failures_table(records: Sequence[Record]) -> str:
    rows = []
    for r in records:
        if not r.problems:
            continue
        facts = "; ".join(" / ".join(f) for f in r.key_facts) or "(refusal)"
        cites = "<br>".join(
            f"[{c['n']}] {c['source']}:{c['line_start']}-{c['line_end']}" for c in r.citations
        )
        problems = "<br>".join(clip(p, PROBLEM_CHARS) for p in r.problems)
        rows.append(
            [f"`{r.id}` ({r.type})", problems, r.question, facts, clip(r.answer, ANSWER_CHARS), cites]
        )
    if not rows:
        return "None."
    return markdown_table(["id", "why", "question", "expected facts", "answer", "citations"], rows)
