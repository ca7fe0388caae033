"""Records: the golden set file → `Item`s; one answered question → a `Record` the report and latest.json read.

These are the hand-offs of the eval: the runner builds a `Record` per question, scoring fills its
metrics, the summaries and the report read it, and `as_json` writes it into `latest.json`. The one decision
this module owns: the results file's field names and order (`as_json`), which pages and scripts read
back, so they stay as they were when records were dicts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


class JsonRecord:
    """A record of an extra set written as its fields, in order (subclasses are dataclasses)."""

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(cast("DataclassInstance", self))


@dataclass(frozen=True)
class Item:
    """One golden question (see the header of evals/golden.yaml)."""

    id: str
    type: str
    question: str
    key_facts: list[list[str]]
    sources: list[str]
    planted: str | None = None
    forbidden: list[str] = field(default_factory=list)
    kind: str = ""  # the answer kind the question asks for (rag.question.Kind)
    sides: list[dict[str, Any]] = field(
        default_factory=list
    )  # contested only: [{"stance", "evidence": [...]}]

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Item:
        return cls(
            id=str(raw["id"]),
            type=str(raw["type"]),
            question=str(raw["question"]),
            key_facts=[[str(a) for a in fact] for fact in raw.get("key_facts") or []],
            sources=[str(s) for s in raw.get("sources") or []],
            planted=raw.get("planted"),
            forbidden=[str(f) for f in raw.get("forbidden") or []],
            kind=str(raw.get("kind") or ""),
            sides=[dict(side) for side in raw.get("sides") or []],
        )


def load_list(path: Path) -> list[dict[str, Any]]:
    """A YAML list of items (the claim set, the conversation set), as plain mappings."""
    return list(yaml.safe_load(path.read_text(encoding="utf-8")) or [])


def load_suite(path: Path, limit_per_type: int | None = None) -> list[Item]:
    """The golden items in file order; with a limit, only the first N of each type."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    items = [Item.from_dict(r) for r in raw]
    if limit_per_type is None:
        return items
    seen: dict[str, int] = {}
    chosen = []
    for item in items:
        seen[item.type] = seen.get(item.type, 0) + 1
        if seen[item.type] <= limit_per_type:
            chosen.append(item)
    return chosen


@dataclass(frozen=True)
class Retrieved:
    """One passage retrieval ranked for the question, as the results file lists it."""

    doc_id: str
    section: str
    score: float
    dense: float
    bm25: float


@dataclass(frozen=True)
class Scored:
    """What scoring found for one question."""

    metrics: dict[str, float | None]
    counts: dict[str, int]
    problems: list[str]  # why this question failed a check, one short phrase each


@dataclass
class Record:
    """One golden question as asked, answered and scored.

    `error` is set (and the answer's own fields left at their defaults) when asking raised; the results
    file then leaves out what only an answer has (backend, model, note, draft, dropped, disagreements).
    """

    id: str
    type: str
    question: str
    key_facts: list[list[str]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    retrieved: list[Retrieved] = field(default_factory=list)
    answer: str = ""
    refused: bool = False
    mode: str = ""
    backend: str = ""
    model: str = ""
    note: str = ""
    draft: str = ""
    dropped: list[str] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)  # rag.answer.Citation fields
    disagreements: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    metrics: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    index: str = ""  # which temporary index answered it: "clean" or "planted"
    kind: str = ""

    @property
    def retrieved_doc_ids(self) -> list[str]:
        return [p.doc_id for p in self.retrieved]

    def as_json(self) -> dict[str, Any]:
        """The record as latest.json holds it."""
        head: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "question": self.question,
            "key_facts": self.key_facts,
            "sources": self.sources,
            "retrieved": [vars(p).copy() for p in self.retrieved],
            "retrieved_doc_ids": self.retrieved_doc_ids,
        }
        if self.error is not None:
            answer: dict[str, Any] = {
                "answer": self.answer,
                "refused": self.refused,
                "mode": self.mode,
                "citations": self.citations,
                "timings": self.timings,
                "error": self.error,
            }
        else:
            answer = {
                "answer": self.answer,
                "refused": self.refused,
                "mode": self.mode,
                "backend": self.backend,
                "model": self.model,
                "note": self.note,
                "draft": self.draft,
                "dropped": self.dropped,
                "citations": self.citations,
                "disagreements": self.disagreements,
                "timings": self.timings,
                "error": None,
            }
        tail = {"metrics": self.metrics, "counts": self.counts, "problems": self.problems}
        return {**head, **answer, **tail, "index": self.index, "kind": self.kind}


@dataclass(frozen=True)
class SetResult:
    """The conversation or the claim set's results: its summary, its records and its report section."""

    summary: dict[str, Any]
    records: list[dict[str, Any]]
    section: str  # markdown, as the set's own module words it

    def as_json(self) -> dict[str, Any]:
        return {"summary": self.summary, "records": self.records}
