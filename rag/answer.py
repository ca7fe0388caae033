"""Answer: a question (+ conversation) → an `Answer` whose every sentence carries a checked `[n]` citation.

Steps: condense a follow-up into a standalone question; retrieve; refuse at once when even the best
passage is far from the question; otherwise give the model the numbered passages (budgeted by its token
count, quoted as data; the embedded model only the sentences the composer chose), stream its draft, and
pass the draft through `grounding`. If no sentence survives, quote the passages' own sentences that
cover the question; if none do, refuse.
The one decision this stage owns: what the user finally reads. `ask_stream` yields events so the page can
show the draft as it is written and then the checked answer; `ask` returns just the final `Answer`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, TypedDict, Unpack

from rag import grounding, verify
from rag import question as question_analysis
from rag.compose import Composition, compose, doc_words
from rag.compose_definitions import person_asked
from rag.config import Settings
from rag.errors import BackendUnavailable, GenerationInterrupted, UsageError
from rag.gather import gather
from rag.llm import ChatModel, OllamaModel, embedded, probe_ollama, select
from rag.prompting import SYSTEM_PROMPT, build_messages, excerpts, standalone_question
from rag.records import Answer, Citation, Done, Event, Notice, Retrieved, Token, Verification
from rag.render import check_draft, disagreements, render
from rag.retrieve import Passage, Retriever
from rag.span_vectors import SpanVectors

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

# What other modules take from here: the assistant, and the records and prompt it answers with.
__all__ = [
    "MAX_CLAIM_CHARS", "MAX_QUESTION_CHARS", "REFUSAL", "REFUSAL_HEAD", "SYSTEM_PROMPT", "Answer", "Assistant",
    "Citation", "Done", "Event", "Notice", "Retrieved", "Token", "Verification", "build_messages", "render",
    "standalone_question",
]  # fmt: skip
MAX_QUESTION_CHARS = 2000
MAX_CLAIM_CHARS = 1000
REFUSAL_HEAD = "The documents in the corpus do not answer this question"
REFUSAL_HINT = (
    "Add documents that cover it (drop them into the corpus folder and run `rag ingest`), then ask again."
)
REFUSAL = f"{REFUSAL_HEAD}. {REFUSAL_HINT}"


class AskOptions(TypedDict, total=False):
    """What a question may come with besides its text: the conversation so far, the backend, passages."""

    history: Sequence[tuple[str, str]]
    backend: str | None
    top_k: int | None


def _checked(question: str) -> str:
    """The question without surrounding space; an empty or over-long one is a usage error, in words."""
    question = question.strip()
    if not question:
        raise UsageError("the question is empty; type a question about the documents")
    if len(question) > MAX_QUESTION_CHARS:
        raise UsageError(
            f"the question is {len(question):,} characters long; the limit is {MAX_QUESTION_CHARS:,}"
        )
    return question


NAMED_MARGIN = 0.05  # how far below the relevance floor a passage naming the asked subject may be


def _names_subject(ask: question_analysis.Ask, candidates: list[Passage], floor: float) -> bool:
    """Whether a passage names what the question asks about: "Who built Falcon?" is three words, far
    from any passage in meaning (cosine 0.14), yet the passage that names Falcon answers it; the
    composer decides whether it does."""
    if not ask.subjects:
        return False
    if (person := person_asked(ask.question)) and " " in person:
        # "Who is Saoirse Oyelowo?": a passage that writes the whole name is where the documents say who
        # she is, however little else of it the question's few words share ("| Engagement lead | Saoirse
        # Oyelowo |", cosine 0.10); the composer answers only from what is said beside the name.
        floor = -1.0 if any(person in p.chunk.text for p in candidates) else floor
    pattern = re.compile("|".join(rf"\b{re.escape(n.text)}\b" for n in ask.subjects), re.I)
    # Near in meaning all the same: "Who founded Anthropic?" finds only passages that name it in a
    # list of products (cosine 0.06), and those are no answer.
    return any(pattern.search(p.chunk.text) and p.dense >= floor for p in candidates)


@dataclass
class Wording:
    """Who worded the answer and how it went: the model's checked sentences (none: the spans word it)."""

    written: list[grounding.Sentence] = field(default_factory=list)
    draft: str = ""
    dropped: list[str] = field(default_factory=list)
    note: str = ""
    interrupted: bool = False
    model: str = "none"
    backend: str = "spans"


@dataclass(frozen=True)
class _Switched:
    model: ChatModel | None  # what a failed Ollama answer handed over to (None: the spans alone)


def _shown(
    model: ChatModel, comp: Composition, candidates: list[Passage], k: int
) -> tuple[list[int], list[str] | None]:
    """What the model reads, as (the candidates it is shown, in the order it numbers them; their text
    when it is not the whole passage): the embedded model, only the sentences the composer chose, from
    whichever candidates hold them; a served model, the first `k` passages whole."""
    if model.backend == "embedded" and (chosen := excerpts(comp)):
        return list(chosen), [" … ".join(texts) for texts in chosen.values()]
    return list(range(min(k, len(candidates)))), None


# The kinds of answer another document may give otherwise in the same words (a figure, a date, a
# yes or no), and how many passages like the answer are searched for it.
OTHER_SIDE_KINDS = frozenset({"number", "date", "yesno"})
OTHER_SIDE_K = 4
OTHER_SIDE_WIDER = 4  # …out of this many times as many, the answer's own documents left out


class Assistant:
    """Retrieval, the model and grounding, loaded once and reused across questions."""

    def __init__(
        self, settings: Settings, embedder: BaseEmbedding | None = None, model: ChatModel | None = None
    ) -> None:
        self.settings = settings
        self._embedder = embedder
        self._fixed_model = model  # a model given here is used instead of selecting a backend
        self._retriever: Retriever | None = None
        self._vectors: SpanVectors | None = None  # made on first use: the embedder loads lazily

    @property
    def embedder(self) -> BaseEmbedding:
        if self._embedder is None:
            from rag.embeddings import load_embedder

            self._embedder = load_embedder(self.settings)
        return self._embedder

    @property
    def retriever(self) -> Retriever:
        """The retriever of the current index version, reopened when a refresh switched versions."""
        if self._retriever is None or self._retriever.stale():
            self._retriever = Retriever(self.settings, self.embedder)
        return self._retriever

    def ask(self, question: str, **options: Unpack[AskOptions]) -> Answer:
        """The final answer of `ask_stream` (same options), without the events on the way."""
        for event in self.ask_stream(question, **options):
            if isinstance(event, Done):
                return event.answer
        raise RuntimeError("answer stream ended without an answer")  # pragma: no cover

    def ask_stream(
        self,
        question: str,
        history: Sequence[tuple[str, str]] = (),
        backend: str | None = None,
        top_k: int | None = None,
    ) -> Iterator[Event]:
        t0 = time.perf_counter()
        question = _checked(question)
        standalone = standalone_question(question, history)
        ask = question_analysis.analyse(standalone)
        # One index version for the whole question: a refresh switching versions between two of its
        # searches must not mix their passages.
        retriever = self.retriever
        candidates = gather(retriever, ask, max(top_k or self.settings.top_k, self.settings.compose_k))
        passages = candidates[: top_k or self.settings.top_k]
        timings = {"retrieve_s": time.perf_counter() - t0}
        yield Retrieved(standalone, passages)
        comp = None  # even the best passage far from the question: refused without composing
        if passages and (
            max(p.dense for p in passages) >= self.settings.min_relevance
            or _names_subject(ask, candidates, self.settings.min_relevance - NAMED_MARGIN)
        ):
            comp = self._compose(ask, candidates, retriever)
            if (found := self._other_sides(ask, candidates, retriever, comp)) is not None:
                comp, candidates = found
            timings["compose_s"] = time.perf_counter() - t0 - timings["retrieve_s"]
        if comp is None or comp.refused:
            yield Done(self._refusal(question, standalone, timings, t0, comp.note if comp else ""))
            return
        t_gen = time.perf_counter()
        wording = yield from self._word(standalone, candidates, len(passages), comp, backend, timings, t0)
        text, cites = render(comp, candidates, wording.written)
        timings["generate_s"] = time.perf_counter() - t_gen
        timings["total_s"] = time.perf_counter() - t0
        yield Done(
            Answer(
                question=question,
                standalone=standalone,
                text=text,
                refused=False,
                citations=cites,
                backend=wording.backend,
                model=wording.model,
                mode="generated" if wording.written else "quoted",
                timings=timings,
                draft=wording.draft,
                dropped=wording.dropped,
                note=wording.note,
                interrupted=wording.interrupted,
                kind=ask.kind,
                disagreements=disagreements(comp, cites, candidates),
            )
        )

    def _compose(
        self, ask: question_analysis.Ask, candidates: list[Passage], retriever: Retriever
    ) -> Composition:
        """The direct answer and its evidence, from the spans of every candidate passage."""
        sources = [(p.chunk.text, f"{p.chunk.title} > {p.chunk.section}") for p in candidates]
        opened = retriever.openings([p.chunk.doc_id for p in candidates])
        return compose(
            ask,
            sources,
            self.similarity,
            self.settings.evidence_threshold,
            self.settings.evidence_max,
            retriever.vocabulary(),
            [f"{doc_words(p.chunk.doc_id)} > {s}" for p, (_, s) in zip(candidates, sources, strict=True)],
            [p.chunk.table_header for p in candidates],
            [opened[p.chunk.doc_id] for p in candidates],
        )

    def _other_sides(
        self, ask: question_analysis.Ask, candidates: list[Passage], retriever: Retriever, comp: Composition
    ) -> tuple[Composition, list[Passage]] | None:
        """The answer composed again with the passages most like its own first sentence, when they
        disagree with it: another document's figure for the same thing ("The estimated contract value
        is EUR 1,850,000" against "a contract worth €2.6 million") is worded like the answer, not like
        the question. None when the answer is refused, already shows both sides, or they find none;
        the answer itself is kept as it was."""
        if comp.refused or comp.disagreements or not comp.leads or ask.kind not in OTHER_SIDE_KINDS:
            return None
        seen = {p.chunk.id for p in candidates}
        lead = comp.leads[0].text
        # (from other documents: the answer's own may fill the search, its table and its prose giving one
        # date twice, while a thread's "it came out in November 2023" ranks ninth)
        own = {candidates[s.passage].chunk.doc_id for s in comp.leads[0].spans}
        found = retriever.retrieve(lead, OTHER_SIDE_K * OTHER_SIDE_WIDER)
        more = [p for p in found if p.chunk.id not in seen and p.chunk.doc_id not in own][:OTHER_SIDE_K]
        if not more:
            return None
        wider = candidates + more
        again = self._compose(ask, wider, retriever)
        if again.refused or not again.disagreements or not again.leads or again.leads[0].text != lead:
            return None
        return again, wider

    def _word(
        self,
        standalone: str,
        candidates: list[Passage],
        k: int,
        comp: Composition,
        backend: str | None,
        timings: dict[str, float],
        t0: float,
    ) -> Generator[Event, None, Wording]:
        """The model's draft, streamed and then checked sentence by sentence against its sources; no
        model (the spans word the answer) gives an empty wording."""
        wording = Wording()
        model, wording.note = self._wording(backend)
        if wording.note:
            yield Notice(wording.note)
        if model is None:
            return wording
        parts: list[str] = []
        for event in self._draft(model, standalone, candidates, k, comp, backend, timings, t0, parts):
            if isinstance(event, _Switched):
                model = event.model
                continue
            if isinstance(event, Notice):
                wording.note = event.text
                wording.interrupted = wording.interrupted or "interruption" in event.text
            yield event
        if model is None:
            return wording
        wording.draft = "".join(parts)
        shown = _shown(model, comp, candidates, k)[0]
        written, wording.dropped, denied = check_draft(
            standalone, wording.draft, [candidates[i] for i in shown], self.settings, self.similarity
        )
        # The model numbers what it was shown; the answer numbers the candidates.
        wording.written = [
            replace(s, cites=tuple(shown[n - 1] + 1 for n in s.cites if 0 < n <= len(shown))) for s in written
        ]
        wording.model, wording.backend = model.model, model.backend
        if denied:
            s = "s" if denied > 1 else ""
            removed = (
                f"{denied} sentence{s} contradicted {'their' if s else 'its'} sources "
                f"and {'were' if s else 'was'} removed."
            )
            wording.note = " ".join(x for x in (wording.note, removed) if x)
        return wording

    def _refusal(
        self, question: str, standalone: str, timings: dict[str, float], t0: float, why: str
    ) -> Answer:
        timings.setdefault("generate_s", 0.0)
        timings["total_s"] = time.perf_counter() - t0
        text = REFUSAL if not why else f"{REFUSAL_HEAD} ({why}). {REFUSAL_HINT}"
        return Answer(
            question=question,
            standalone=standalone,
            timings=timings,
            text=text,
            refused=True,
            citations=[],
            backend="none",
            model="none",
            mode="refused",
            note=why,
            kind=question_analysis.analyse(standalone).kind,
        )

    def _wording(self, backend: str | None) -> tuple[ChatModel | None, str]:
        """The model that words the answer (None: the documents' own spans do), and a note on why.

        Ollama's model when it is asked for or, under `auto`, when it answers; the embedded 135M model
        only when `answer_with_model` says "always", because the evals show its drafts add no facts to
        the spans (evals/EXPERIMENTS.md) and loading it costs seconds.
        """
        if self._fixed_model is not None:
            return self._fixed_model, ""
        chosen = backend or self.settings.backend
        if self.settings.answer_with_model == "never":
            return None, ""
        if self.settings.answer_with_model == "always" or chosen in ("ollama", "mock"):
            return self._model(backend)
        if chosen == "embedded":
            return None, ""
        try:
            probe_ollama(self.settings)
        except BackendUnavailable as exc:
            return None, f"{exc}; answered in the documents' own words"
        return OllamaModel(self.settings), ""  # probed just now: `select` would ask Ollama a second time

    def _draft(
        self,
        model: ChatModel,
        standalone: str,
        candidates: list[Passage],
        k: int,
        comp: Composition,
        backend: str | None,
        timings: dict[str, float],
        t0: float,
        parts: list[str],
    ) -> Iterator[Event | _Switched]:
        """Stream the model's draft into `parts`; Ollama failing mid-answer under `auto` hands over to
        the embedded model, and an interruption keeps what arrived."""
        while True:
            shown, bodies = _shown(model, comp, candidates, k)
            messages, _ = build_messages(
                standalone, [candidates[i] for i in shown], model, self.settings, bodies
            )
            try:
                for piece in model.stream(messages, self.settings.max_answer_tokens):
                    if not parts:
                        timings["first_token_s"] = time.perf_counter() - t0
                    parts.append(piece)
                    yield Token(piece)
                return
            except (GenerationInterrupted, BackendUnavailable) as exc:
                if (backend or self.settings.backend) == "auto" and model.backend == "ollama":
                    # Under auto, what Ollama could not finish is answered as Ollama's absence is: from
                    # the spans, or by the embedded model when it is asked to word answers.
                    always = self.settings.answer_with_model == "always"
                    yield Notice(
                        f"{exc}; answered with the embedded model instead"
                        if always
                        else f"{exc}; answered in the documents' own words instead"
                    )
                    parts.clear()
                    if not always:
                        yield _Switched(None)
                        return
                    model = embedded(self.settings)
                    yield _Switched(model)
                    continue
                if not parts:
                    raise
                yield Notice(f"{exc}; the answer is checked from what arrived before the interruption")
                return

    def verify(self, claim: str, top_k: int | None = None) -> Verification:
        """A claim checked against the whole corpus: retrieval finds the passages about it, the verifier
        judges each; a contradiction outranks support (one passage denying it makes it unsafe to state)."""
        t0 = time.perf_counter()
        claim = " ".join(claim.split())
        if not claim:
            raise UsageError("the claim is empty; type a statement to check against the documents")
        if len(claim) > MAX_CLAIM_CHARS:
            raise UsageError(f"the claim is {len(claim):,} characters long; the limit is {MAX_CLAIM_CHARS:,}")
        retriever = self.retriever  # one index version for the whole check
        passages = retriever.retrieve(claim, top_k or self.settings.compose_k)
        judged, i = verify.judge_all(
            claim,
            [p.chunk.text for p in passages],
            self.similarity,
            retriever.vocabulary(),
            [p.chunk.table_header for p in passages],
        )
        verdict = {"not_stated": "not_found"}.get(judged.verdict, judged.verdict)
        cites: list[Citation] = []
        if verdict != "not_found" and i >= 0:
            c = passages[i].chunk
            span = ((c.start + judged.start, c.start + judged.end),)
            cites = [
                Citation(1, c.doc_id, c.title, c.section, c.text, c.start, c.end, c.line_start, c.line_end,
                         round(passages[i].score, 6), span, c.table_header)
            ]  # fmt: skip
        explanation = (
            judged.reason if verdict != "not_found" else "no passage of the corpus states it or denies it"
        )
        return Verification(claim, verdict, cites, explanation, time.perf_counter() - t0)

    def similarity(self, question: str, texts: list[str]) -> list[float]:
        """Cosine of each text to the question."""
        if self._vectors is None:
            self._vectors = SpanVectors(self.embedder)
        return self._vectors.similarity(question, texts)

    def _model(self, backend: str | None) -> tuple[ChatModel, str]:
        if self._fixed_model is not None:
            return self._fixed_model, ""
        selection = select(self.settings, backend)
        return selection.model, selection.note
