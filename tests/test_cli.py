"""The `rag` command line, run as a user runs it: a fresh process, JSON out, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_corpus

pytestmark = pytest.mark.slow


def rag(*args: str, cwd: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OLLAMA_HOST": "http://127.0.0.1:9", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "rag.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project folder with corpus/ and an index built by `rag ingest` in .rag/index (the defaults)."""
    root = tmp_path_factory.mktemp("cli")
    copy_corpus(root / "corpus")
    done = rag("ingest", "--json", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


def test_ingest_json_reports_counts_and_a_second_run_embeds_nothing(workdir: Path) -> None:
    again = rag("ingest", "--json", cwd=workdir)
    report = json.loads(again.stdout)
    assert again.returncode == 0
    assert report["unchanged"] == 2
    assert report["added"] == report["updated"] == report["removed"] == 0
    assert report["chunks_written"] == 0
    assert report["chunks_total"] > 0
    assert report["seconds"] < 5


def test_ask_json_names_the_institute_and_citations_quote_the_files(workdir: Path) -> None:
    done = rag("ask", "--json", "Which institute developed the Falcon models?", cwd=workdir)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) >= {"question", "answer", "refused", "citations", "backend", "model", "timings"}
    assert out["refused"] is False
    assert "Technology Innovation Institute" in out["answer"]
    assert out["backend"] == "spans"  # auto: nothing answers at OLLAMA_HOST, so the documents' words do
    assert {"retrieve_s", "generate_s", "total_s"} <= set(out["timings"])
    for c in out["citations"]:
        source = (workdir / "corpus" / c["source"]).read_text(encoding="utf-8")
        assert source[c["start"] : c["end"]] == c["text"]
        assert f"[{c['n']}]" in out["answer"]
    assert "rise-of-open-source-llms.md" in {c["source"] for c in out["citations"]}


def test_ask_json_refuses_what_the_corpus_does_not_cover(workdir: Path) -> None:
    done = rag("ask", "--json", "What is the boiling point of water in Fahrenheit?", cwd=workdir)
    out = json.loads(done.stdout)
    assert out["refused"] is True
    assert out["citations"] == []


def test_status_json_describes_the_index(workdir: Path) -> None:
    out = json.loads(rag("status", "--json", cwd=workdir).stdout)
    assert out["ready"] is True
    assert out["documents"] == 2
    assert out["embedding_model"] == "all-MiniLM-L6-v2"
    assert len(out["corpus_hash"]) == 64
    assert list(out) == [*STATUS_FIELDS, "uncovered", "changed_since_golden"]


# The fields `rag status --json` prints for a ready index, in order: scripts read them by name.
STATUS_FIELDS = [
    "index_dir", "ready", "version", "documents", "chunks", "embedding_model", "dimension",
    "embedding_model_matches", "last_refresh", "corpus_hash", "chroma", "sources", "flagged", "flagged_used",
]  # fmt: skip


def test_status_json_without_an_index_says_where_it_looked(workdir: Path) -> None:
    out = json.loads(rag("status", "--json", "--index", "no-index-here", cwd=workdir).stdout)
    assert list(out)[:2] == ["index_dir", "ready"]
    assert out["ready"] is False
    assert "problem" not in out
    assert out["index_dir"] == "no-index-here"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("ingest", "--corpus", "no-such-folder"), 2, "does not exist"),
        (("ask", "   "), 2, "question is empty"),
        (("ask", "--backend", "gpt", "hi"), 2, "unknown backend"),
        (("ask", "--index", "no-index-here", "Who made Falcon?"), 1, "rag ingest"),
    ],
)
def test_errors_are_one_line_with_the_contract_exit_code(
    workdir: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    done = rag(*args, cwd=workdir)
    assert done.returncode == code
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert message in lines[0]
    assert "Traceback" not in done.stderr
