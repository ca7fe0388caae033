"""Refreshing the index: incremental by content hash, versioned, locked, never losing the previous index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from rag import store
from rag.config import Settings
from rag.errors import IndexBusy
from rag.ingest import refresh
from rag.sections import SECTIONING
from tests.conftest import CORPUS, make_settings


def chroma_ids(settings: Settings) -> set[str]:
    version = store.current_version(settings.index_dir)
    assert version
    return {n.node_id for n in store.live_nodes(settings, settings.index_dir, version)}


def test_first_refresh_adds_every_document_with_positions_and_sections(
    settings: Settings, embedder: Any
) -> None:
    report = refresh(settings, embedder=embedder)
    assert sorted(report.added) == sorted(p.name for p in settings.corpus_dir.iterdir())
    assert report.chunks_written == report.chunks_total > 0
    manifest = store.load_manifest(settings.index_dir)
    assert chroma_ids(settings) == {c for d in manifest.documents.values() for c in d.chunk_ids}
    version = store.current_version(settings.index_dir)
    assert version
    node = store.live_nodes(settings, settings.index_dir, version)[0]
    source = (settings.corpus_dir / node.metadata["doc_id"]).read_text()
    assert source[node.metadata["start"] : node.metadata["end"]] == node.get_content()
    assert {"title", "section", "line_start", "line_end"} <= set(node.metadata)


def test_second_refresh_of_an_unchanged_corpus_embeds_nothing_and_writes_nothing(
    settings: Settings, embedder: Any
) -> None:
    first = refresh(settings, embedder=embedder)
    second = refresh(settings, embedder=embedder)
    assert second.chunks_written == 0
    assert not second.changed
    assert second.version == first.version
    assert len(list(store.versions_dir(settings.index_dir).iterdir())) == 1


def test_refresh_removes_chunks_of_deleted_documents(settings: Settings, embedder: Any) -> None:
    refresh(settings, embedder=embedder)
    gone = sorted(settings.corpus_dir.iterdir())[0]
    gone_ids = set(store.load_manifest(settings.index_dir).documents[gone.name].chunk_ids)
    gone.unlink()
    report = refresh(settings, embedder=embedder)
    assert report.removed == [gone.name]
    assert not gone_ids & chroma_ids(settings)
    assert gone.name not in store.load_manifest(settings.index_dir).documents


def test_refresh_reembeds_only_the_changed_document(settings: Settings, embedder: Any) -> None:
    refresh(settings, embedder=embedder)
    target = sorted(settings.corpus_dir.iterdir())[0]
    target.write_text(target.read_text() + "\n\nA new closing paragraph about Falcon 2.\n")
    report = refresh(settings, embedder=embedder)
    assert report.updated == [target.name]
    assert len(report.unchanged) == 1
    manifest = store.load_manifest(settings.index_dir)
    assert report.chunks_written == len(manifest.documents[target.name].chunk_ids)
    assert chroma_ids(settings) == {c for d in manifest.documents.values() for c in d.chunk_ids}


def test_a_document_that_becomes_unreadable_keeps_its_previous_chunks(
    settings: Settings, embedder: Any
) -> None:
    refresh(settings, embedder=embedder)
    target = sorted(settings.corpus_dir.iterdir())[0]
    before = set(store.load_manifest(settings.index_dir).documents[target.name].chunk_ids)
    target.write_bytes(b"\xff\xfe\x00garbage" + bytes(range(256)))  # now binary
    report = refresh(settings, embedder=embedder)
    assert target.name in report.kept
    assert any(s.id == target.name for s in report.skipped)
    assert before <= chroma_ids(settings)


def test_refresh_converges_to_a_clean_build(tmp_path: Path, embedder: Any) -> None:
    incremental = make_settings(tmp_path / "a")
    (tmp_path / "a" / "corpus").mkdir(parents=True)
    names = sorted(p.name for p in CORPUS.glob("*.md"))
    for name in names[:3]:
        shutil.copy(CORPUS / name, incremental.corpus_dir / name)
    refresh(incremental, embedder=embedder)
    (incremental.corpus_dir / names[0]).unlink()
    shutil.copy(CORPUS / names[3], incremental.corpus_dir / names[3])
    refresh(incremental, embedder=embedder)

    clean = make_settings(tmp_path / "b")
    shutil.copytree(incremental.corpus_dir, clean.corpus_dir)
    refresh(clean, embedder=embedder)
    assert chroma_ids(incremental) == chroma_ids(clean)
    assert (
        store.load_manifest(incremental.index_dir).corpus_hash
        == store.load_manifest(clean.index_dir).corpus_hash
    )


def test_a_second_writer_is_turned_away_with_a_message(settings: Settings, embedder: Any) -> None:
    with store.writer_lock(settings.index_dir), pytest.raises(IndexBusy, match="another refresh"):
        refresh(settings, embedder=embedder)


def test_changing_the_chunk_settings_rebuilds_and_says_so(settings: Settings, embedder: Any) -> None:
    refresh(settings, embedder=embedder)
    changed = settings.model_copy(update={"chunk_size": 96})
    report = refresh(changed, embedder=embedder)
    assert "rebuilt" in report.note
    assert len(report.added) == 2
    assert store.load_manifest(settings.index_dir).chunk_size == 96


def test_an_index_split_into_sections_the_old_way_is_rebuilt(settings: Settings, embedder: Any) -> None:
    """Section paths are embedded with each chunk: an index built before a change to how documents are
    split into sections would keep answering from the old paths, so the next refresh rebuilds it."""
    first = refresh(settings, embedder=embedder)
    path = store.versions_dir(settings.index_dir) / first.version / "manifest.json"
    raw = json.loads(path.read_text())
    raw.pop("sectioning")  # a manifest written before sectioning was recorded
    path.write_text(json.dumps(raw))
    report = refresh(settings, embedder=embedder)
    assert "rebuilt" in report.note
    assert store.load_manifest(settings.index_dir).sectioning == SECTIONING


def test_a_killed_refresh_leaves_debris_that_the_next_refresh_sweeps(
    settings: Settings, embedder: Any
) -> None:
    first = refresh(settings, embedder=embedder)
    debris = store.versions_dir(settings.index_dir) / "v-killed-midway"
    (debris / "chroma").mkdir(parents=True)
    (debris / "chroma" / "chroma.sqlite3").write_bytes(b"half written")
    assert store.current_version(settings.index_dir) == first.version  # readers never see the debris
    (settings.corpus_dir / "new.md").write_text("# New\n\nMistral 7B is an open model.\n")
    refresh(settings, embedder=embedder)
    assert not debris.exists()


INDEX_STAGES = (
    "ingest",
    "plan",
    "build",
    "report",
    "store",
    "manifest",
    "versions",
    "vectors",
    "bm25",
    "damage",
)


@pytest.mark.parametrize("name", INDEX_STAGES)
def test_index_stages_do_not_reach_into_the_answer_side(name: str) -> None:
    """Ingest builds BM25 through rag.bm25 and flags injections through rag.injection: writing the index
    needs neither retrieval nor grounding."""
    import ast

    path = Path(__file__).resolve().parents[1] / "rag" / f"{name}.py"
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert not imported & {"rag.retrieve", "rag.grounding", "rag.answer"}
