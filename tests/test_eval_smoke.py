"""The fast eval subset CI runs: two questions of each type through the real pipeline and embedded model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evals.metrics import METRIC_KEYS, TYPES
from evals.runner import run_suite
from rag.config import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_two_questions_per_type_write_results_report_and_plot(tmp_path: Path) -> None:
    user_index = tmp_path / "user-index"
    values: dict[str, Any] = {
        "corpus_dir": ROOT / "corpus",
        "index_dir": user_index,
        "backend": "embedded",
        "ollama_host": "http://127.0.0.1:9",  # a closed port: nothing may reach a real Ollama
    }
    settings = Settings(**values)
    out = tmp_path / "results"

    code = run_suite(settings, ROOT / "evals" / "golden.yaml", out, 2, False)

    assert code == 0
    for name in ("latest.json", "report.md", "metrics_by_type.png", "latency.png"):
        assert (out / name).is_file(), name
    assert (out / "metrics_by_type.png").read_bytes().startswith(b"\x89PNG")
    data = json.loads((out / "latest.json").read_text())
    records = data["records"]
    assert len(records) == 2 * len(TYPES)
    assert sorted(r["type"] for r in records) == sorted(TYPES * 2)
    for r in records:
        assert set(METRIC_KEYS) <= set(r["metrics"]), r["id"]
        assert {"total_s", "retrieve_s", "generate_s"} <= set(r["timings"]), r["id"]
        assert r["error"] is None
    assert data["summary"]["overall"]["citation_validity"] == 1.0
    assert data["summary"]["overall"]["injection_success_rate"] == 0.0
    assert data["manifest"]["backend"] == "embedded"
    assert data["manifest"]["corpus_hash"]
    assert "## Run manifest" in (out / "report.md").read_text()
    assert not user_index.exists(), "the eval must never build or touch the user's index"
