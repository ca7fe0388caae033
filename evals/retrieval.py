"""Retrieval metrics: a question's supporting documents + the ranked passages' documents → hit@k and MRR.

Retrieval is judged at document level: a passage hits when its `doc_id` is one of the item's sources.
hit@k looks at the top k passages; the reciprocal rank is taken on the document ranking (doc ids of the
passages, deduplicated in rank order), which is what LlamaIndex's `HitRate`/`MRR` compute. The one
decision this module owns: ranks count documents, not repeated passages of one document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def dedupe(ids: Iterable[str]) -> list[str]:
    """Ids in first-seen order, each once."""
    return list(dict.fromkeys(ids))


def hit_at_k(sources: Sequence[str], ranked_doc_ids: Sequence[str], k: int) -> float:
    """1.0 when one of the top k passages comes from a supporting document."""
    return 1.0 if set(ranked_doc_ids[:k]) & set(sources) else 0.0


def reciprocal_rank(sources: Sequence[str], ranked_doc_ids: Sequence[str]) -> float:
    """1 / rank of the first supporting document in the deduplicated document ranking; 0 when absent."""
    for rank, doc_id in enumerate(dedupe(ranked_doc_ids), start=1):
        if doc_id in sources:
            return 1.0 / rank
    return 0.0


def all_sources_at_k(sources: Sequence[str], ranked_doc_ids: Sequence[str], k: int) -> float:
    """1.0 when every supporting document has a passage among the top k."""
    return 1.0 if set(sources) <= set(ranked_doc_ids[:k]) else 0.0
