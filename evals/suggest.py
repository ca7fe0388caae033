"""Suggest: the corpus, the golden set and the index → candidate golden items for what the set does not cover.

What goes in: `Settings` (corpus and index folders), the golden set's path, optionally one document, and an
embedder (loaded when not given). What comes out: `Candidate`s — a question in other words than its
document, key facts that are exact spans of it, the span, the answer kind, `hard` when retrieval does not
bring the document into the top 5 — with provenance (document, content hash, span, generator), merged into
`evals/candidates.yaml` for `rag eval review`.

Which documents need candidates is `rag.coverage`'s decision (no golden item lists them, or they changed
since their items were accepted).

Drafts come from `evals.templates` (deterministic) and, when Ollama answers, from the model too. The one
decision this stage owns: what is checked before a candidate is offered — every key-fact alternative is in
`text[start:end]`; no more than half of the question's content words come from that span (the copy rule);
the question does not already state a key fact; it is new to the golden set and to this batch.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from evals.templates import MAX_FACT_WORDS, Draft, drafts
from rag.config import Settings
from rag.coverage import DEFAULT_GOLDEN, coverage, load_golden
from rag.errors import IndexMissing, RagError, UsageError

if TYPE_CHECKING:
    from rag.llm import ChatModel

DEFAULT_CANDIDATES = Path("evals/candidates.yaml")
DEFAULT_N = 8
TOP_K = 5
COPY_SHARE = 0.5  # at most this share of a question's content words may come from its source span
COPY_RUN = 8  # nor may it repeat this many consecutive words of its document (the golden set's own test)
# Kinds in the order a document's candidates are taken, one of each in turn: the precise ones first.
KIND_ORDER = ("entity", "date", "list", "number", "place", "definition", "yesno", "description", "reason")
MODEL_SECTIONS = 3  # sections of a document the model drafts questions for
MODEL_PROMPT = """You write test questions for a question-answering system, from one passage of a document.
Write up to 3 questions a reader could answer from this passage alone. Each question must use other
words than the passage (do not copy its sentences) and name what it is about. For each, give 1 to 3 key
facts: short phrases of at most 4 words copied exactly, character for character, from the passage.
Answer with a JSON list only: [{"question": "...", "kind": "entity|date|number|list|place|definition|
yesno|description", "key_facts": ["...", "..."]}]"""


@dataclass(frozen=True)
class Candidate:
    id: str
    question: str
    key_facts: list[list[str]]
    source: str  # document id: its path relative to the corpus folder
    start: int  # the span of the document that states the key facts
    end: int
    kind: str
    hard: bool  # retrieval does not bring the document into the top 5
    sha256: str  # the document's content hash when the candidate was drafted
    generator: str  # "template/entity-by", "ollama/llama3.2:3b", "edited" …
    type: str = "fact"

    def as_json(self) -> dict[str, Any]:
        """The `rag eval suggest --json` contract."""
        keys = ("id", "question", "key_facts", "source", "start", "end", "type", "kind", "hard")
        return {k: getattr(self, k) for k in keys}

    def golden_item(self) -> dict[str, Any]:
        """The item as the golden set holds it, provenance included."""
        return {
            "id": self.id,
            "type": self.type,
            "kind": self.kind,
            "question": self.question,
            "key_facts": self.key_facts,
            "sources": [self.source],
            "provenance": {
                "document": self.source,
                "sha256": self.sha256,
                "start": self.start,
                "end": self.end,
                "generator": self.generator,
            },
        }

    def as_yaml(self) -> dict[str, Any]:
        return {**self.golden_item(), "hard": self.hard}

    @classmethod
    def from_yaml(cls, raw: Mapping[str, Any]) -> Candidate:
        prov = raw.get("provenance") or {}
        return cls(
            id=str(raw["id"]),
            question=str(raw["question"]),
            key_facts=[[str(a) for a in fact] for fact in raw.get("key_facts") or []],
            source=str(prov.get("document") or (raw.get("sources") or [""])[0]),
            start=int(prov.get("start", 0)),
            end=int(prov.get("end", 0)),
            kind=str(raw.get("kind") or ""),
            hard=bool(raw.get("hard", False)),
            sha256=str(prov.get("sha256", "")),
            generator=str(prov.get("generator", "")),
            type=str(raw.get("type") or "fact"),
        )


@dataclass(frozen=True)
class Suggestion:
    candidates: list[Candidate]
    documents: dict[str, str]  # the documents candidates were drafted for → their content hash
    notes: list[str] = field(default_factory=list)  # what was skipped and why, one line each


# --------------------------------------------------------------------------- checks


def copied_share(question: str, source: str) -> float:
    """Share of the question's content words (stemmed, stop words out) that its source span holds."""
    from rag.grounding import content_words

    words = content_words(question)
    return len(words & content_words(source)) / len(words) if words else 1.0


def facts_in_span(key_facts: list[list[str]], text: str, start: int, end: int) -> bool:
    span = text[start:end]
    return bool(key_facts) and all(fact and all(alt and alt in span for alt in fact) for fact in key_facts)


def states_a_fact(question: str, key_facts: list[list[str]]) -> bool:
    """Whether the question already holds a key fact (then any answer "states" it)."""
    q = question.lower()
    return any(re.search(rf"(?<!\w){re.escape(alt.lower())}(?!\w)", q) for fact in key_facts for alt in fact)


def repeats_a_run(question: str, text: str, n: int = COPY_RUN) -> bool:
    """Whether the question repeats n consecutive words of the text (a quoted heading can)."""
    words = re.findall(r"[a-z0-9]+", question.lower())
    runs = {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
    joined = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    return any(f" {run} " in joined for run in runs)


def normalise(question: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", question.lower()))


def _checked(draft: Draft, text: str) -> tuple[str, list[list[str]]] | None:
    """The first phrasing that passes the checks, with its key facts; None when none does."""
    facts = [list(f) for f in draft.key_facts]
    if not facts_in_span(facts, text, draft.start, draft.end):
        return None
    source = text[draft.start : draft.end]
    for question in draft.questions:
        if (
            copied_share(question, source) <= COPY_SHARE
            and not states_a_fact(question, facts)
            and not repeats_a_run(question, text)
        ):
            return question, facts
    return None


# --------------------------------------------------------------------------- drafting


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:40].strip("-") or "doc"


def _candidate_id(doc_id: str, kind: str, question: str) -> str:
    digest = hashlib.sha1(f"{doc_id}\n{question}".encode()).hexdigest()[:6]
    return f"sug-{_slug(Path(doc_id).stem)}-{kind}-{digest}"


def model_drafts(model: ChatModel, text: str, max_tokens: int = 600) -> list[Draft]:
    """Drafts a chat model writes for the first few sections of a document, placed in the text: each key
    fact is found in its section (its exact characters, else case-insensitively and then taken as the
    document writes it), and the span runs from the sentence of the first to the sentence of the last."""
    from evals.templates import read_lines

    sections: dict[str, list[int]] = {}
    for line in read_lines(text):
        bounds = sections.setdefault(line.heading, [line.start, line.end])
        bounds[1] = line.end
    out: list[Draft] = []
    for start, end in list(sections.values())[:MODEL_SECTIONS]:
        passage = text[start:end][:3000]
        messages = [{"role": "system", "content": MODEL_PROMPT}, {"role": "user", "content": passage}]
        reply = "".join(model.stream(messages, max_tokens))
        for raw in _json_list(reply):
            draft = _place(raw, text, start, start + len(passage))
            if draft is not None:
                out.append(replace(draft, shape=f"{model.backend}/{model.model}"))
    return out


def _json_list(reply: str) -> list[dict[str, Any]]:
    """The JSON objects of a reply, one by one: a reply cut short or wrapped in prose loses only the
    objects it breaks."""
    found = []
    for m in re.finditer(r"\{[^{}]*\}", reply):
        try:
            data = json.loads(m.group(0))
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            found.append(data)
    return found


def _place(raw: Mapping[str, Any], text: str, start: int, end: int) -> Draft | None:
    from rag.question import KINDS

    question, kind = str(raw.get("question") or "").strip(), str(raw.get("kind") or "")
    facts_raw = raw.get("key_facts") or []
    if not question or not isinstance(facts_raw, list) or not 1 <= len(facts_raw) <= 3:
        return None
    facts, spans = [], []
    for fact in facts_raw:
        alternatives = fact if isinstance(fact, list) else [fact]
        placed = []
        for alt in (str(a).strip() for a in alternatives):
            if not alt or len(alt.split()) > MAX_FACT_WORDS:
                continue
            at = text.find(alt, start, end)
            if at < 0 and (m := re.search(re.escape(alt), text[start:end], re.I)):
                at, alt = start + m.start(), text[start + m.start() : start + m.end()]
            if at >= 0:
                placed.append(alt)
                spans.append((at, at + len(alt)))
        if not placed:
            return None
        facts.append(tuple(placed))
    s = min(a for a, _ in spans)
    e = max(b for _, b in spans)
    s = max(text.rfind(c, start, s) for c in (".", "\n", "?", "!")) + 1
    ends = [i for c in (".", "\n", "?", "!") if (i := text.find(c, e, end)) >= 0]
    e = min(ends) + 1 if ends else end
    while s < e and text[s].isspace():
        s += 1
    return Draft(
        (question,), tuple(facts), max(s, start), e, kind if kind in KINDS else "description", "model"
    )


def _model(settings: Settings, notes: list[str]) -> ChatModel | None:
    """Ollama's model when it answers with the configured model, else None and a note saying why."""
    from rag.errors import BackendUnavailable
    from rag.llm import OllamaModel, probe_ollama

    try:
        probe_ollama(settings)
    except BackendUnavailable as exc:
        notes.append(f"{exc}: template candidates only")
        return None
    return OllamaModel(settings.model_copy(update={"max_answer_tokens": 600}))  # room for three questions


# --------------------------------------------------------------------------- the whole stage


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
    from rag import corpus, store
    from rag.retrieve import Retriever

    if n < 1:
        raise UsageError("--n must be at least 1")
    golden = load_golden(golden_path)
    files = {f.id: f for f in corpus.scan(settings.corpus_dir, int(settings.max_file_mb * 2**20))[0]}
    documents = {doc_id: f.sha256 for doc_id, f in files.items()}
    if doc is not None:
        targets = [resolve_doc(settings, doc)]
        if targets[0] not in documents:
            raise UsageError(f"{doc} is not a readable document of the corpus (see `rag ingest`)")
    else:
        targets = coverage(documents, golden).needs
    notes: list[str] = []
    if not targets:
        return Suggestion([], {}, ["every corpus document has golden questions for its current content"])
    manifest = store.load_manifest(settings.index_dir)
    for doc_id in targets:
        entry = manifest.documents.get(doc_id)
        if entry is None or entry.sha256 != documents[doc_id]:
            raise IndexMissing(f"the index does not hold the current {doc_id}; run `rag ingest` first")
    if embedder is None:
        from rag.embeddings import load_embedder

        embedder = load_embedder(settings)
    retriever = Retriever(settings, embedder)
    if model is None and use_model:
        model = _model(settings, notes)
    asked = {normalise(str(item.get("question", ""))) for item in golden}
    found: list[Candidate] = []
    for doc_id in targets:
        text = corpus.read(files[doc_id], settings.parse_timeout_s, settings.parse_memory_mb).text
        pool = drafts(text)
        if model is not None:
            try:
                pool += model_drafts(model, text)
            except RagError as exc:  # the model is an extra: its failure costs its drafts, not the run
                notes.append(f"{doc_id}: no model drafts ({exc})")
        offered: list[Candidate] = []
        for draft in pool:
            checked = _checked(draft, text)
            if checked is None:
                continue
            question, facts = checked
            key = normalise(question)
            if key in asked or any(c.key_facts == facts for c in offered):
                continue
            asked.add(key)
            ranked = [p.chunk.doc_id for p in retriever.retrieve(question, TOP_K)]
            generator = draft.shape if "/" in draft.shape else f"template/{draft.shape}"
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
                    sha256=documents[doc_id],
                    generator=generator,
                )
            )
        found += pick(offered, n)
        if not offered:
            notes.append(f"{doc_id}: no sentence matched a template; write its questions by hand")
    return Suggestion(found, {d: documents[d] for d in targets}, notes)


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


# --------------------------------------------------------------------------- the candidates file


def read_candidates(path: Path) -> list[Candidate]:
    if not path.is_file():
        return []
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Candidate.from_yaml(r) for r in raw if isinstance(r, dict)]


def write_candidates(path: Path, candidates: list[Candidate]) -> None:
    """Write the file whole (a temporary file renamed over it, so a reader never sees half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "# Candidate golden items from `rag eval suggest`; review them with `rag eval review`.\n"
    body = yaml.safe_dump([c.as_yaml() for c in candidates], sort_keys=False, allow_unicode=True, width=100)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(header + (body if candidates else "[]\n"), encoding="utf-8")
    tmp.replace(path)


def merge(path: Path, suggestion: Suggestion) -> list[Candidate]:
    """The candidates file after a run: pending items of other documents kept, and for the documents of
    this run the pending items drafted from their current content (edited ones too) plus the new ones."""
    docs = suggestion.documents
    kept = [c for c in read_candidates(path) if c.source not in docs or c.sha256 == docs[c.source]]
    ids = {c.id for c in kept}
    merged = kept + [c for c in suggestion.candidates if c.id not in ids]
    write_candidates(path, merged)
    return merged


def summary(candidates: list[Candidate]) -> dict[str, Any]:
    """Counts for the console: per document, and how many retrieval misses ("hard")."""
    per_doc: dict[str, int] = {}
    for c in candidates:
        per_doc[c.source] = per_doc.get(c.source, 0) + 1
    return {"per_document": per_doc, "hard": sum(c.hard for c in candidates), "total": len(candidates)}
