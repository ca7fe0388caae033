"""The chat page: a question → the direct answer first, the documents' own words under it, the cited passages;
or a claim → its verdict and the deciding passage ("Check a claim").

A thin layer over the library, run with `streamlit run app.py` (`make run`). `Assistant.ask_stream` answers,
`refresh` brings the index in line with the corpus folder, `index_status` and `probe_ollama` fill the
sidebar. Models and the index are loaded once per process (`st.cache_resource`) and shared by every
browser session; the conversation is kept per session. Everything that comes from a document or from the
model is shown as escaped markdown (`rag.ui`), and every error becomes one line with a way forward.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import streamlit as st

from rag import store, ui
from rag.answer import MAX_CLAIM_CHARS, MAX_QUESTION_CHARS, Answer, Assistant, Done, Notice, Retrieved, Token
from rag.config import Settings
from rag.errors import IndexBusy, RagError
from rag.ingest import RefreshReport, refresh
from rag.llm import packaged_gguf, probe_ollama, select
from rag.queue import Line
from rag.refresh_text import change_lines
from rag.status import index_status
from rag.watch import WatchEvent, changes_between, watch

log = logging.getLogger("rag.app")

EXAMPLES = (
    "Which institute developed the Falcon models?",
    "Which models from Mistral AI are mentioned in the documents?",
    "In simple terms, what are the weights of a language model?",
)
BACKENDS = {
    "auto": "Auto (Ollama, else embedded)",
    "ollama": "Ollama",
    "embedded": "Embedded model",
}
# A constant stylesheet (nothing from a document or the model): long unbroken strings wrap instead of
# widening the page; passages read as quotations.
STYLE = """<style>
[data-testid="stMarkdownContainer"], [data-testid="stExpander"] summary,
[data-testid="stCaptionContainer"] { overflow-wrap: anywhere; word-break: break-word; }
.st-key-draft [data-testid="stMarkdownContainer"] { color: #6b7280; }
[class*="st-key-lead-"] [data-testid="stMarkdownContainer"] p { font-size: 1.15rem; font-weight: 600; }
[class*="st-key-sources-"] [data-testid="stExpanderDetails"] [data-testid="stMarkdownContainer"] {
  border-left: 3px solid #c7d2fe; padding-left: 0.75rem; }
</style>"""


@dataclass
class Engine:
    """The process-wide assistant, and the line that lets one answer (or model load) run at a time, first
    come first served: llama.cpp is not thread-safe, and every browser session shares the one model."""

    assistant: Assistant
    lock: Line


@st.cache_resource(show_spinner=False)
def engine(settings_json: str) -> Engine:
    settings = Settings.model_validate_json(settings_json)
    eng = Engine(Assistant(settings), Line())
    threading.Thread(target=_warm_up, args=(eng,), name="rag-warm-up", daemon=True).start()
    return eng


def _warm_up(eng: Engine) -> None:
    """Load the embedder, the index and the model in the background, so the first question is fast."""
    with eng.lock:
        try:
            eng.assistant.retriever.embed_query("warm up")
            select(eng.assistant.settings)
        except Exception as exc:  # the page reports these when they matter; a warm-up only tries
            log.info("warm-up stopped: %s", exc)


@st.cache_data(ttl=30, show_spinner=False)
def ollama_problem(settings_json: str) -> str | None:
    """Why Ollama cannot answer (None when it can); asked at most every 30 s."""
    try:
        probe_ollama(Settings.model_validate_json(settings_json))
    except Exception as exc:
        return str(exc) or type(exc).__name__
    return None


@st.cache_resource(show_spinner=False)
def embedded_model_name(settings_json: str) -> str:
    settings = Settings.model_validate_json(settings_json)
    try:
        return (settings.embedded_model_path or packaged_gguf()).stem
    except RagError as exc:
        return f"not available ({exc})"


def load_settings() -> Settings:
    """Settings from the environment (`RAG_*`) and `.env`, as the CLI reads them."""
    overrides: dict[str, Any] = {}
    return Settings(**overrides)


def md(text: str) -> str:
    """Text from a document, the model, a file name or an error, as inert markdown."""
    return ui.escape_markdown(text)


def state() -> Any:
    """The session's defaults, set once per browser session."""
    ss = st.session_state
    ss.setdefault("turns", [])
    ss.setdefault("pending", None)  # (question, backend) asked by a button
    ss.setdefault("upload_key", 0)
    ss.setdefault("refresh_outcome", None)
    ss.setdefault("build", False)
    return ss


# Callbacks: they run before the next script run and leave a request in the session state.


def new_chat() -> None:
    st.session_state.turns = []
    st.session_state.pending = None


def ask(question: str, backend: str | None = None) -> None:
    st.session_state.pending = (question, backend)


def retry(backend: str | None = None, build: bool = False) -> None:
    """Ask the failed last question again (after building the index, when `build`)."""
    turns: list[ui.Turn] = st.session_state.turns
    if turns:
        failed = turns.pop()
        st.session_state.pending = (failed.question, backend or failed.backend)
    st.session_state.build = build


def request_build() -> None:
    st.session_state.build = True


# Sidebar.


def sidebar(settings: Settings, key: str, status: dict[str, Any]) -> tuple[str, int]:
    """Corpus status, model status, retrieval settings, new chat, uploads; returns (backend, top_k)."""
    with st.sidebar:
        st.button("New chat", icon=":material/add_comment:", on_click=new_chat, width="stretch")
        corpus_status(settings, status)
        watch_status(settings, key, status.get("version"))
        backend = model_status(settings, key)
        st.subheader("Retrieval", divider="gray")
        top_k = st.slider(
            "Passages per answer (top-k)",
            1,
            max(10, settings.top_k),
            settings.top_k,
            key="top_k",
            help="How many retrieved passages the model reads before answering.",
        )
        add_documents(settings, key)
    return backend, top_k


def corpus_status(settings: Settings, status: dict[str, Any]) -> None:
    st.subheader("Corpus", divider="gray")
    if status.get("problem"):  # damaged, or its Chroma server not answering: say which, and the fix
        st.error(ui.escape_markdown(status["problem"], keep_code=True), icon=":material/error:")
        st.button("Rebuild index", key="build-sidebar", icon=":material/build:", on_click=request_build)
        return
    if not status.get("ready"):
        st.warning(f"No index yet for {md(str(settings.corpus_dir))}.", icon=":material/warning:")
        st.button("Build index", key="build-sidebar", icon=":material/build:", on_click=request_build)
        return
    docs, chunks = st.columns(2)
    docs.metric("Documents", status["documents"])
    chunks.metric("Chunks", status["chunks"])
    refreshed = datetime.fromtimestamp(status["last_refresh"]).strftime("%Y-%m-%d %H:%M")
    st.caption(
        f"Refreshed {ui.age(status['last_refresh'])} ({refreshed})  \n"
        f"Embeddings: {md(status['embedding_model'])}  \n"
        f"Folder: {md(str(settings.corpus_dir))}"
    )
    with st.expander(f"Documents ({status['documents']})"):
        for s in status["sources"]:
            st.markdown(f"**{md(s['title'])}**  \n{md(s['source'])} · {s['chunks']} chunks")
    if status["flagged"] and not status["flagged_used"]:
        st.warning(
            f"Left out of answers: {', '.join(md(k) for k in status['flagged'])}. These documents speak to AI "
            "assistants (a prompt-injection sign); see `rag status`.",
            icon="⚠️",
        )


def model_status(settings: Settings, key: str) -> str:
    st.subheader("Model", divider="gray")
    choices = list(BACKENDS)
    backend: str = st.selectbox(
        "Answer with",
        choices,
        index=choices.index(settings.backend),
        format_func=BACKENDS.__getitem__,
        key="backend",
    )
    problem = ollama_problem(key)
    f"**{md(embedded_model_name(key))}**  \nembedded, llama.cpp on this machine"
    ollama = f"**{md(settings.ollama_model)}**  \nOllama at {md(settings.ollama_host)}"
    why = ui.escape_markdown(problem or "", keep_code=True)
    quoted = ":material/format_quote: **Answers quoted from the documents**"
    why_not = "The embedded 135M model adds no facts to them (evals/EXPERIMENTS.md), so it is not loaded."
    if settings.answer_with_model == "always":
        why_not = f"{embedded_model_name(key)} words them, checked sentence by sentence."
    if backend == "embedded":
        st.markdown(quoted)
        st.caption(f"{why_not} Ollama {'reachable' if problem is None else 'not reachable'}; not used.")
    elif problem is None:
        st.markdown(f":green[:material/check_circle:] {ollama}")
    elif backend == "ollama":
        st.markdown(f":red[:material/error:] {ollama} is not reachable")
        st.caption(f"{why}. Start Ollama, or answer with Auto.")
    else:
        st.markdown(quoted)
        st.caption(f"{why}. {why_not}")
    return backend


def add_documents(settings: Settings, key: str) -> None:
    st.subheader("Add documents", divider="gray")
    files = st.file_uploader(
        f"Markdown, text, HTML or PDF, up to {ui.MAX_UPLOAD_MB} MB each",
        type=ui.UPLOAD_TYPES,
        accept_multiple_files=True,
        max_upload_size=ui.MAX_UPLOAD_MB,
        key=f"uploads-{st.session_state.upload_key}",
        help=f"Saved into {settings.corpus_dir}/ (a file with the same name but other content is kept "
        "and the upload saved as name-2), then indexed.",
    )
    if st.button(
        "Add and index", type="primary", disabled=not files, icon=":material/upload:", width="stretch"
    ):
        run_refresh(settings, key, [(f.name, f.getvalue()) for f in files or []])
    if st.button(
        "Re-scan folder",
        icon=":material/refresh:",
        width="stretch",
        help="Index what changed in the corpus folder: new, edited and deleted files.",
    ):
        run_refresh(settings, key, [])
    show_outcome(st.session_state.refresh_outcome)


def show_outcome(outcome: ui.RefreshOutcome | None) -> None:
    if outcome is None:
        return
    box = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}[outcome.level]
    box(md(outcome.headline) + "".join(f"  \n· {md(line)}" for line in outcome.lines))


# Watching the corpus folder: one watcher thread per page process, shared by every browser session.


@dataclass
class Watcher:
    """The process-wide corpus watcher (rag/watch.py) and the last refresh it made, or why it failed."""

    lock: threading.Lock
    thread: threading.Thread | None = None
    stop: threading.Event | None = None
    last: WatchEvent | None = None

    @property
    def running(self) -> bool:
        alive = self.thread is not None and self.thread.is_alive()
        return alive and self.stop is not None and not self.stop.is_set()


def watch_by_default() -> bool:
    """`RAG_WATCH=1` (which `make run` sets) starts the page with the corpus folder watched."""
    return os.environ.get("RAG_WATCH", "").strip().lower() in {"1", "true", "yes", "on"}


@st.cache_resource(show_spinner=False)
def corpus_watcher(settings_json: str) -> Watcher:
    watcher = Watcher(threading.Lock())
    if watch_by_default():
        start_watching(watcher, settings_json)
    return watcher


def start_watching(watcher: Watcher, key: str) -> None:
    with watcher.lock:
        if watcher.running:
            return
        # A new stop event: a watcher just turned off may still be finishing its refresh; it ends on its own.
        watcher.stop = threading.Event()
        watcher.thread = threading.Thread(
            target=_watch_corpus, args=(watcher, engine(key), watcher.stop), name="rag-watch", daemon=True
        )
        watcher.thread.start()


def stop_watching(watcher: Watcher) -> None:
    with watcher.lock:
        if watcher.stop is not None:
            watcher.stop.set()  # a refresh under way completes; the thread ends at the next tick


def _watch_corpus(watcher: Watcher, eng: Engine, stop: threading.Event) -> None:
    """The watcher thread: refreshes with the page's own embedder (one model in memory) until `stop`."""

    def keep(event: WatchEvent) -> None:
        watcher.last = event
        if event.error is not None:
            log.warning("watch refresh failed: %s", event.message)

    try:
        with eng.lock:  # the warm-up may be loading the embedder: wait for it rather than load twice
            embedder = eng.assistant.embedder
        watch(eng.assistant.settings, keep, stop_event=stop, embedder=embedder)
    except Exception as exc:  # the page shows it under the toggle, which then reads "off"
        log.exception("watching the corpus folder stopped")
        watcher.last = WatchEvent(None, exc)


def toggle_watch(key: str) -> None:
    watcher = corpus_watcher(key)
    if st.session_state.watch:
        start_watching(watcher, key)
    else:
        stop_watching(watcher)


def watch_status(settings: Settings, key: str, drawn_version: str | None) -> None:
    """The "Watch the corpus folder" toggle, and what the last refreshes changed."""
    watcher = corpus_watcher(key)
    st.session_state.watch = watcher.running  # one watcher for every tab: show what it does
    st.toggle(
        "Watch the corpus folder",
        key="watch",
        on_change=toggle_watch,
        args=(key,),
        help=f"Index new, edited, renamed and deleted files in {md(str(settings.corpus_dir))} by itself, about a "
        "second after they stop changing.",
    )
    index_news(settings, key, drawn_version)


# How often an open page looks for a new index version: each look is a rerun of the fragment, about 0.1
# of a core per open page at 2 s; at 5 s ten open pages cost less than one core and news still feels live.
NEWS_EVERY_S = 5


@st.fragment(run_every=NEWS_EVERY_S)
def index_news(settings: Settings, key: str, drawn_version: str | None) -> None:
    """Every few seconds: has a refresh (the watcher's, another tab's, `rag ingest`) made a new index version?

    Say what changed, and redraw the page once from the new version. Answers need no reload: the assistant
    opens the current version for every question (`Assistant.retriever`).
    """
    ss = st.session_state
    current = store.current_version(settings.index_dir)
    seen = ss.setdefault("seen_version", drawn_version)
    if current is not None and current != seen:
        ss.seen_version = current
        ss.watch_news = news(changes_between(settings.index_dir, seen, current), datetime.now())
        if current != drawn_version:
            st.rerun()  # the sidebar's counts were drawn from the old version
    headline, lines = ss.get("watch_news") or ("", [])
    if headline:
        st.caption(f":material/sync: {md(headline)}" + "".join(f"  \n{md(line)}" for line in lines))
    last = corpus_watcher(key).last
    if last is not None and last.error is not None:
        st.caption(
            f":material/error: The last refresh failed: {ui.escape_markdown(last.message, keep_code=True)}"
        )


def news(report: RefreshReport | None, when: datetime) -> tuple[str, list[str]]:
    """("2 documents added, 1 updated — 10:42", the files by kind) for a new index version."""
    stamp = when.strftime("%H:%M")
    if report is None:  # the version the page showed is gone (two refreshes in a row): no diff to tell
        return f"The index was updated — {stamp}", []
    counts = [
        (len(report.added), "added"),
        (len(report.updated), "updated"),
        (len(report.removed), "removed"),
    ]
    shown = [(n, verb) for n, verb in counts if n]
    if not shown:
        return f"The index was rebuilt — {stamp}", []
    (n, verb), rest = shown[0], shown[1:]
    parts = [f"{n} document{'s' * (n != 1)} {verb}", *(f"{k} {v}" for k, v in rest)]
    return f"{', '.join(parts)} — {stamp}", change_lines(report)


# Refresh.


def run_refresh(settings: Settings, key: str, uploads: list[tuple[str, bytes]]) -> None:
    """Save the uploads, refresh the index with a progress bar, keep the summary, and rerun the page."""
    saved: list[ui.SavedUpload] = []
    rejected: list[str] = []
    for name, data in uploads:
        try:
            saved.append(ui.save_upload(settings.corpus_dir, name, data))
        except ui.UploadRejected as exc:
            rejected.append(str(exc))
        except OSError as exc:
            rejected.append(f"{ui.shown_name(name)}: could not be saved ({exc.strerror or exc})")
    report, error = None, ""
    if saved or not uploads:
        report, error = _refresh_with_progress(settings, key, len(saved))
    st.session_state.refresh_outcome = ui.refresh_outcome(report, saved, rejected, error)
    st.session_state.upload_key += 1  # a fresh, empty uploader
    st.rerun()


def _refresh_with_progress(settings: Settings, key: str, n_saved: int) -> tuple[RefreshReport | None, str]:
    label = f"Indexing {n_saved} new file{'s' * (n_saved != 1)}…" if n_saved else "Refreshing the index…"
    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0, text="Scanning the corpus folder…")

        def progress(stage: str, done: int, total: int) -> None:
            share = min(1.0, done / total) if total else 1.0
            bar.progress(share, text=f"{stage.capitalize()} {done}/{total}")

        eng = engine(key)
        try:
            with eng.lock:  # the warm-up may be loading the embedder: wait for it rather than load twice
                embedder = eng.assistant.embedder
            report = refresh(settings, embedder=embedder, progress=progress)
        except IndexBusy as exc:
            box.update(label="Another refresh is running", state="error")
            return None, f"{exc}. Wait for it to finish, then try again."
        except RagError as exc:
            box.update(label="Refresh failed", state="error")
            return None, str(exc)
        except Exception as exc:
            log.exception("refresh failed")
            box.update(label="Refresh failed", state="error")
            return None, f"{type(exc).__name__}: {exc}. The previous index is still in use."
        box.update(label=f"Index refreshed in {report.seconds:.1f} s", state="complete", expanded=False)
    return report, ""


# Chat.


def show_answer(turn: ui.Turn, index: int, last: bool) -> None:
    """The body of an assistant message: error, refusal, or checked answer with its sources."""
    if turn.error:
        show_error(turn, index, last)
        return
    answer = turn.answer
    if answer is None:
        st.caption("Stopped before the answer was complete.")
        return
    if answer.standalone.strip() != answer.question.strip():
        st.caption(f":material/search: Searched for: {md(answer.standalone)}")
    for notice in turn.notices:
        st.caption(f":material/info: {ui.escape_markdown(notice, keep_code=True)}")
    notes = " ".join(md(n) for n in ui.answer_notes(answer))
    if answer.refused:
        st.markdown(f"**{md(ui.PAGE_REFUSAL)}**")
        st.caption(ui.REFUSAL_HINT)
        if notes:
            st.caption(f":material/fact_check: {notes}")
        return
    parts = ui.answer_parts(answer.text)
    # The direct answer first and prominent; the documents' own words under it, as quotations.
    with st.container(key=f"lead-{index}"):
        st.markdown(ui.answer_markdown(parts.lead))
    if parts.quotes:
        st.markdown("\n".join(f"> {ui.answer_markdown(q)}  " for q in parts.quotes))
    if parts.sides:
        # The documents disagree: each side next to the other, with its own citations.
        st.markdown(":material/compare_arrows: **Sources differ**")
        for column, side in zip(st.columns(len(parts.sides)), parts.sides, strict=True):
            with column, st.container(border=True):
                st.markdown(ui.answer_markdown(side))
    if parts.note:
        st.caption(f":material/info: {md(parts.note)}")
    if notes:
        st.caption(f":material/fact_check: {notes}")
    show_sources(answer, index)
    st.caption(md(ui.answer_footer(answer)))


def show_sources(answer: Answer, index: int) -> None:
    with st.container(key=f"sources-{index}", gap="small"):
        st.caption("**Sources** · open one to read the quoted passage")
        for c in answer.citations:
            with st.expander(md(ui.citation_label(c)), icon=":material/format_quote:"):
                st.caption(f":material/description: {md(ui.location(c))}")
                st.markdown(ui.highlighted(c))


def show_error(turn: ui.Turn, index: int, last: bool) -> None:
    st.error(ui.escape_markdown(turn.error, keep_code=True), icon=":material/error:")
    if not last:
        return
    if turn.error_kind == "index":
        st.button(
            "Build index and ask again",
            key=f"fix-{index}",
            icon=":material/build:",
            type="primary",
            on_click=retry,
            kwargs={"build": True},
        )
    elif turn.error_kind == "backend":
        st.button(
            "Answer without Ollama",
            key=f"fix-{index}",
            icon=":material/memory:",
            type="primary",
            on_click=retry,
            kwargs={"backend": "embedded"},
        )
        st.caption("Or start Ollama (`ollama serve`) and ask again.")
    elif turn.error_kind == "retry":
        st.button("Ask again", key=f"fix-{index}", icon=":material/replay:", on_click=retry)


def show_turn(turn: ui.Turn, index: int, last: bool) -> None:
    with st.chat_message("user"):
        st.markdown(md(turn.question))
    with st.chat_message("assistant"):
        show_answer(turn, index, last)


def answer_question(key: str, question: str, backend: str, top_k: int) -> None:
    """Stream the draft into a new assistant message, then replace it with the checked answer."""
    turns: list[ui.Turn] = st.session_state.turns
    past = ui.history(turns)
    turn = ui.Turn(question, backend)
    turns.append(turn)  # kept even if the run is stopped mid-answer
    with st.chat_message("user"):
        st.markdown(md(question))
    with st.chat_message("assistant"):
        live = st.empty()
        try:
            turn.answer = stream(engine(key), live, turn, past, top_k)
        except RagError as exc:
            turn.error, turn.error_kind = str(exc), ui.error_kind(exc)
        except Exception as exc:
            known = store.explain(load_settings(), exc)  # the index or its Chroma server, named as such
            if known is None:
                log.exception("answering failed")
            turn.error = str(known) if known else f"The answer failed ({type(exc).__name__}: {exc})."
            turn.error_kind = ui.error_kind(known) if known else "retry"
        live.empty()
        show_answer(turn, len(turns) - 1, last=True)


def stream(eng: Engine, live: Any, turn: ui.Turn, past: list[tuple[str, str]], top_k: int) -> Answer:
    with live.container():
        status = st.empty()
        notices = st.container()
        body = st.container(key="draft").empty()
    status.caption(":material/search: Searching the documents…")

    def waiting(ahead: int) -> None:  # while other sessions' questions are answered: this one's place
        status.caption(f":material/hourglass_top: {ui.queue_notice(ahead)}")

    with eng.lock.turn(on_wait=waiting):
        status.caption(":material/search: Searching the documents…")
        words = 0
        for event in eng.assistant.ask_stream(turn.question, past, turn.backend, top_k):
            if isinstance(event, Retrieved):
                status.caption(
                    f":material/manage_search: Finding the answer in {len(event.passages)} passages…"
                )
            elif isinstance(event, Notice):
                turn.notices.append(event.text)
                notices.caption(f":material/info: {ui.escape_markdown(event.text, keep_code=True)}")
            elif isinstance(event, Token):
                # A draft is checked before anyone reads it: show progress, not words that may be removed.
                words += len(event.text.split())
                body.caption(f":material/edit_note: The model is wording the answer… ({words} words)")
            elif isinstance(event, Done):
                status.caption(":material/fact_check: Checking every sentence against its source…")
                return event.answer
    raise RuntimeError("the answer stream ended without an answer")


def check_claim(key: str) -> None:
    """ "Check a claim": a statement → supported, contradicted or not found, with the deciding passage."""
    st.caption(
        "Heard a claim about a model (“Llama 2 is fully open source”)? Check it against the documents: "
        "the verdict comes with the passage that decides it."
    )
    with st.form("claim-form", border=False):
        claim = st.text_area("Claim", max_chars=MAX_CLAIM_CHARS, placeholder="Falcon was developed by Meta.")
        checked = st.form_submit_button("Check the claim", type="primary", icon=":material/fact_check:")
    if checked:
        eng = engine(key)
        try:
            with eng.lock:
                st.session_state.claim_result = eng.assistant.verify(claim)
        except RagError as exc:
            st.session_state.claim_result = None
            st.error(ui.escape_markdown(str(exc), keep_code=True), icon=":material/error:")
        except Exception as exc:
            log.exception("claim check failed")
            st.session_state.claim_result = None
            st.error(f"The check failed ({type(exc).__name__}: {md(str(exc))}).", icon=":material/error:")
    result = st.session_state.get("claim_result")
    if result is None:
        return
    icon, heading = ui.verdict_line(result.verdict)
    with st.container(key="verdict"):
        st.markdown(f"{icon} **{heading}**")
    st.caption(f"“{md(result.claim)}” · {md(result.explanation)} · {result.seconds:.2f} s")
    for c in result.citations:
        with st.expander(md(ui.citation_label(c)), icon=":material/format_quote:", expanded=True):
            st.caption(f":material/description: {md(ui.location(c))}")
            st.markdown(ui.highlighted(c))


# "Evals": the golden set grows with the corpus (evals/suggest.py drafts, evals/review.py files).

EVAL_RESULTS = Path("evals/results")


def accept_candidate(candidate_id: str, corpus_dir: str) -> None:
    """Button callback: file a pending candidate into the golden set, with its provenance."""
    from evals.review import accept
    from evals.suggest import DEFAULT_CANDIDATES, read_candidates
    from rag.coverage import DEFAULT_GOLDEN

    found = [c for c in read_candidates(DEFAULT_CANDIDATES) if c.id == candidate_id]
    try:
        if not found:
            raise RagError(f"{candidate_id} is no longer pending")
        item_id = accept(found[0], DEFAULT_CANDIDATES, DEFAULT_GOLDEN, Path(corpus_dir))
    except RagError as exc:
        st.session_state.eval_notice = ("error", str(exc))
    else:
        st.session_state.eval_notice = ("success", f"Added {item_id} to {DEFAULT_GOLDEN}.")


def reject_candidate(candidate_id: str) -> None:
    """Button callback: drop a pending candidate."""
    from evals.review import reject
    from evals.suggest import DEFAULT_CANDIDATES

    try:
        reject(candidate_id, DEFAULT_CANDIDATES)
    except RagError as exc:
        st.session_state.eval_notice = ("error", str(exc))


def request_suggest() -> None:
    st.session_state.eval_suggest = True


def evals_view(settings: Settings, key: str, status: dict[str, Any]) -> None:
    """ "Evals": pending candidates with Accept / Reject, the documents no golden item covers, and the
    latest eval report."""
    notice = st.session_state.pop("eval_notice", None)
    if notice:
        kind, text = notice
        (st.success if kind == "success" else st.error)(md(text))
    st.caption(
        "Golden questions check that answers about each document stay right. New documents get drafted "
        "questions (`rag eval suggest`); accept the good ones into the golden set here or with "
        "`rag eval review`."
    )
    if st.session_state.pop("eval_suggest", False):
        draft_candidates(settings, key)
    uncovered_documents(settings, status)
    pending_candidates(settings)
    latest_report()


def draft_candidates(settings: Settings, key: str) -> None:
    from evals.suggest import DEFAULT_CANDIDATES, merge, suggest
    from rag.coverage import DEFAULT_GOLDEN

    eng = engine(key)
    try:
        with st.spinner("Drafting questions…"), eng.lock:
            result = suggest(settings, DEFAULT_GOLDEN, embedder=eng.assistant.embedder)
            merge(DEFAULT_CANDIDATES, result)
    except RagError as exc:
        st.error(ui.escape_markdown(str(exc), keep_code=True), icon=":material/error:")
        return
    st.success(f"{len(result.candidates)} questions drafted for {len(result.documents)} documents.")
    for note in result.notes:
        st.caption(md(note))


def uncovered_documents(settings: Settings, status: dict[str, Any]) -> None:
    from rag.coverage import DEFAULT_GOLDEN, corpus_coverage

    st.subheader("Coverage")
    try:
        cov = corpus_coverage(settings, DEFAULT_GOLDEN)
    except RagError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    if cov is None:
        st.caption(f"There is no golden set at {md(str(DEFAULT_GOLDEN))}.")
        return
    if not cov.needs:
        st.caption(f"All {len(cov.documents)} corpus documents have golden questions.")
        return
    lines = [f"- {md(d)} — no golden questions" for d in cov.uncovered]
    lines += [f"- {md(d)} — changed since its questions were accepted" for d in cov.changed]
    st.markdown("\n".join(lines))
    if status.get("ready"):
        st.button(
            "Draft questions for them",
            key="eval-suggest",
            icon=":material/auto_awesome:",
            on_click=request_suggest,
        )


def pending_candidates(settings: Settings) -> None:
    from evals.review import show_facts
    from evals.suggest import DEFAULT_CANDIDATES, read_candidates

    pending = read_candidates(DEFAULT_CANDIDATES)
    st.subheader(f"Pending questions ({len(pending)})")
    if not pending:
        st.caption("None are waiting.")
        return
    for c in pending:
        with st.container(border=True, key=f"candidate-{c.id}"):
            st.markdown(f"**{md(c.question)}**")
            hard = " · hard: retrieval misses its document" if c.hard else ""
            st.caption(f"{md(c.kind)} · {md(c.source)}{hard}  \nkey facts: {md(show_facts(c.key_facts))}")
            left, right, _ = st.columns([1, 1, 3])
            left.button(
                "Accept",
                key=f"accept-{c.id}",
                icon=":material/check:",
                on_click=accept_candidate,
                args=(c.id, str(settings.corpus_dir)),
            )
            right.button(
                "Reject",
                key=f"reject-{c.id}",
                icon=":material/close:",
                on_click=reject_candidate,
                args=(c.id,),
            )


def latest_report() -> None:
    import json

    from evals import report

    st.subheader("Latest eval report")
    path = EVAL_RESULTS / "latest.json"
    if not path.is_file():
        st.caption("No report yet: `make eval` writes one.")
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    manifest, groups = data.get("manifest", {}), data.get("summary", {})
    st.caption(
        f"{md(str(manifest.get('date', '?')))} · {md(str(manifest.get('backend', '?')))} "
        f"{md(str(manifest.get('model', '')))} · {manifest.get('questions', '?')} questions"
    )
    floors = {f["metric"]: f for f in data.get("floors", [])}
    rows = []
    for metric in report.ROWS:
        if not any(groups.get(t, {}).get(metric) is not None for t in groups):
            continue
        row: dict[str, Any] = {"metric": report.LABELS.get(metric, metric)}
        row.update({t: report.fmt(groups[t].get(metric), metric) for t in groups})
        row.update(
            floor=report.fmt(floors.get(metric, {}).get("floor"), metric),
            status=floors.get(metric, {}).get("status", ""),
        )
        rows.append(row)
    st.dataframe(rows, hide_index=True)
    for name, caption in (("metrics_by_type.png", "Metrics by question type"), ("latency.png", "Latency")):
        if (EVAL_RESULTS / name).is_file():
            st.image(str(EVAL_RESULTS / name), caption=caption)


def empty_index_notice(settings: Settings, status: dict[str, Any] | None = None) -> None:
    if status and status.get("problem"):  # a damaged index: what is wrong, and the button that rebuilds it
        st.error(ui.escape_markdown(status["problem"], keep_code=True), icon=":material/error:")
        st.button(
            "Rebuild index", key="build-main", type="primary", icon=":material/build:", on_click=request_build
        )
        return
    st.info(
        f"There is no index yet. Build it from the documents in {md(str(settings.corpus_dir))}, "
        "or add documents in the sidebar.",
        icon=":material/info:",
    )
    st.button(
        "Build index", key="build-main", type="primary", icon=":material/build:", on_click=request_build
    )


def examples() -> None:
    # One container, so the first message of the conversation takes its place at once.
    with st.container(key="examples"):
        st.caption("Try one of these, or type your own question below:")
        for i, q in enumerate(EXAMPLES):
            st.button(q, key=f"example-{i}", icon=":material/chat_bubble:", on_click=ask, args=(q,))


def main() -> None:
    st.set_page_config(
        page_title="Ask the documents",
        page_icon="📚",
        layout="centered",
        menu_items={"About": "A private, local assistant: cited answers from your documents."},
    )
    st.html(STYLE)
    ss = state()
    settings = load_settings()
    key = settings.model_dump_json()
    engine(key)  # starts loading the models in the background on the first visit
    corpus_watcher(key)  # starts watching the corpus folder on the first visit when RAG_WATCH=1
    try:
        status = index_status(settings)
    except Exception as exc:
        status = {"ready": False}
        st.error(f"The index cannot be read ({md(str(exc))}). Build it again.", icon=":material/error:")
    backend, top_k = sidebar(settings, key, status)

    st.title("Ask the documents")
    mode = st.segmented_control(
        "Mode",
        ["Ask a question", "Check a claim", "Evals"],
        default="Ask a question",
        key="mode",
        label_visibility="collapsed",
    )
    if mode == "Evals":
        evals_view(settings, key, status)
        return
    if mode == "Check a claim":
        if status.get("ready"):
            check_claim(key)
        else:
            empty_index_notice(settings, status)
        return
    st.caption(
        "Answers come only from the documents in the corpus, and every sentence cites the passage "
        "it rests on. Everything runs on this machine."
    )
    if ss.build:
        ss.build = False
        run_refresh(settings, key, [])
    if not status.get("ready"):
        empty_index_notice(settings, status)

    turns: list[ui.Turn] = ss.turns
    ui.keep_recent(turns)  # a long chat shows its last turns: memory per session stays bounded
    for i, turn in enumerate(turns):
        show_turn(turn, i, last=i == len(turns) - 1)
    typed = st.chat_input(
        "Ask a question about the documents", max_chars=MAX_QUESTION_CHARS, submit_mode="stop"
    )
    question, asked_backend = (typed, None) if typed else (ss.pending or (None, None))
    ss.pending = None
    if question:
        answer_question(key, str(question), asked_backend or backend, top_k)
    elif not turns and status.get("ready"):
        examples()


main()
