"""Coverage: the corpus folder + the golden set → which documents have no golden questions, or changed since.

What goes in: `Settings` (the corpus folder) and the golden set's path (`evals/golden.yaml`, a YAML list).
What comes out: a `Coverage` and the one line `rag status`, `rag ingest` and `rag eval` print about it.
The one decision this module owns: when a document needs questions — no golden item lists it in `sources`,
or items accepted from it recorded a content hash (`provenance.sha256`) and none records the current one.
Hand-written items carry no hash and cover whatever version they were written against.

It lives in `rag/` because `rag status` reports it; `evals/` (which drafts and files the questions) builds
on it, never the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rag.config import Settings
from rag.errors import UsageError

DEFAULT_GOLDEN = Path("evals/golden.yaml")


@dataclass(frozen=True)
class Coverage:
    documents: dict[str, str]  # doc id → content hash
    uncovered: list[str]  # no golden item lists them
    changed: list[str]  # items accepted from them recorded another content hash

    @property
    def needs(self) -> list[str]:
        return sorted({*self.uncovered, *self.changed})


def load_golden(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise UsageError(f"{path} is not a YAML list of golden items")
    return [item for item in raw if isinstance(item, dict)]


def coverage(documents: Mapping[str, str], golden: Iterable[Mapping[str, Any]]) -> Coverage:
    """Which documents no golden item covers, and which changed since the items accepted from them."""
    listed: set[str] = set()
    hashes: dict[str, set[str]] = {}
    for item in golden:
        listed.update(str(s) for s in item.get("sources") or [])
        prov = item.get("provenance") or {}
        if prov.get("document") and prov.get("sha256"):
            hashes.setdefault(str(prov["document"]), set()).add(str(prov["sha256"]))
    uncovered = sorted(d for d in documents if d not in listed)
    changed = sorted(d for d, sha in documents.items() if d in hashes and sha not in hashes[d])
    return Coverage(dict(documents), uncovered, changed)


def corpus_documents(settings: Settings) -> dict[str, str]:
    from rag import corpus

    files, _ = corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))
    return {f.id: f.sha256 for f in files}


def corpus_coverage(settings: Settings, golden_path: Path = DEFAULT_GOLDEN) -> Coverage | None:
    """Coverage of the corpus folder by a golden set; None when there is no golden set at that path."""
    if not golden_path.is_file():
        return None
    return coverage(corpus_documents(settings), load_golden(golden_path))


def coverage_line(cov: Coverage | None) -> str:
    """One line for `rag status` and `rag eval`."""
    if cov is None:
        return "eval coverage: no golden set found"
    if not cov.needs:
        return f"eval coverage: all {len(cov.documents)} corpus documents have golden questions"
    parts = []
    if cov.uncovered:
        parts.append(f"no golden questions for {', '.join(cov.uncovered)}")
    if cov.changed:
        parts.append(f"changed since their questions were accepted: {', '.join(cov.changed)}")
    return f"eval coverage: {'; '.join(parts)} (`rag eval suggest` drafts some)"


def ingest_hint(settings: Settings, new: list[str], golden_path: Path = DEFAULT_GOLDEN) -> str | None:
    """The line `rag ingest` ends with when documents it just added or updated have no golden questions."""
    if not new:
        return None
    try:
        cov = corpus_coverage(settings, golden_path)
    except Exception:  # a hint must never fail a refresh
        return None
    lacking = [d for d in new if cov is not None and d in cov.needs]
    if not lacking:
        return None
    shown = ", ".join(lacking[:3]) + (f" and {len(lacking) - 3} more" if len(lacking) > 3 else "")
    return f"no eval questions yet for {shown}: `rag eval suggest` drafts some, `rag eval review` files them"
