"""Claims eval: `evals/claims.yaml` + an assistant → the verifier's verdicts, accuracy per kind, a confusion
matrix and the dangerous error.

Each claim goes through `Assistant.verify`, as `rag verify` does: retrieval over the whole corpus, then
the verifier on the best passages. Expected verdicts: `supported` (paraphrases, near-verbatim claims),
`contradicted` (negations, opposites, swapped roles, changed numbers/versions), `not_found` (on-topic
claims the corpus neither states nor denies). The one decision this stage owns: what counts as the
dangerous error — a contradicted or unstated claim judged supported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evals.records import JsonRecord

if TYPE_CHECKING:
    from rag.answer import Assistant

VERDICTS = ("supported", "contradicted", "not_found")
SUPPORTED_KINDS = ("paraphrase", "near_verbatim")
CONTRADICTED_KINDS = ("negation", "opposite", "swapped_role", "changed_number")
SECONDS_DIGITS = 4  # of each verification's time in the results file


@dataclass(frozen=True)
class ClaimRecord(JsonRecord):
    """One claim as the verifier judged it."""

    id: str
    kind: str
    claim: str
    expected: str
    verdict: str
    source: str  # the deciding citation's document, "" when none
    explanation: str
    seconds: float


def run(
    items: Sequence[Mapping[str, Any]],
    assistant: Assistant,
    on_done: Callable[[ClaimRecord], object] | None = None,
) -> list[ClaimRecord]:
    """One record per claim: expected and judged verdicts, the deciding source, the time taken."""
    records = []
    for item in items:
        result = assistant.verify(str(item["claim"]))
        records.append(
            ClaimRecord(
                id=str(item["id"]),
                kind=str(item["kind"]),
                claim=str(item["claim"]),
                expected=str(item["verdict"]),
                verdict=result.verdict,
                source=result.citations[0].source if result.citations else "",
                explanation=result.explanation,
                seconds=round(result.seconds, SECONDS_DIGITS),
            )
        )
        if on_done:
            on_done(records[-1])
    return records


def summarise(records: Sequence[ClaimRecord]) -> dict[str, Any]:
    """Accuracy overall and per kind, the confusion matrix (expected → judged), and the floors' metrics."""
    confusion = Counter((r.expected, r.verdict) for r in records)
    by_kind: dict[str, list[bool]] = {}
    for r in records:
        by_kind.setdefault(r.kind, []).append(r.expected == r.verdict)

    def share(kinds: Sequence[str], verdict: str) -> float | None:
        chosen = [r for r in records if r.kind in kinds]
        return sum(r.verdict == verdict for r in chosen) / len(chosen) if chosen else None

    contradicted = [r for r in records if r.expected == "contradicted"]
    seconds = sorted(float(r.seconds) for r in records)
    return {
        "claims": len(records),
        "claims_accuracy": sum(r.expected == r.verdict for r in records) / len(records) if records else None,
        "paraphrase_supported": share(("paraphrase",), "supported"),
        "contradictions_caught": share(CONTRADICTED_KINDS, "contradicted"),
        "not_stated_supported": share(("not_stated",), "supported"),
        "contradicted_supported": float(sum(r.verdict == "supported" for r in contradicted)),
        "verify_p50_s": seconds[len(seconds) // 2] if seconds else None,
        "by_kind": {k: sum(v) / len(v) for k, v in sorted(by_kind.items())},
        "confusion": {f"{e} → {j}": confusion[(e, j)] for e in VERDICTS for j in VERDICTS},
    }


def markdown(summary: Mapping[str, Any], records: Sequence[ClaimRecord]) -> str:
    """The report's section: the confusion matrix, accuracy per kind, and every dangerous error."""
    rows = ["| expected \\ judged | " + " | ".join(VERDICTS) + " |", "|---|---|---|---|"]
    for e in VERDICTS:
        rows.append(
            f"| {e} | " + " | ".join(str(summary["confusion"][f"{e} → {j}"]) for j in VERDICTS) + " |"
        )
    kinds = ["| kind | accuracy |", "|---|---|"] + [
        f"| {k} | {v:.3f} |" for k, v in summary["by_kind"].items()
    ]
    dangerous = [r for r in records if r.verdict == "supported" and r.expected != "supported"]
    listed = [f"- `{r.id}` ({r.kind}): {r.claim} — {r.explanation}" for r in dangerous] or ["None."]
    return "\n\n".join(
        [
            f"## Claim verification ({summary['claims']} claims, `evals/claims.yaml`)",
            "\n".join(rows),
            "\n".join(kinds),
            "### Dangerous errors (a contradicted or unstated claim judged supported)",
            "\n".join(listed),
        ]
    )
