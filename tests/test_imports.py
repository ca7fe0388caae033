"""Deferred package `__init__`s (rag/imports.py): the answer path skips LlamaIndex's, every import still works."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from rag.config import Settings
from rag.imports import defer
from tests.conftest import ROOT, run_driver

ANSWER_IN_FRESH_PROCESS = """
import json, sys
from rag.answer import Assistant
from rag.config import Settings
answer = Assistant(Settings(**json.loads(sys.argv[1]))).ask("Which institute developed the Falcon models?")
loaded = [m for m in ("sqlalchemy", "llama_index.core.chat_engine.types", "llama_index.core.indices.base")
          if m in sys.modules]
core = sys.modules["llama_index.core"]
print(json.dumps({"text": answer.text, "loaded": loaded, "core_init_ran": "VectorStoreIndex" in vars(core)}))
"""


def test_a_cold_answer_imports_no_index_type_chat_engine_or_sqlalchemy(built: Settings) -> None:
    given = {"corpus_dir": str(built.corpus_dir), "index_dir": str(built.index_dir), "backend": "embedded"}
    out = run_driver(ANSWER_IN_FRESH_PROCESS, json.dumps(given), cwd=ROOT)
    assert "Technology Innovation Institute" in out["text"]
    assert out["loaded"] == []
    assert out["core_init_ran"] is False


def test_every_llama_index_import_still_works_after_the_deferral() -> None:
    code = """
import json, sys
import rag
import llama_index.core.schema
from llama_index.core.utils import set_global_tokenizer
tokenize = lambda text: text.split()
set_global_tokenizer(tokenize)  # set before the package's __init__ runs: it must survive it
from llama_index.core import Document, VectorStoreIndex
import llama_index.core
import llama_index.core.indices as indices
from llama_index.core.chat_engine import SimpleChatEngine
print(json.dumps({
    "same": indices.VectorStoreIndex is VectorStoreIndex,
    "tokenizer_kept": llama_index.core.global_tokenizer is tokenize,
    "document": Document(text="x").text,
    "chat_engine": SimpleChatEngine.__name__,
}))
"""
    out = run_driver(code, cwd=ROOT)
    assert out == {"same": True, "tokenizer_kept": True, "document": "x", "chat_engine": "SimpleChatEngine"}


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package whose `__init__` counts its runs in a file, with one submodule."""
    root = tmp_path / "deferred_pkg"
    root.mkdir()
    (root / "__init__.py").write_text(
        "from pathlib import Path\n"
        "_runs = Path(__file__).with_name('runs')\n"
        "_runs.write_text(str(int(_runs.read_text() or 0) + 1) if _runs.exists() else '1')\n"
        "ANSWER = 42\n"
    )
    (root / "leaf.py").write_text("VALUE = 'leaf'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in ("deferred_pkg", "deferred_pkg.leaf"):
        sys.modules.pop(name, None)


def test_a_deferred_package_serves_submodules_and_runs_its_init_once_on_first_use(package: Path) -> None:
    defer("deferred_pkg")
    import deferred_pkg.leaf

    assert sys.modules["deferred_pkg.leaf"].VALUE == "leaf"
    assert not (package / "runs").exists()  # the submodule came without the package's __init__
    assert deferred_pkg.ANSWER == 42  # the first name asked of the package runs its __init__
    assert deferred_pkg.ANSWER == 42
    assert (package / "runs").read_text() == "1"
    with pytest.raises(AttributeError, match="no attribute 'missing'"):
        _ = deferred_pkg.missing


def test_deferring_what_is_imported_or_missing_changes_nothing(package: Path) -> None:
    import deferred_pkg

    before = sys.modules["deferred_pkg"]
    defer("deferred_pkg")
    defer("no_such_package_here.sub")
    defer("no_such_package_here")
    assert sys.modules["deferred_pkg"] is before
    assert deferred_pkg.ANSWER == 42
    assert "no_such_package_here" not in sys.modules
