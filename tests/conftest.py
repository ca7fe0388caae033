"""Shared fixtures: a small real corpus, real settings in tmp_path, the real embedder loaded once."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rag.config import Settings

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FALCON_DOC = "rise-of-open-source-llms.md"
SMALL_DOC = "open-source-contribution-to-llms.md"


def make_settings(tmp: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "corpus_dir": tmp / "corpus",
        "index_dir": tmp / "index",
        "backend": "embedded",
        # A closed port: nothing may reach a real Ollama from the tests by accident.
        "ollama_host": "http://127.0.0.1:9",
    }
    values.update(overrides)
    return Settings(**values)


def run_driver(code: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `python -c code args` in a fresh process (its own memory, sockets, imports) and return the JSON
    object it prints on its last line; fail with its stderr when it does not exit cleanly."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def copy_corpus(target: Path, names: tuple[str, ...] = (FALCON_DOC, SMALL_DOC)) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, target / name)
    return target


@pytest.fixture(scope="session")
def embedder() -> Any:
    """The real all-MiniLM-L6-v2, loaded once for the whole test session (it takes seconds)."""
    from rag.embeddings import load_embedder

    return load_embedder(Settings())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    copy_corpus(tmp_path / "corpus")
    return make_settings(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    """A real index (Chroma on disk + BM25) of two corpus documents, shared by a test module."""
    from rag.ingest import refresh

    tmp = tmp_path_factory.mktemp("built")
    copy_corpus(tmp / "corpus")
    settings = make_settings(tmp)
    refresh(settings, embedder=embedder)
    return settings
