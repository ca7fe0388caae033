"""Rows: one figure beside its target, and how it reads in the table and in the progress lines.

Three builders, one per kind of figure: `make_row` (a single value), `make_row` (a median over
interleaved rounds, its spread beside it) and `ratio_row` (A ÷ B from interleaved rounds).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Literal

from bench.pairs import Ratio, Series

RatioForm = Literal["x", "overhead", "share"]


@dataclass
class Row:
    section: str
    metric: str
    value: float
    unit: str  # "x", "s", "ms", "%", "MiB", "tok/s", "s/MB", "cos"
    target: str = ""  # e.g. "≤ 1.25"; empty: reported for context
    passed: bool | None = None
    note: str = ""
    spread: tuple[float, float] | None = None  # p25–p75 over the rounds, in the value's unit
    noise: bool = False  # a ratio whose two spreads overlap: shown as "within noise", not as a figure
    shown_as: str = ""  # words instead of the value ("within noise", "not comparable")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Row:
        """A row as `bench/results/latest.json` holds it (its spread a list)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if values.get("spread") is not None:
            lo, hi = values["spread"]
            values["spread"] = (float(lo), float(hi))
        return cls(**values)

    def shown(self) -> str:
        if self.shown_as:
            return self.shown_as
        if self.spread is None:
            return show(self.value, self.unit)
        lo, hi = (show(v, self.unit).rstrip("×").split(" ")[0] for v in self.spread)
        return f"{show(self.value, self.unit)} ({lo}–{hi})"

    def verdict(self) -> str:
        if self.target and self.passed is None:
            return "NOISE" if self.noise else "?"
        return "" if self.passed is None else ("PASS" if self.passed else "MISS")

    def progress(self) -> str:
        """The line printed as the figure is measured."""
        verdict = f"  target {self.target:>12}  {self.verdict()}" if self.target else ""
        return f"    {self.metric:<58} {self.shown():>22}{verdict}"


def show(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "cos":
        return f"{value:.7f}"
    if unit in ("ms", "MiB", "tok/s"):
        return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
    return f"{value:.2f} {unit}" if value < 100 else f"{value:.0f} {unit}"


def make_row(
    section: str,
    metric: str,
    value: float | Series,
    unit: str,
    limit: float | None = None,
    at_least: bool = False,
    note: str = "",
) -> Row:
    """One value, or a measured series shown as its median with its spread (p25–p75) beside it; with a
    limit, its target (at most, or `at_least`) and whether it met it (on the median)."""
    figure = value.median if isinstance(value, Series) else value
    target, passed = "", None
    if limit is not None:
        target = f"{'≥' if at_least else '≤'} {show(limit, unit)}"
        passed = figure >= limit if at_least else figure <= limit
    row = Row(section, metric, figure, unit, target, passed, note)
    if isinstance(value, Series):
        row.spread = value.spread
    return row


def ratio_row(
    section: str,
    metric: str,
    r: Ratio,
    as_: RatioForm = "x",
    limit: float | None = None,
    note: str = "",
    floor: bool = False,
) -> Row:
    """A ÷ B from interleaved rounds, as a ratio ("x"), an overhead (100 × (A÷B − 1), "overhead") or a
    share (100 × A÷B, "share"). Overlapping spreads: "within noise", passed only if even the ratio at
    the pessimistic ends of the spreads meets the limit (else undecided). `floor`: A cannot be below B
    (an overhead), so A below B is a measuring artefact, never shown as a negative figure."""

    def conv(x: float) -> float:
        return 100 * (x - 1) if as_ == "overhead" else 100 * x if as_ == "share" else x

    unit = "x" if as_ == "x" else "%"
    a, b = r.a, r.b
    detail = (
        f"{a.name} {show(a.median, 's')} ({show(a.spread[0], 's')}–{show(a.spread[1], 's')}) vs "
        f"{b.name} {show(b.median, 's')} ({show(b.spread[0], 's')}–{show(b.spread[1], 's')}), "
        f"{len(r.per_round.values)} interleaved rounds"
    )
    row = make_row(section, metric, conv(r.median), unit, limit, note=note)
    row.spread = (conv(r.spread[0]), conv(r.spread[1]))
    if r.noise:
        row.noise, row.shown_as = True, "within noise"
        row.note = f"{note}; {detail}" if note else detail
        if limit is not None:
            row.passed = True if conv(max(r.worst, 1.0 if floor else 0.0)) <= limit else None
    elif floor and r.median < 1:  # A clearly below a part of itself: the two did different work
        row.shown_as, row.passed = "not comparable", None
        row.note = f"{note}; {detail}: A below B" if note else f"{detail}: A below B"
    return row
