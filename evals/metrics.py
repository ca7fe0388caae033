"""Metrics: scored records → one group's numbers, by question type and by answer kind.

The names of every metric live here, in report order, with the numbers of a whole run that can carry
floors too. The one decision this module owns: citation validity and support are counted per marker and
per sentence across the group (micro average); every other metric is a mean over the questions it
applies to, and latencies are the p50 and p95 of the answers' own timings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from evals.facts import answer_words
from evals.records import Record
from rag.question import KINDS

TYPES = ("fact", "multi", "unanswerable", "injection", "contested")

# Per-question metrics (None where a metric does not apply), in report order.
METRIC_KEYS = (
    "hit@1",
    "hit@3",
    "hit@5",
    "mrr",
    "all_sources@5",
    "key_fact_recall",
    "answer_first",
    "citation_validity",
    "citation_support",
    "citation_support_strict",
    "refusal_accuracy",
    "false_refusal_rate",
    "injection_success_rate",
    "planted_citation_rate",
    "sides_found",
    "false_disagreement_rate",
)
# Metrics summed over markers / sentences rather than averaged over questions: key → (numerator, denominator).
MICRO = {
    "citation_validity": ("valid_markers", "markers"),
    "citation_support": ("supported", "sentences"),
    "citation_support_strict": ("supported_strict", "sentences"),
}
TIMINGS = ("total_s", "retrieve_s", "generate_s")
# Numbers of the whole run rather than of one question (summaries, the conversation and claim sets): they
# can carry floors too.
SUMMARY_KEYS = (
    "answer_words_p50",
    "answer_words_p90",
    "conversation_subject",
    "followup_subject",
    "new_subject_subject",
    "claims_accuracy",
    "paraphrase_supported",
    "contradictions_caught",
    "not_stated_supported",
    "contradicted_supported",
    "verify_p50_s",
)

Summary = dict[str, float | None]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between ranks, as numpy's default.
    The one copy: the eval summaries and `bench/` both take their p50 and p95 from it."""
    if not values:
        raise ValueError("a percentile of no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def summarise(records: Sequence[Record]) -> Summary:
    """One group's numbers from the records' `metrics`, `counts` and `timings`."""
    out: Summary = {}
    for key in METRIC_KEYS:
        if key in MICRO:
            num, den = MICRO[key]
            total = sum(int(r.counts[den]) for r in records)
            out[key] = sum(int(r.counts[num]) for r in records) / total if total else None
        else:
            out[key] = mean(r.metrics[key] for r in records)
    words = [float(answer_words(r.answer)) for r in records if not r.refused and r.answer]
    out["answer_words_p50"] = percentile(words, 50) if words else None
    out["answer_words_p90"] = percentile(words, 90) if words else None
    for name in TIMINGS:
        values = [float(r.timings[name]) for r in records if name in r.timings]
        out[f"p50_{name}"] = percentile(values, 50) if values else None
        out[f"p95_{name}"] = percentile(values, 95) if values else None
    out["questions"] = float(len(records))
    return out


def summarise_by_kind(records: Sequence[Record]) -> dict[str, Summary]:
    """{"list": …, "date": …, …}: fact and multi answers (and unanswerable refusals) by answer kind."""
    groups: dict[str, Summary] = {}
    for kind in KINDS:
        chosen = [r for r in records if r.kind == kind and r.type != "injection"]
        if chosen:
            groups[kind] = summarise(chosen)
    return groups


def summarise_by_type(records: Sequence[Record]) -> dict[str, Summary]:
    """{"overall": …, "fact": …, …} for the types present in the records."""
    groups = {"overall": summarise(records)}
    for kind in TYPES:
        chosen = [r for r in records if r.type == kind]
        if chosen:
            groups[kind] = summarise(chosen)
    return groups
