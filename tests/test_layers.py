"""Layers: dependencies point one way — `evals/` and `bench/` build on `rag/`, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTER = {"evals", "bench"}


def imported_packages(path: Path) -> set[str]:
    """The top-level package of every import in a module, at any depth (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_no_module_in_rag_imports_evals_or_bench() -> None:
    modules = sorted((ROOT / "rag").rglob("*.py"))
    assert modules
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_packages(path) & OUTER)
        for path in modules
        if imported_packages(path) & OUTER
    }
    assert not wrong, f"rag/ must not import the layers built on it: {wrong}"


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from evals.runner import run_suite\n    import bench.run\n")
    assert imported_packages(module) == {"evals", "bench"}
