"""Candidates: drafted golden items → `evals/candidates.yaml` and back, for `rag eval review` to go through.

What a candidate carries: a question, key facts that are exact spans of its document, the span, the
answer kind, `hard` when retrieval does not bring the document into the top 5, and provenance (document,
content hash, span, generator). The one decision this module owns: how a new batch merges into the file —
pending items of other documents kept, and for the documents of the batch the pending items drafted from
their current content (edited ones too) plus the new ones; the file is replaced whole, never half-written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_CANDIDATES = Path("evals/candidates.yaml")


@dataclass(frozen=True)
class Candidate:
    id: str
    question: str
    key_facts: list[list[str]]
    source: str  # document id: its path relative to the corpus folder
    start: int  # the span of the document that states the key facts
    end: int
    kind: str
    hard: bool  # retrieval does not bring the document into the top 5
    sha256: str  # the document's content hash when the candidate was drafted
    generator: str  # "template/entity-by", "ollama/llama3.2:3b", "edited" …
    type: str = "fact"

    def as_json(self) -> dict[str, Any]:
        """The `rag eval suggest --json` contract."""
        keys = ("id", "question", "key_facts", "source", "start", "end", "type", "kind", "hard")
        return {k: getattr(self, k) for k in keys}

    def golden_item(self) -> dict[str, Any]:
        """The item as the golden set holds it, provenance included."""
        item = {k: getattr(self, k) for k in ("id", "type", "kind", "question", "key_facts")}
        where = {k: getattr(self, k) for k in ("sha256", "start", "end", "generator")}
        return {**item, "sources": [self.source], "provenance": {"document": self.source, **where}}

    def as_yaml(self) -> dict[str, Any]:
        return {**self.golden_item(), "hard": self.hard}

    @classmethod
    def from_yaml(cls, raw: Mapping[str, Any]) -> Candidate:
        prov = raw.get("provenance") or {}
        return cls(
            id=str(raw["id"]),
            question=str(raw["question"]),
            key_facts=[[str(a) for a in fact] for fact in raw.get("key_facts") or []],
            source=str(prov.get("document") or (raw.get("sources") or [""])[0]),
            start=int(prov.get("start", 0)),
            end=int(prov.get("end", 0)),
            kind=str(raw.get("kind") or ""),
            hard=bool(raw.get("hard", False)),
            sha256=str(prov.get("sha256", "")),
            generator=str(prov.get("generator", "")),
            type=str(raw.get("type") or "fact"),
        )


@dataclass(frozen=True)
class Suggestion:
    candidates: list[Candidate]
    documents: dict[str, str]  # the documents candidates were drafted for → their content hash
    notes: list[str] = field(default_factory=list)  # what was skipped and why, one line each


def read_candidates(path: Path) -> list[Candidate]:
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Candidate.from_yaml(r) for r in raw if isinstance(r, dict)]


def write_candidates(path: Path, candidates: list[Candidate]) -> None:
    """Write the file whole (a temporary file renamed over it, so a reader never sees half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Candidate golden items from `rag eval suggest`; review them with `rag eval review`.\n"
    body = yaml.safe_dump([c.as_yaml() for c in candidates], sort_keys=False, allow_unicode=True, width=100)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(header + (body if candidates else "[]\n"), encoding="utf-8")
    tmp.replace(path)


def merge(path: Path, suggestion: Suggestion) -> list[Candidate]:
    """The candidates file after a run: pending items of other documents kept, and for the documents of
    this run the pending items drafted from their current content (edited ones too) plus the new ones."""
    docs = suggestion.documents
    kept = [c for c in read_candidates(path) if c.source not in docs or c.sha256 == docs[c.source]]
    ids = {c.id for c in kept}
    merged = kept + [c for c in suggestion.candidates if c.id not in ids]
    write_candidates(path, merged)
    return merged


def summary(candidates: list[Candidate]) -> dict[str, Any]:
    """Counts for the console: per document, and how many retrieval misses ("hard")."""
    per_doc: dict[str, int] = {}
    for c in candidates:
        per_doc[c.source] = per_doc.get(c.source, 0) + 1
    return {"per_document": per_doc, "hard": sum(c.hard for c in candidates), "total": len(candidates)}
