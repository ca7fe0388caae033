"""Interleaved measurement: every figure compared with a reference is measured in rounds that alternate
the two (A, B, A, B, …), so a burst of load from another job lands on both rather than on one.

Each series reports its median and its spread (the interquartile range, p25–p75). A pair whose spreads
overlap gets a few more rounds; if they still overlap, its ratio is shown as "within noise" rather than
as a figure, so a busy machine can no longer print an impossible one (a negative overhead).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from evals.metrics import percentile


@dataclass
class Series:
    """One quantity, one value per round."""

    name: str
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return percentile(self.values, 50)

    @property
    def spread(self) -> tuple[float, float]:
        return percentile(self.values, 25), percentile(self.values, 75)

    def map(self, fn: Callable[[float], float], name: str = "") -> Series:
        return Series(name or self.name, [fn(v) for v in self.values])


def overlap(a: Series, b: Series) -> bool:
    """Whether the two spreads (interquartile ranges) overlap: then the pair cannot be told apart."""
    (a_lo, a_hi), (b_lo, b_hi) = a.spread, b.spread
    return a_lo <= b_hi and b_lo <= a_hi


@dataclass
class Ratio:
    """A ÷ B over interleaved rounds: the median and spread of the per-round ratios (each A beside the B
    measured next to it), and whether A's and B's own spreads overlap."""

    a: Series
    b: Series
    per_round: Series
    noise: bool

    @property
    def median(self) -> float:
        return self.per_round.median

    @property
    def spread(self) -> tuple[float, float]:
        return self.per_round.spread

    @property
    def worst(self) -> float:
        """The ratio at the pessimistic ends of the two spreads (A's p75 ÷ B's p25)."""
        return self.a.spread[1] / self.b.spread[0] if self.b.spread[0] > 0 else float("inf")


def ratio(a: Series, b: Series) -> Ratio:
    paired = [x / y for x, y in zip(a.values, b.values, strict=False) if y > 0]
    return Ratio(a, b, Series(f"{a.name}/{b.name}", paired), overlap(a, b))


def interleave(
    one_round: Callable[[int], Mapping[str, float]],
    rounds: int,
    pairs: Sequence[tuple[str, str]] = (),
    more: int = 0,
    say: Callable[[str], None] = print,
) -> dict[str, Series]:
    """Run `one_round(k)` (which measures A, then B, … once each) `rounds` times; then, while a pair in
    `pairs` has overlapping spreads, up to `more` extra rounds. Returns each quantity's series."""
    series: dict[str, Series] = {}
    k = 0
    while True:
        for name, value in one_round(k).items():
            series.setdefault(name, Series(name)).values.append(value)
        k += 1
        if k < rounds:
            continue
        noisy = [f"{a} vs {b}" for a, b in pairs if overlap(series[a], series[b])]
        if not noisy or k >= rounds + more:
            if noisy:
                say(f"  after {k} rounds the spreads still overlap ({', '.join(noisy)}): within noise")
            return series
        say(f"  spreads overlap ({', '.join(noisy)}): round {k + 1}")
