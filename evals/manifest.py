"""Manifest: the run's inputs and what it selected → the record of how the numbers were made.

Model, backend, embedding model, corpus documents and hash, the planted documents, each temporary index,
the suite and its hash, the settings, package versions, Python, platform and git commit — enough to rerun
the eval or tell two runs apart. The one decision this module owns: the corpus hash is `rag.store`'s, so
it is the one `rag status` shows for the same files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.metadata
import platform
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.indexes import BuiltIndex
from evals.records import Item
from rag import store
from rag.config import Settings

if TYPE_CHECKING:
    from rag.corpus import SourceFile
    from rag.llm import Selection

GIT_TIMEOUT_S = 10  # a git that hangs (a lock, a network mount) must not hang the eval


@dataclass(frozen=True)
class RunInputs:
    """What a run was asked to do, before anything was answered."""

    settings: Settings
    suite: Path
    items: list[Item]
    limit_per_type: int | None
    planted_everywhere: bool
    corpus_files: list[SourceFile]
    planted_files: list[Path]
    started: float  # time.perf_counter() when the run began


def manifest(run: RunInputs, selection: Selection, indexes: dict[str, BuiltIndex]) -> dict[str, Any]:
    settings, files = run.settings, run.corpus_files
    now = dt.datetime.now(dt.UTC)
    return {
        "date": now.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - run.started, 1),
        "backend": selection.model.backend,
        "model": selection.model.model,
        "backend_note": selection.note,
        "embedding_model": settings.embed_model,
        "embedding_backend": settings.embed_backend,
        "corpus_dir": str(settings.corpus_dir),
        "corpus_documents": [f.id for f in files],
        "corpus_hash": store.corpus_hash({f.id: f.sha256 for f in files}),
        "planted_documents": [p.name for p in run.planted_files],
        "index_mode": "planted-everywhere" if run.planted_everywhere else "split",
        "indexes": {name: dataclasses.asdict(built) for name, built in indexes.items()},
        "suite": str(run.suite),
        "suite_sha256": hashlib.sha256(run.suite.read_bytes()).hexdigest(),
        "questions": len(run.items),
        "limit_per_type": run.limit_per_type,
        "settings": settings.model_dump(mode="json"),
        "packages": package_versions(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": git_state(),
    }


def package_versions() -> dict[str, str]:
    """Installed versions of rag and of every runtime dependency it declares."""
    names = ["rag"]
    for req in importlib.metadata.requires("rag") or []:
        if "extra ==" not in req and (m := re.match(r"[A-Za-z0-9._-]+", req)):
            names.append(m.group(0))
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_state() -> dict[str, Any]:
    """The commit the code was run from and whether the work tree had uncommitted changes."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=GIT_TIMEOUT_S, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip()

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain") if commit else None
    return {"commit": commit, "dirty": bool(status) if status is not None else None}
