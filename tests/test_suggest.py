"""Specification of the growing eval set: `rag eval suggest` drafts golden questions for documents the golden
set does not cover, `rag eval review` files them, and coverage is shown by `rag status` and `rag ingest`.

Everything runs on real parts: the four corpus documents and a model card written here, a real Chroma index
built in a temporary folder, the real embedder. Ollama is a closed port (skipped with a note); a scripted
chat model stands in for it where model drafts are checked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from evals.candidates import Candidate, Suggestion, read_candidates, write_candidates
from evals.checks import COPY_SHARE, copied_share
from evals.cli import app
from evals.model_drafts import MODEL_SECTIONS
from evals.records import load_suite
from evals.suggest import suggest
from rag.config import Settings
from rag.coverage import corpus_coverage, coverage
from rag.mock_llm import MockModel
from tests.conftest import CORPUS, make_settings

NEW_DOC = "kestrel-3b.md"
MODEL_CARD = """# Kestrel-3B model card

Kestrel-3B is a compact open-weight language model for reading scanned invoices and receipts.
It was developed by Nordlys Analytics in Tromsø and released in September 2024 under the Apache 2.0 licence.

## Training data

The model was trained on 180 billion tokens of receipts, purchase orders and accounting manuals in
eleven European languages. Fine-tuning used 40,000 invoices that accountants checked by hand.

## Intended uses

- **Field extraction**: pulls totals, VAT numbers and due dates out of an invoice.
- **Expense triage**: sorts receipts into cost centres for a bookkeeper to confirm.
- **Duplicate detection**: flags an invoice that was already paid.

## Limitations

Kestrel-3B struggles with handwritten notes and with currencies it rarely saw in training, such as the
Icelandic króna. Its answers should be checked by a person before any payment is made.
"""
DOCS = sorted([*(p.name for p in CORPUS.glob("*.md")), NEW_DOC])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> dict[str, Any]:
    """The whole corpus plus a new model card, indexed; an empty golden set; one suggestion run."""
    from rag.ingest import refresh

    root = tmp_path_factory.mktemp("suggest")
    shutil.copytree(CORPUS, root / "corpus")
    (root / "corpus" / NEW_DOC).write_text(MODEL_CARD, encoding="utf-8")
    settings = make_settings(root)
    refresh(settings, embedder=embedder)
    golden = root / "golden.yaml"
    golden.write_text("[]\n", encoding="utf-8")
    result = suggest(settings, golden, embedder=embedder)
    return {"root": root, "settings": settings, "golden": golden, "result": result}


def text_of(settings: Settings, doc_id: str) -> str:
    return (settings.corpus_dir / doc_id).read_text(encoding="utf-8")


def candidates(world: dict[str, Any]) -> list[Candidate]:
    result: Suggestion = world["result"]
    return result.candidates


# --------------------------------------------------------------------------- what suggest offers


def test_every_document_gets_at_least_three_candidates_that_retrieval_finds(world: dict[str, Any]) -> None:
    assert sorted(world["result"].documents) == DOCS
    for doc in DOCS:
        found = [c for c in candidates(world) if c.source == doc and not c.hard]
        assert len(found) >= 3, f"{doc}: {[c.question for c in candidates(world) if c.source == doc]}"


def test_key_facts_are_exact_spans_of_their_source(world: dict[str, Any]) -> None:
    exact = [
        all(
            alt in text_of(world["settings"], c.source)[c.start : c.end]
            for fact in c.key_facts
            for alt in fact
        )
        for c in candidates(world)
    ]
    assert sum(exact) / len(exact) >= 0.9
    assert all(1 <= len(c.key_facts) <= 3 for c in candidates(world))
    assert all(1 <= len(alt.split()) <= 4 for c in candidates(world) for fact in c.key_facts for alt in fact)


def test_no_question_copies_its_source_sentence(world: dict[str, Any]) -> None:
    for c in candidates(world):
        source = text_of(world["settings"], c.source)[c.start : c.end]
        assert copied_share(c.question, source) <= COPY_SHARE, (c.question, source)
        assert not any(alt.lower() in c.question.lower() for fact in c.key_facts for alt in fact), c.question


def test_most_questions_bring_their_document_into_the_top_five(world: dict[str, Any], embedder: Any) -> None:
    from rag.answer import Assistant

    retriever = Assistant(world["settings"], embedder=embedder).retriever
    found = [
        c.source in [p.chunk.doc_id for p in retriever.retrieve(c.question, 5)] for c in candidates(world)
    ]
    assert sum(found) / len(found) >= 0.8
    assert [not c.hard for c in candidates(world)] == found, "`hard` marks exactly the retrieval misses"


def test_candidates_span_several_answer_kinds_and_carry_provenance(world: dict[str, Any]) -> None:
    card = [c for c in candidates(world) if c.source == NEW_DOC]
    assert {"entity", "date", "list", "number"} <= {c.kind for c in card}
    by_kind = {c.kind: c for c in card}
    assert by_kind["entity"].key_facts == [["Nordlys Analytics"]]
    assert "2024" in by_kind["date"].key_facts[0]
    sha = corpus_coverage(world["settings"], world["golden"])
    assert sha is not None
    assert all(c.sha256 == sha.documents[c.source] for c in candidates(world))


def test_ollama_out_of_reach_is_skipped_with_a_note(world: dict[str, Any]) -> None:
    assert any("Ollama" in note and "template candidates only" in note for note in world["result"].notes)
    assert all(c.generator.startswith("template/") for c in candidates(world))


def test_model_drafts_are_checked_like_template_ones(world: dict[str, Any], embedder: Any) -> None:
    reply = json.dumps(
        [
            {"question": "Besides receipts, what paperwork did the invoice reader learn from?", "kind": "list",
             "key_facts": ["Purchase orders"]},
            {"question": "Who audits Kestrel-3B each quarter?", "kind": "entity", "key_facts": ["Deloitte"]},
            {"question": "Kestrel-3B is a compact open-weight language model for what?", "kind": "description",
             "key_facts": ["scanned invoices"]},
        ]
    )  # fmt: skip
    model = MockModel(*[reply] * MODEL_SECTIONS)  # the same reply for each section the model is shown
    result = suggest(world["settings"], world["golden"], doc=Path(NEW_DOC), embedder=embedder, model=model)
    drafted = [c for c in result.candidates if c.generator == "mock/scripted"]
    assert model.prompts, "the model was asked"
    assert [c.question for c in drafted] == [
        "Besides receipts, what paperwork did the invoice reader learn from?"
    ]
    assert drafted[0].key_facts == [["purchase orders"]], "a fact is taken as the document writes it"


def test_template_facts_lie_in_their_span_for_any_piece_of_any_document() -> None:
    import random

    from evals.templates import drafts

    rnd = random.Random(13)
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))] + [
        MODEL_CARD,
        "",
        "- **a**:",
    ]
    for text in texts:
        for _ in range(40):
            start = rnd.randrange(len(text) + 1)
            piece = text[start : start + rnd.randrange(3000)]
            for d in drafts(piece):
                assert all(alt in piece[d.start : d.end] for fact in d.key_facts for alt in fact), d


def test_pick_takes_one_kind_at_a_time_and_hard_ones_last() -> None:
    from evals.suggest import pick

    def cand(i: int, kind: str, hard: bool) -> Candidate:
        return Candidate(f"c{i}", f"q{i}?", [["x"]], "d.md", 0, 1, kind, hard, "h", "template/t")

    pool = [
        cand(0, "yesno", False),
        cand(1, "entity", True),
        cand(2, "entity", False),
        cand(3, "entity", False),
    ]
    pool.append(cand(4, "date", False))
    assert [c.id for c in pick(pool, 4)] == ["c2", "c4", "c0", "c3"]
    assert [c.id for c in pick(pool, 9)][-1] == "c1"


# --------------------------------------------------------------------------- coverage


def test_coverage_names_uncovered_documents_and_those_changed_since_acceptance() -> None:
    docs = {"a.md": "h1", "b.md": "h2", "c.md": "h3"}
    golden = [
        {"id": "x", "sources": ["a.md"]},  # hand-written: covers whatever version
        {"id": "y", "sources": ["b.md"], "provenance": {"document": "b.md", "sha256": "old"}},
    ]
    cov = coverage(docs, golden)
    assert cov.uncovered == ["c.md"]
    assert cov.changed == ["b.md"]
    assert cov.needs == ["b.md", "c.md"]
    assert (
        coverage(
            docs, [*golden, {"sources": ["c.md"], "provenance": {"document": "b.md", "sha256": "h2"}}]
        ).needs
        == []
    )


@pytest.fixture
def project(world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (evals/golden.yaml covering the four corpus documents, not the card) as the
    working directory, with the environment pointing at the built corpus and index."""
    (tmp_path / "evals").mkdir()
    items = [
        {"id": f"hand-{i}", "type": "fact", "kind": "entity", "question": f"q{i}?", "key_facts": [["x"]],
         "sources": [doc]}
        for i, doc in enumerate(d for d in DOCS if d != NEW_DOC)
    ]  # fmt: skip
    (tmp_path / "evals" / "golden.yaml").write_text("# a hand-kept golden set\n" + yaml.safe_dump(items))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("RAG_CORPUS_DIR", str(world["settings"].corpus_dir))
    monkeypatch.setenv("RAG_INDEX_DIR", str(world["settings"].index_dir))
    monkeypatch.setenv("OLLAMA_HOST", "http://127.0.0.1:9")
    return tmp_path


def test_status_lists_the_documents_no_golden_item_covers(project: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["status", "--json"])
    assert done.exit_code == 0, done.output
    info = json.loads(done.stdout)
    assert info["uncovered"] == [NEW_DOC]
    assert info["changed_since_golden"] == []
    text = runner.invoke(app, ["status"]).stdout
    assert f"no golden questions for {NEW_DOC}" in text


def test_ingest_ends_with_a_hint_when_a_new_document_has_no_questions(
    project: Path, world: dict[str, Any]
) -> None:
    corpus, index = project / "corpus", project / "index"
    shutil.copytree(world["settings"].corpus_dir, corpus)
    shutil.copytree(world["settings"].index_dir, index)
    (corpus / "notes.md").write_text("# Notes\n\nFalcon was trained by TII in Abu Dhabi.\n", encoding="utf-8")
    done = CliRunner().invoke(app, ["ingest", "--corpus", str(corpus), "--index", str(index)])
    assert done.exit_code == 0, done.output
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("no eval questions yet for notes.md"), done.stdout
    assert "rag eval suggest" in last


# --------------------------------------------------------------------------- the CLI


def test_suggest_json_lists_candidates_whose_facts_lie_in_their_span(
    project: Path, world: dict[str, Any]
) -> None:
    out = project / "evals" / "candidates.yaml"
    done = CliRunner().invoke(app, ["eval", "suggest", "--json", "--n", "5"])  # the card is the one uncovered
    assert done.exit_code == 0, done.output
    items = json.loads(done.stdout)
    assert 3 <= len(items) <= 5
    for item in items:
        assert {"question", "key_facts", "source", "start", "end", "type", "hard"} <= set(item)
        assert item["source"] == NEW_DOC
        assert item["type"] == "fact"
        span = text_of(world["settings"], item["source"])[item["start"] : item["end"]]
        assert all(alt in span for fact in item["key_facts"] for alt in fact)
    assert "template candidates only" in done.stderr
    written = read_candidates(out)
    assert [c.id for c in written] == [i["id"] for i in items]
    assert all(c.sha256 and c.generator for c in written)


def test_suggest_with_nothing_uncovered_says_so_and_bad_input_is_one_line(project: Path) -> None:
    runner = CliRunner()
    golden = project / "evals" / "golden.yaml"
    items = yaml.safe_load(golden.read_text())
    items.append({**items[0], "id": "card", "sources": [NEW_DOC]})
    golden.write_text(yaml.safe_dump(items))
    done = runner.invoke(app, ["eval", "suggest"])
    assert done.exit_code == 0, done.output
    assert "every corpus document has golden questions" in done.stderr
    for args in (["--doc", "nowhere.md"], ["--n", "0"]):
        bad = runner.invoke(app, ["eval", "suggest", *args])
        assert bad.exit_code == 2
        assert bad.stderr.startswith("error: ")
        assert len(bad.stderr.strip().splitlines()) == 1


def test_review_files_accepted_items_with_provenance_and_drops_rejected_ones(
    project: Path, world: dict[str, Any]
) -> None:
    golden, pending = project / "evals" / "golden.yaml", project / "evals" / "candidates.yaml"
    card = [c for c in candidates(world) if c.source == NEW_DOC]
    write_candidates(pending, card[:4])
    before = golden.read_text()
    new_question = "Which firm made the invoice reader Kestrel-3B?"
    # edit the first (new question and facts) and accept it; accept the second; reject the third; skip the fourth
    typed = f"e\n{new_question}\nNordlys Analytics | Nordlys\na\na\nr\ns\n"
    done = CliRunner().invoke(app, ["eval", "review"], input=typed)
    assert done.exit_code == 0, done.output
    assert "accepted 2, rejected 1, skipped 1, edited 1" in done.stdout

    text = golden.read_text()
    assert text.startswith(before), "the golden file is appended to, its comments and items kept"
    suite = load_suite(golden)
    added = [i for i in suite if NEW_DOC in i.sources]
    assert [i.question for i in added] == [new_question, card[1].question]
    assert added[0].key_facts == [["Nordlys Analytics", "Nordlys"]]
    assert all(i.type == "fact" and i.kind and i.id for i in added)
    raw = {item["id"]: item for item in yaml.safe_load(text)}
    doc = text_of(world["settings"], NEW_DOC)
    for item in added:
        prov = raw[item.id]["provenance"]
        assert prov["document"] == NEW_DOC
        assert prov["sha256"] == card[1].sha256
        assert all(alt in doc[prov["start"] : prov["end"]] for fact in item.key_facts for alt in fact)
    assert "edited" in raw[added[0].id]["provenance"]["generator"]
    assert [c.id for c in read_candidates(pending)] == [card[3].id], "accepted and rejected ones are gone"
    assert corpus_coverage(world["settings"], golden).needs == []  # type: ignore[union-attr]


def test_review_will_not_accept_key_facts_the_document_no_longer_holds(
    project: Path, world: dict[str, Any]
) -> None:
    from evals.review import accept
    from rag.errors import UsageError

    corpus = project / "corpus"
    corpus.mkdir()
    (corpus / NEW_DOC).write_text(MODEL_CARD.replace("Nordlys Analytics", "Fjord Labs"), encoding="utf-8")
    entity = next(c for c in candidates(world) if c.source == NEW_DOC and c.kind == "entity")
    pending, golden = project / "evals" / "candidates.yaml", project / "evals" / "golden.yaml"
    write_candidates(pending, [entity])
    before = golden.read_text()
    with pytest.raises(UsageError, match="Nordlys Analytics"):
        accept(entity, pending, golden, corpus)
    assert golden.read_text() == before
    assert read_candidates(pending) == [entity]


# --------------------------------------------------------------------------- the page


@pytest.mark.slow
def test_page_evals_mode_accepts_a_candidate_and_shows_coverage_and_the_report(
    project: Path, world: dict[str, Any]
) -> None:
    from streamlit.testing.v1 import AppTest

    root = Path(__file__).resolve().parents[1]
    # A report of its own: a fresh clone has none until `make eval` runs.
    results = project / "evals" / "results"
    results.mkdir(parents=True, exist_ok=True)
    latest = {
        "manifest": {"date": "2026-12-02", "backend": "spans", "questions": 2},
        "summary": {"overall": {"key_fact_recall": 0.75, "refusal_accuracy": 1.0}},
        "floors": [{"metric": "key_fact_recall", "floor": 0.7, "status": "PASS"}],
    }
    (results / "latest.json").write_text(json.dumps(latest), encoding="utf-8")
    pending = project / "evals" / "candidates.yaml"
    card = [c for c in candidates(world) if c.source == NEW_DOC][:2]
    write_candidates(pending, card)

    at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
    at.session_state["mode"] = "Evals"
    at.run()
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown).replace("\\", "").replace("\u2060", "")
    assert f"{NEW_DOC} — no golden questions" in shown
    assert card[0].question.split()[0] in shown
    assert at.dataframe, "the metrics table of the latest report"
    at.button(key=f"accept-{card[0].id}").click().run()
    assert not at.exception
    assert [c.id for c in read_candidates(pending)] == [card[1].id]
    assert card[0].question in [i.question for i in load_suite(project / "evals" / "golden.yaml")]


def test_a_short_model_card_with_a_hyphenated_name_yields_three_kinds_of_question() -> None:
    from evals.templates import drafts

    card = (
        "# Acme-3 model card\n\n"
        "Acme-3 was released on April 18, 2024 by Borealis Labs, a research group based in Oslo.\n"
        "Acme-3 has 70 billion parameters and supports eight languages.\n"
    )
    kinds = {d.kind for d in drafts(card)}
    assert {"entity", "date", "number"} <= kinds
