"""Floors: `evals/floors.yaml` + the run's overall numbers → a verdict per metric (PASS, FAIL or n/a).

The one decision this module owns: which floors apply to a run — the base ones, replaced by the
`stretch` entries when `stretch.when` matches the run (e.g. `backend: ollama`) — and that a floor is met
within a hair of rounding (`TOLERANCE`), never by rounding the value up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FLOORS = Path(__file__).with_name("floors.yaml")
TOLERANCE = 1e-9  # float noise of a mean, not a margin: 0.9499 still fails a floor of 0.95


@dataclass(frozen=True)
class Floor:
    metric: str
    direction: str  # "min": the value must be >= floor; "max": <= floor
    floor: float
    target: float | None = None


@dataclass(frozen=True)
class Verdict:
    floor: Floor
    value: float | None
    status: str  # "PASS", "FAIL" or "n/a" (no question the metric applies to)

    def as_json(self) -> dict[str, Any]:
        """The verdict as latest.json lists it under "floors"."""
        return {
            "metric": self.floor.metric,
            "direction": self.floor.direction,
            "floor": self.floor.floor,
            "target": self.floor.target,
            "value": self.value,
            "status": self.status,
        }


def read_floors(path: Path = FLOORS) -> dict[str, Any]:
    """The floors file as YAML holds it (an empty file is no floors)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return dict(raw)


def parse_floors(raw: Mapping[str, Any], backend: str) -> list[Floor]:
    """Floors from the YAML mapping; the `stretch` entries replace the base ones when `stretch.when`
    matches the run (e.g. `backend: ollama`)."""
    entries: dict[str, dict[str, Any]] = {k: dict(v) for k, v in (raw.get("metrics") or {}).items()}
    stretch = raw.get("stretch") or {}
    when = stretch.get("when") or {}
    if stretch and all({"backend": backend}.get(k) == v for k, v in when.items()):
        for metric, values in (stretch.get("metrics") or {}).items():
            entries.setdefault(metric, {}).update(values)
    floors = []
    for metric, v in entries.items():
        if v.get("direction") not in ("min", "max") or "floor" not in v:
            raise ValueError(f"floor for {metric!r} needs direction (min or max) and floor")
        target = v.get("target")
        floors.append(
            Floor(metric, v["direction"], float(v["floor"]), None if target is None else float(target))
        )
    return floors


def judge(floors: Sequence[Floor], overall: Mapping[str, float | None]) -> list[Verdict]:
    verdicts = []
    for f in floors:
        value = overall.get(f.metric)
        if value is None:
            verdicts.append(Verdict(f, None, "n/a"))
            continue
        ok = value >= f.floor - TOLERANCE if f.direction == "min" else value <= f.floor + TOLERANCE
        verdicts.append(Verdict(f, value, "PASS" if ok else "FAIL"))
    return verdicts
