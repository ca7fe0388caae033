"""Plots: summaries and records → metrics_by_type.png and latency.png for the report.

matplotlib is imported inside each function (Agg backend, no display), so the rest of the eval starts
without it. The one decision this module owns: which metrics are drawn (`PLOTTED`: shares in [0, 1] that
fit one axis) and that a metric is left out of a group where it does not apply, never drawn as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from evals.metrics import METRIC_KEYS, TYPES, percentile
from evals.records import Record

Groups = Mapping[str, Mapping[str, float | None]]
# The shares plotted: every per-question metric but the finer retrieval cuts (hit@1, hit@3, all sources),
# the lead's facts, and the rates that are zero or absent on most runs.
NOT_PLOTTED = frozenset(
    {
        "hit@1",
        "hit@3",
        "all_sources@5",
        "answer_first",
        "planted_citation_rate",
        "sides_found",
        "false_disagreement_rate",
    }
)
PLOTTED = tuple(k for k in METRIC_KEYS if k not in NOT_PLOTTED)
DPI = 110  # sharp enough to read in a markdown viewer, small enough to commit


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_metrics(groups: Groups, labels: Mapping[str, str], path: Path) -> None:
    """Grouped bars: for each question type, the main metrics (absent where a metric does not apply)."""
    plt = _pyplot()
    kinds = [k for k in ("overall", *TYPES) if k in groups]
    fig, ax = plt.subplots(figsize=(11, 4.8))
    width = 0.8 / len(PLOTTED)
    cmap = plt.get_cmap("tab10")
    for j, key in enumerate(PLOTTED):
        xs = [i + (j - (len(PLOTTED) - 1) / 2) * width for i, _ in enumerate(kinds)]
        ys = [groups[k].get(key) for k in kinds]
        shown = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
        if shown:
            ax.bar([x for x, _ in shown], [y for _, y in shown], width, label=labels[key], color=cmap(j))
    ax.set_xticks(range(len(kinds)), kinds)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share")
    title = "Main metrics by question type (lower is better for false refusals and injection success)"
    _save(plt, fig, ax, path, title, ncols=3, below=-0.08)


def plot_latency(records: Sequence[Record], path: Path) -> None:
    """Bars per question in suite order: retrieval (grey) under generation (coloured by question type),
    with the p50 and p95 of the total as lines."""
    plt = _pyplot()
    timed = [r for r in records if r.timings]
    fig, ax = plt.subplots(figsize=(11, 4.2))
    retrieve = [float(r.timings.get("retrieve_s", 0.0)) for r in timed]
    generate = [float(r.timings.get("generate_s", 0.0)) for r in timed]
    ax.bar(range(len(timed)), retrieve, 0.9, color="grey", label="retrieve")
    cmap = plt.get_cmap("tab10")
    for j, kind in enumerate(TYPES):
        xs = [i for i, r in enumerate(timed) if r.type == kind]
        if xs:
            ax.bar(
                xs,
                [generate[i] for i in xs],
                0.9,
                bottom=[retrieve[i] for i in xs],
                color=cmap(j),
                label=f"generate ({kind})",
            )
    totals = [float(r.timings.get("total_s", 0.0)) for r in timed]
    for q, style in ((50, "--"), (95, ":")):
        if totals:
            value = percentile(totals, q)
            ax.axhline(value, color="black", linestyle=style, linewidth=1, label=f"p{q} total {value:.1f} s")
    ax.set_xlabel("question (suite order)")
    ax.set_ylabel("seconds")
    _save(plt, fig, ax, path, "Time per question", ncols=4, below=-0.2)


def _save(plt: Any, fig: Any, ax: Any, path: Path, title: str, ncols: int, below: float) -> None:
    """Title, the legend under the axes (`below`: its offset, in axes heights), the file, the figure closed."""
    ax.set_title(title)
    ax.legend(fontsize=7, ncols=ncols, loc="upper center", bbox_to_anchor=(0.5, below))
    fig.tight_layout()
    fig.savefig(path, dpi=DPI)
    plt.close(fig)
