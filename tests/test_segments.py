"""A refresh writes only its own chunks (a segment) and reads the rest where earlier refreshes wrote them:
what it costs does not grow with the index, and what readers get is what a build from scratch gives."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from rag import bm25, store
from rag.build import merged_segments
from rag.config import Settings
from rag.errors import IndexDamaged
from rag.ingest import refresh
from rag.retrieve import Retriever
from tests.conftest import FALCON_DOC, copy_corpus, make_settings

# Ten small documents of distinct subjects, so each question has one right passage.
SUBJECTS = {
    "falcon": "Falcon was released by the Technology Innovation Institute in Abu Dhabi in 2023.",
    "llama": "LLaMA was released by Meta to researchers under a non-commercial licence in February 2023.",
    "mistral": "Mistral 7B is a model of seven billion parameters from a startup based in Paris.",
    "bloom": "BLOOM was trained by the BigScience workshop on the Jean Zay supercomputer near Paris.",
    "gptj": "GPT-J was trained by EleutherAI, a grassroots collective of volunteer researchers.",
    "pythia": "Pythia is a suite of sixteen models trained on the Pile in the same order.",
    "olmo": "OLMo comes with its training data, code and intermediate checkpoints from the Allen Institute.",
    "phi": "Phi models from Microsoft were trained on textbook quality synthetic data.",
    "gemma": "Gemma models from Google share research with Gemini and ship with usage terms.",
    "qwen": "Qwen models from Alibaba Cloud cover many languages and come in many sizes.",
}


def write_corpus(corpus: Path, texts: dict[str, str]) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (corpus / f"{name}.md").write_text(f"# {name.title()}\n\n{text}\n\nIt is discussed in this report.\n")


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def grown(tmp_path: Path, embedder: Any) -> Settings:
    settings = make_settings(tmp_path)
    write_corpus(settings.corpus_dir, SUBJECTS)
    refresh(settings, embedder=embedder)
    return settings


def test_a_changed_document_is_written_alone_and_the_earlier_segment_is_left_untouched(
    grown: Settings, embedder: Any
) -> None:
    base = store.load_manifest(grown.index_dir)
    old_folder = store.versions_dir(grown.index_dir) / base.version
    before = {k: v for k, v in fingerprint(old_folder).items() if k != "manifest.json"}
    old_falcon = set(base.documents["falcon.md"].chunk_ids)
    write_corpus(
        grown.corpus_dir, {"falcon": "Falcon 180B was trained on 3.5 trillion tokens of RefinedWeb."}
    )

    report = refresh(grown, embedder=embedder)

    manifest = store.load_manifest(grown.index_dir)
    assert report.chunks_written == len(manifest.documents["falcon.md"].chunk_ids) < manifest.chunk_count
    assert list(manifest.segments) == [base.version, manifest.version]
    assert manifest.segments[manifest.version].count == report.chunks_written  # only the changed document
    assert manifest.segments[base.version].count == base.chunk_count  # the replaced chunks stay, not live
    assert {k: v for k, v in fingerprint(old_folder).items() if k != "manifest.json"} == before
    # Readers get the new text and never the replaced chunks, though these are still in the old segment.
    passages = Retriever(grown, embedder).retrieve("Who released Falcon, in Abu Dhabi?", top_k=10)
    assert not {p.chunk.id for p in passages} & old_falcon
    assert any("RefinedWeb" in p.chunk.text for p in passages)
    assert not any("Technology Innovation Institute" in p.chunk.text for p in passages)


def test_a_removed_document_is_found_neither_by_meaning_nor_by_its_words(
    grown: Settings, embedder: Any
) -> None:
    (grown.corpus_dir / "pythia.md").unlink()
    refresh(grown, embedder=embedder)
    retriever = Retriever(grown, embedder)
    question = "Pythia is a suite of sixteen models trained on the Pile in the same order"
    assert not [p for p in retriever.retrieve(question, top_k=20) if p.chunk.doc_id == "pythia.md"]
    assert not retriever.naming("Pythia", top_k=20)
    manifest = store.load_manifest(grown.index_dir)
    assert "pythia" not in bm25.load(grown.index_dir, manifest, manifest.live()).live_ids()


def ranking(settings: Settings, embedder: Any, question: str) -> list[tuple[str, float, float]]:
    return [
        (p.chunk.text, round(p.dense, 6), round(p.bm25, 6))
        for p in Retriever(settings, embedder).retrieve(question, top_k=20)
    ]


def test_an_index_grown_by_refreshes_ranks_as_one_built_from_scratch(
    grown: Settings, embedder: Any, tmp_path: Path
) -> None:
    # Three refreshes: a changed document, a removed one, an added one; then the same corpus from scratch.
    write_corpus(grown.corpus_dir, {"mistral": "Mistral 7B and Mixtral 8x7B come from Mistral AI in Paris."})
    refresh(grown, embedder=embedder)
    (grown.corpus_dir / "phi.md").unlink()
    refresh(grown, embedder=embedder)
    write_corpus(grown.corpus_dir, {"yi": "Yi models from 01.AI were trained on English and Chinese text."})
    refresh(grown, embedder=embedder)
    assert len(store.load_manifest(grown.index_dir).segments) > 1

    fresh = make_settings(tmp_path / "fresh", corpus_dir=grown.corpus_dir)
    refresh(fresh, embedder=embedder)
    assert len(store.load_manifest(fresh.index_dir).segments) == 1
    for question in (
        "Where is Mistral AI based?",
        "Which models were trained on textbook data?",
        "Who trained BLOOM and where?",
        "Which languages was Yi trained on?",
    ):
        # BM25 weighs words by the live chunks of all segments: the scores are those of one index.
        # (a vector embedded in another batch may differ in its last bits: ONNX pads each batch to its
        # longest text, so the dense scores agree to float noise, the order exactly)
        ours, theirs = ranking(grown, embedder, question), ranking(fresh, embedder, question)
        assert [text for text, _, _ in ours] == [text for text, _, _ in theirs], question
        scores = [x for _, dense, bm25 in ours for x in (dense, bm25)]
        assert scores == pytest.approx([x for _, dense, bm25 in theirs for x in (dense, bm25)], abs=1e-5), (
            question
        )


def test_a_refresh_reads_each_manifest_once(
    grown: Settings, embedder: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A manifest lists every chunk id (~0.1 s to read at 100k chunks): a refresh reads the current one
    # once, before its lock, and the one before it for the sweep; not once for every step that needs it.
    write_corpus(grown.corpus_dir, {"gemma": f"{SUBJECTS['gemma']} Revised once."})
    refresh(grown, embedder=embedder)
    before = store.load_manifest(grown.index_dir)
    assert before.previous
    parsed: list[str] = []
    from_json = store.Manifest.from_json

    def counted(text: str) -> store.Manifest:
        parsed.append(json.loads(text)["version"])
        return from_json(text)

    monkeypatch.setattr(store.Manifest, "from_json", staticmethod(counted))
    write_corpus(grown.corpus_dir, {"gemma": f"{SUBJECTS['gemma']} Revised twice."})
    report = refresh(grown, embedder=embedder)
    assert report.updated == ["gemma.md"]
    assert sorted(parsed) == sorted([before.version, before.previous])
    monkeypatch.undo()
    after = store.load_manifest(grown.index_dir)
    assert after.previous == before.version
    # The sweep kept what it keeps when it reads every manifest: the two versions and their segments.
    kept = {p.name for p in store.versions_dir(grown.index_dir).iterdir()}
    assert kept == {after.version, before.version, *after.segments, *before.segments}


def test_segments_stay_few_however_many_refreshes(grown: Settings, embedder: Any) -> None:
    for round_ in range(6):
        for name in ("gemma", "qwen", "olmo"):  # each refresh changes another document, or the same again
            write_corpus(grown.corpus_dir, {name: f"{SUBJECTS[name]} Revision {round_} of the {name} notes."})
            refresh(grown, embedder=embedder)
    manifest = store.load_manifest(grown.index_dir)
    assert len(manifest.segments) <= 3, manifest.segments
    live = manifest.live()
    for name, segment in manifest.segments.items():
        assert live[name], f"segment {name} holds nothing live but is still read"
        assert segment.count <= 2 * len(live[name]), "a segment mostly of replaced chunks was kept"
    kept = {p.name for p in store.versions_dir(grown.index_dir).iterdir()}
    assert set(manifest.segments) <= kept  # the sweep never deletes a segment the version reads
    nodes = store.live_nodes(grown, grown.index_dir, manifest.version)
    assert sorted(n.node_id for n in nodes) == sorted(
        c for d in manifest.documents.values() for c in d.chunk_ids
    )
    assert any("Revision 5 of the olmo notes" in n.get_content() for n in nodes)


def test_which_segments_merge() -> None:
    base = store.Manifest(
        "v3",
        "m",
        384,
        256,
        32,
        0.0,
        segments={"v1": store.Segment(1000), "v2": store.Segment(40), "v3": store.Segment(30)},
    )
    live = {
        "v1": {f"a{i}" for i in range(990)},
        "v2": {f"b{i}" for i in range(40)},
        "v3": {f"c{i}" for i in range(30)},
    }
    # 25 new chunks take in v3 (30 ≤ 2×25) and then v2 (40 ≤ 2×55), never the big v1.
    assert merged_segments(base, live, 25) == {"v2", "v3"}
    # 10 new chunks are too few to take in v3: each stays as it is.
    assert merged_segments(base, live, 10) == set()
    # A segment holding more replaced chunks than live ones is merged whatever its size.
    live["v1"] = {f"a{i}" for i in range(400)}
    assert merged_segments(base, live, 10) == {"v1"}
    assert merged_segments(None, {}, 10) == set()


def test_an_index_of_the_earlier_layout_is_rebuilt_and_says_why(grown: Settings, embedder: Any) -> None:
    path = (
        store.versions_dir(grown.index_dir) / store.load_manifest(grown.index_dir).version / "manifest.json"
    )
    raw = json.loads(path.read_text())
    del raw["segments"], raw["layout"]
    path.write_text(json.dumps(raw))
    with pytest.raises(IndexDamaged, match=r"earlier version of rag.*rag ingest --rebuild"):
        Retriever(grown, embedder)
    report = refresh(grown, embedder=embedder)
    assert "another layout" in report.note
    assert Retriever(grown, embedder).retrieve("Who trained GPT-J?", top_k=3)


def test_a_removal_alone_writes_no_segment(grown: Settings, embedder: Any) -> None:
    base = store.load_manifest(grown.index_dir)
    (grown.corpus_dir / "gptj.md").unlink()
    report = refresh(grown, embedder=embedder)
    manifest = store.load_manifest(grown.index_dir)
    assert report.removed == ["gptj.md"]
    assert report.chunks_written == 0
    assert list(manifest.segments) == [base.version]
    assert not (store.versions_dir(grown.index_dir) / manifest.version / "chroma").exists()
    found = [p.chunk.doc_id for p in Retriever(grown, embedder).retrieve("Who trained GPT-J?", top_k=5)]
    assert found
    assert "gptj.md" not in found


def test_a_merge_copies_the_live_chunk_not_a_replaced_one_of_the_same_id(
    tmp_path: Path, embedder: Any
) -> None:
    # A heading reworded to the same length keeps the ids of the chunks under it (an id hashes a chunk's
    # place and text, not its section): the first segment then holds replaced chunks, of the old
    # section, under the ids of live ones in the second. A later merge of both must copy the live ones.
    settings = make_settings(tmp_path)
    copy_corpus(settings.corpus_dir, (FALCON_DOC,))
    many = {f"note{i:02}": f"Note {i} on model number {i} and its licence terms." for i in range(40)}
    write_corpus(settings.corpus_dir, many)
    refresh(settings, embedder=embedder)
    first = store.load_manifest(settings.index_dir)
    falcon = settings.corpus_dir / FALCON_DOC
    old, new = "What Exactly Are Open Source LLMs?", "What Precisely Is An Open Model???"
    falcon.write_text(falcon.read_text().replace(old, new, 1))
    refresh(settings, embedder=embedder)
    second = store.load_manifest(settings.index_dir)
    assert list(second.segments) == [first.version, second.version]
    assert set(first.documents[FALCON_DOC].chunk_ids) & set(second.documents[FALCON_DOC].chunk_ids)

    write_corpus(settings.corpus_dir, {k: v + " Revised." for k, v in list(many.items())[:25]})
    refresh(settings, embedder=embedder)

    third = store.load_manifest(settings.index_dir)
    assert list(third.segments) == [third.version]  # both merged: the first was mostly replaced chunks
    nodes = store.live_nodes(settings, settings.index_dir, third.version)
    ids = [n.node_id for n in nodes]
    assert len(ids) == len(set(ids)) == third.chunk_count == third.segments[third.version].count
    sections = {n.metadata["section"] for n in nodes if n.metadata["doc_id"] == FALCON_DOC}
    assert any(new in section for section in sections)
    assert not any(old in section for section in sections)
