"""Specification of the hand-written claim-verification set in evals/claims.yaml.

These tests only read files on disk (claims.yaml and corpus/); they never run the verifier. They make sure the
set is well formed and honest: every kind has its verdict, every evidence string is an exact substring of the
corpus document it names, not-found claims carry no evidence, the per-kind floors are met, claims are spread
over all four documents, and the eight fixed anchor items e01-e08 are present exactly as specified.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CLAIMS_PATH = ROOT / "evals" / "claims.yaml"
CORPUS_DIR = ROOT / "corpus"

VERDICT_OF_KIND = {
    "paraphrase": "supported",
    "near_verbatim": "supported",
    "negation": "contradicted",
    "opposite": "contradicted",
    "swapped_role": "contradicted",
    "changed_number": "contradicted",
    "not_stated": "not_found",
}
ALLOWED_VERDICTS = {"supported", "contradicted", "not_found"}
MIN_COUNTS = {
    "paraphrase": 70,
    "near_verbatim": 30,
    "negation": 40,
    "opposite": 40,
    "swapped_role": 30,
    "changed_number": 30,
    "not_stated": 50,
}
MIN_TOTAL = 300
# Every corpus document must decide at least this many claims.
MIN_PER_SOURCE = 30
REQUIRED_KEYS = {"id", "claim", "verdict", "kind"}
OPTIONAL_KEYS = {"source", "evidence", "note"}
ID_PATTERN = re.compile(r"^(c\d{3}|e0[1-8])$")
MIN_EVIDENCE_WORDS = 4
CITATION_MARKER = re.compile(r"\[\d+\]")

ANCHORS: dict[str, dict[str, str]] = {
    "e01": {
        "claim": "Falcon was not developed by the Technology Innovation Institute (TII) in Abu Dhabi.",
        "verdict": "contradicted",
        "kind": "negation",
        "source": "rise-of-open-source-llms.md",
    },
    "e02": {
        "claim": "Meta did not release Llama 2 and Llama 3 under more permissive licenses.",
        "verdict": "contradicted",
        "kind": "negation",
        "source": "rise-of-open-source-llms.md",
    },
    "e03": {
        "claim": "The original LLaMA models were never leaked.",
        "verdict": "contradicted",
        "kind": "negation",
        "source": "rise-of-open-source-llms.md",
    },
    "e04": {
        "claim": "Open source LLMs are proprietary, controlled by corporations and designed for profitability.",
        "verdict": "contradicted",
        "kind": "swapped_role",
        "source": "open-vs-closed-source-debate.md",
    },
    "e05": {
        "claim": "Users can download and modify GPT-4 through OpenAI's API.",
        "verdict": "contradicted",
        "kind": "negation",
        "source": "open-vs-closed-source-llms-course.md",
    },
    "e06": {
        "claim": "LLaMA is freely available to the public.",
        "verdict": "contradicted",
        "kind": "negation",
        "source": "open-vs-closed-source-debate.md",
    },
    "e07": {
        "claim": "TII, based in Abu Dhabi, built the Falcon series.",
        "verdict": "supported",
        "kind": "paraphrase",
        "source": "rise-of-open-source-llms.md",
    },
    "e08": {
        "claim": "Only OpenAI's API gives access to GPT-4, which cannot be downloaded or changed.",
        "verdict": "supported",
        "kind": "paraphrase",
        "source": "open-vs-closed-source-llms-course.md",
    },
}


def _load() -> Any:
    with CLAIMS_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


RAW: Any = _load()
ITEMS: list[dict[str, Any]] = (
    [item for item in RAW if isinstance(item, dict)] if isinstance(RAW, list) else []
)


def _item_id(item: dict[str, Any]) -> str:
    return str(item.get("id", "?"))


def _parametrize(predicate: Any = None) -> pytest.MarkDecorator:
    selected = [item for item in ITEMS if predicate is None or predicate(item)]
    return pytest.mark.parametrize("item", selected, ids=[_item_id(item) for item in selected])


def _has_evidence(item: dict[str, Any]) -> bool:
    return VERDICT_OF_KIND.get(item.get("kind", "")) in {"supported", "contradicted"}


@cache
def _corpus_text(name: str) -> str:
    return (CORPUS_DIR / name).read_text(encoding="utf-8")


def _corpus_files() -> set[str]:
    return {path.name for path in CORPUS_DIR.glob("*.md")}


# ---------------------------------------------------------------------------------------------------------
# whole-file shape
# ---------------------------------------------------------------------------------------------------------


def test_file_is_a_list_of_mappings() -> None:
    assert isinstance(RAW, list), "claims.yaml must hold a YAML list"
    assert all(isinstance(item, dict) for item in RAW), "every entry must be a mapping"


def test_ids_are_unique() -> None:
    counts = Counter(_item_id(item) for item in ITEMS)
    assert not [key for key, count in counts.items() if count > 1]


def test_claims_are_unique() -> None:
    counts = Counter(str(item.get("claim", "")).strip().lower() for item in ITEMS)
    assert not [key for key, count in counts.items() if count > 1]


def test_total_count() -> None:
    assert len(ITEMS) >= MIN_TOTAL


@pytest.mark.parametrize("kind", sorted(MIN_COUNTS))
def test_minimum_count_per_kind(kind: str) -> None:
    count = sum(1 for item in ITEMS if item.get("kind") == kind)
    assert count >= MIN_COUNTS[kind], f"{kind}: {count} < {MIN_COUNTS[kind]}"


def test_corpus_has_four_documents() -> None:
    assert len(_corpus_files()) == 4


@pytest.mark.parametrize("name", sorted(_corpus_files()))
def test_every_document_decides_enough_claims(name: str) -> None:
    count = sum(1 for item in ITEMS if item.get("source") == name)
    assert count >= MIN_PER_SOURCE, f"{name}: {count} < {MIN_PER_SOURCE}"


@pytest.mark.parametrize("anchor_id", sorted(ANCHORS))
def test_anchor_items_present(anchor_id: str) -> None:
    matches = [item for item in ITEMS if item.get("id") == anchor_id]
    assert len(matches) == 1, f"{anchor_id} missing"
    item = matches[0]
    for key, expected in ANCHORS[anchor_id].items():
        assert item.get(key) == expected, f"{anchor_id}.{key}: {item.get(key)!r} != {expected!r}"


# ---------------------------------------------------------------------------------------------------------
# per-item checks
# ---------------------------------------------------------------------------------------------------------


@_parametrize()
def test_keys(item: dict[str, Any]) -> None:
    keys = set(item)
    assert not REQUIRED_KEYS - keys, f"missing {REQUIRED_KEYS - keys}"
    assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, f"unknown {keys - REQUIRED_KEYS - OPTIONAL_KEYS}"
    assert ID_PATTERN.match(str(item["id"])), item["id"]
    if "note" in item:
        assert isinstance(item["note"], str)
        assert item["note"].strip()


@_parametrize()
def test_verdict_and_kind_consistent(item: dict[str, Any]) -> None:
    assert item.get("verdict") in ALLOWED_VERDICTS
    assert item.get("kind") in VERDICT_OF_KIND
    assert VERDICT_OF_KIND[item["kind"]] == item["verdict"]


@_parametrize()
def test_claim_is_one_plain_sentence(item: dict[str, Any]) -> None:
    claim = item.get("claim")
    assert isinstance(claim, str)
    assert claim
    assert claim == claim.strip()
    assert "\n" not in claim
    assert claim.endswith("."), "a claim is a declarative sentence ending with a full stop"
    assert not claim.endswith("?")
    assert not re.search(r"[.!?]\s+\S", claim), "one sentence only"
    assert not CITATION_MARKER.search(claim), "no citation markers"


@_parametrize(_has_evidence)
def test_evidence_is_exact_substring_of_source(item: dict[str, Any]) -> None:
    source = item.get("source")
    evidence = item.get("evidence")
    assert isinstance(source, str)
    assert source in _corpus_files(), f"unknown source {source!r}"
    assert isinstance(evidence, str)
    assert evidence.strip()
    assert len(evidence.split()) >= MIN_EVIDENCE_WORDS, "evidence must be at least four words"
    assert evidence in _corpus_text(source), f"evidence not found verbatim in {source}"


@_parametrize(lambda item: item.get("verdict") == "not_found")
def test_not_found_has_no_evidence(item: dict[str, Any]) -> None:
    assert not item.get("source")
    assert not item.get("evidence")


@_parametrize(lambda item: item.get("verdict") == "contradicted")
def test_contradicted_claim_is_not_copied_from_corpus(item: dict[str, Any]) -> None:
    """A contradicted claim must not itself appear verbatim in its source (that would make it supported)."""
    claim = str(item["claim"]).rstrip(".")
    assert claim.lower() not in _corpus_text(item["source"]).lower()
