"""Suggest: the corpus, the golden set and the index → candidate golden items for what the set does not cover.

What goes in: `Settings` (corpus and index folders), the golden set's path, optionally one document, and an
embedder (loaded when not given). What comes out: a `Suggestion` of `Candidate`s (`evals.candidates`) —
a question in other words than its document, key facts that are exact spans of it, the span, the answer
kind, `hard` when retrieval does not bring the document into the top 5 — which `rag eval suggest` merges
into `evals/candidates.yaml` for `rag eval review`.

Which documents need candidates is `rag.coverage`'s decision (no golden item lists them, or they changed
since their items were accepted). Drafts come from `evals.templates` (deterministic) and, when Ollama
answers, from the model too (`evals.model_drafts`); each is checked by `evals.checks`. The one decision
this stage owns: which candidates are offered — new to the golden set and to this batch, no two with the
same key facts, at most n per document taken one answer kind at a time (`KIND_ORDER`), the ones retrieval
finds first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.candidates import DEFAULT_CANDIDATES, Candidate, Suggestion, merge, read_candidates
from evals.checks import checked, normalise
from evals.model_drafts import model_drafts, ollama_model
from evals.templates import Draft, drafts
from rag.config import Settings
from rag.coverage import DEFAULT_GOLDEN, coverage, load_golden
from rag.errors import IndexMissing, RagError, UsageError

if TYPE_CHECKING:
    from rag.llm import ChatModel
    from rag.retrieve import Retriever

# The page (app.py) imports the candidates file's names from here.
__all__ = ["DEFAULT_CANDIDATES", "Candidate", "Suggestion", "merge", "read_candidates", "suggest"]

DEFAULT_N = 8
TOP_K = 5  # a candidate is "hard" when retrieval does not bring its document into this many passages
SLUG_CHARS = 40  # of the document's name in a candidate id
DIGEST_CHARS = 6  # of the question's hash in a candidate id: unique within a document's batch
# Kinds in the order a document's candidates are taken, one of each in turn: the precise ones first.
KIND_ORDER = ("entity", "date", "list", "number", "place", "definition", "yesno", "description", "reason")


@dataclass
class _Batch:
    """What one run of `suggest` shares across documents."""

    retriever: Retriever
    model: ChatModel | None
    asked: set[str]  # normalised questions of the golden set and of this batch so far
    hashes: dict[str, str]  # doc id → content hash
    notes: list[str]


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:SLUG_CHARS].strip("-") or "doc"


def _candidate_id(doc_id: str, kind: str, question: str) -> str:
    digest = hashlib.sha1(f"{doc_id}\n{question}".encode()).hexdigest()[:DIGEST_CHARS]
    return f"sug-{_slug(Path(doc_id).stem)}-{kind}-{digest}"


def resolve_doc(settings: Settings, doc: Path) -> str:
    """A document path (relative to the corpus or to here, or absolute) → its doc id."""
    root = settings.corpus_dir.resolve()
    for path in (settings.corpus_dir / doc, doc):
        full = path.resolve()
        if full.is_file() and full.is_relative_to(root):
            return full.relative_to(root).as_posix()
    raise UsageError(f"{doc} is not a document in the corpus folder {settings.corpus_dir}")


def suggest(
    settings: Settings,
    golden_path: Path = DEFAULT_GOLDEN,
    *,
    doc: Path | None = None,
    n: int = DEFAULT_N,
    embedder: Any = None,
    model: ChatModel | None = None,
    use_model: bool = True,
) -> Suggestion:
    """Candidates for every document that needs them (or for `doc` alone), at most `n` per document.

    `model` is a chat model to draft with besides the templates; when None and `use_model`, Ollama's is
    used if it answers (skipped with a note otherwise)."""
    from rag import corpus
    from rag.retrieve import Retriever

    if n < 1:
        raise UsageError("--n must be at least 1")
    golden = load_golden(golden_path)
    files = {f.id: f for f in corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))[0]}
    hashes = {doc_id: f.sha256 for doc_id, f in files.items()}
    targets = _targets(settings, doc, hashes, golden)
    if not targets:
        return Suggestion([], {}, ["every corpus document has golden questions for its current content"])
    _check_indexed(settings, targets, hashes)
    if embedder is None:
        from rag.embeddings import load_embedder

        embedder = load_embedder(settings)
    notes: list[str] = []
    if model is None and use_model:
        model = ollama_model(settings, notes)
    asked = {normalise(str(item.get("question", ""))) for item in golden}
    batch = _Batch(Retriever(settings, embedder), model, asked, hashes, notes)
    found: list[Candidate] = []
    for doc_id in targets:
        text = corpus.read(files[doc_id], settings.parse_timeout_s, settings.parse_memory_mb).text
        offered = _offer(doc_id, text, batch)
        found += pick(offered, n)
        if not offered:
            notes.append(f"{doc_id}: no sentence matched a template; write its questions by hand")
    return Suggestion(found, {d: hashes[d] for d in targets}, notes)


def _targets(
    settings: Settings, doc: Path | None, hashes: dict[str, str], golden: list[dict[str, Any]]
) -> list[str]:
    """`doc` alone when given (it must be a readable corpus document), else the uncovered documents."""
    if doc is None:
        return coverage(hashes, golden).needs
    target = resolve_doc(settings, doc)
    if target not in hashes:
        raise UsageError(f"{doc} is not a readable document of the corpus (see `rag ingest`)")
    return [target]


def _check_indexed(settings: Settings, targets: list[str], hashes: dict[str, str]) -> None:
    """`IndexMissing` unless the index holds the current version of every target document."""
    from rag import store

    manifest = store.load_manifest(settings.index_dir)
    for doc_id in targets:
        entry = manifest.documents.get(doc_id)
        if entry is None or entry.sha256 != hashes[doc_id]:
            raise IndexMissing(f"the index does not hold the current {doc_id}; run `rag ingest` first")


def _offer(doc_id: str, text: str, batch: _Batch) -> list[Candidate]:
    """Every checked, new draft of one document as a candidate, in draft order."""
    pool: list[Draft] = drafts(text)
    if batch.model is not None:
        try:
            pool += model_drafts(batch.model, text)
        except RagError as exc:  # the model is an extra: its failure costs its drafts, not the run
            batch.notes.append(f"{doc_id}: no model drafts ({exc})")
    offered: list[Candidate] = []
    for draft in pool:
        passed = checked(draft, text)
        if passed is None:
            continue
        question, facts = passed
        key = normalise(question)
        if key in batch.asked or any(c.key_facts == facts for c in offered):
            continue
        batch.asked.add(key)
        ranked = [p.chunk.doc_id for p in batch.retriever.retrieve(question, TOP_K)]
        offered.append(
            Candidate(
                id=_candidate_id(doc_id, draft.kind, question),
                question=question,
                key_facts=facts,
                source=doc_id,
                start=draft.start,
                end=draft.end,
                kind=draft.kind,
                hard=doc_id not in ranked,
                sha256=batch.hashes[doc_id],
                generator=draft.shape if "/" in draft.shape else f"template/{draft.shape}",
            )
        )
    return offered


def pick(candidates: list[Candidate], n: int) -> list[Candidate]:
    """At most n, one kind at a time in `KIND_ORDER`, those retrieval finds before the hard ones."""
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    chosen: list[Candidate] = []
    for hard in (False, True):
        queues: dict[str, list[Candidate]] = {}
        for c in candidates:
            if c.hard == hard:
                queues.setdefault(c.kind, []).append(c)
        kinds = sorted(queues, key=lambda k: order.get(k, len(order)))
        while len(chosen) < n and any(queues.values()):
            for kind in kinds:
                if queues[kind] and len(chosen) < n:
                    chosen.append(queues[kind].pop(0))
    return chosen
