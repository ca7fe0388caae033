"""The chat page: a question → the direct answer first, the documents' own words under it, the cited passages;
or a claim → its verdict and the deciding passage ("Check a claim").

A thin entry point, run with `streamlit run app.py` (`make run`): it sets the page up and puts together the
parts in `page/`, which call the same library functions the CLI calls. `Assistant.ask_stream` answers,
`refresh` brings the index in line with the corpus folder, `index_status` and `probe_ollama` fill the
sidebar. Models and the index are loaded once per process (`st.cache_resource`) and shared by every
browser session; the conversation is kept per session. Everything that comes from a document or from the
model is shown as escaped markdown (`rag.markdown`), and every error becomes one line with a way forward.
"""

from __future__ import annotations

import streamlit as st

from page.chat import answer_question, examples, show_turn
from page.claim import check_claim
from page.corpus import empty_index_notice
from page.engine import engine, load_settings
from page.evals import evals_view
from page.refresh import run_refresh
from page.session import state
from page.sidebar import sidebar
from page.watcher import corpus_watcher
from rag.answer import MAX_QUESTION_CHARS
from rag.config import Backend, Settings
from rag.markdown import escape_markdown as md
from rag.status import IndexStatus, index_status
from rag.turns import Turn, keep_recent

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
MODES = ["Ask a question", "Check a claim", "Evals"]


def read_status(settings: Settings) -> IndexStatus:
    """The index's status for the sidebar; an index that cannot be read at all counts as none, said once."""
    try:
        return index_status(settings)
    except Exception as exc:
        st.error(f"The index cannot be read ({md(str(exc))}). Build it again.", icon=":material/error:")
        return IndexStatus(str(settings.index_dir))


def chat(settings: Settings, status: IndexStatus, backend: Backend, top_k: int) -> None:
    """ "Ask a question": the conversation so far, then the question typed or asked by a button."""
    ss = state()
    st.caption(
        "Answers come only from the documents in the corpus, and every sentence cites the passage "
        "it rests on. Everything runs on this machine."
    )
    if ss.build:
        ss.build = False
        run_refresh(settings, [])
    if not status.ready:
        empty_index_notice(settings, status)
    turns: list[Turn] = ss.turns
    keep_recent(turns)  # a long chat shows its last turns: memory per session stays bounded
    for i, turn in enumerate(turns):
        show_turn(turn, i, last=i == len(turns) - 1)
    typed = st.chat_input(
        "Ask a question about the documents", max_chars=MAX_QUESTION_CHARS, submit_mode="stop"
    )
    question, asked_backend = (typed, None) if typed else (ss.pending or (None, None))
    ss.pending = None
    if question:
        answer_question(settings, str(question), asked_backend or backend, top_k)
    elif not turns and status.ready:
        examples()


def main() -> None:
    st.set_page_config(
        page_title="Ask the documents",
        page_icon="📚",
        layout="centered",
        menu_items={"About": "A private, local assistant: cited answers from your documents."},
    )
    st.html(STYLE)
    state()
    settings = load_settings()
    engine(settings)  # starts loading the models in the background on the first visit
    corpus_watcher(settings)  # starts watching the corpus folder on the first visit when RAG_WATCH=1
    status = read_status(settings)
    backend, top_k = sidebar(settings, status)

    st.title("Ask the documents")
    mode = st.segmented_control("Mode", MODES, default=MODES[0], key="mode", label_visibility="collapsed")
    if mode == "Evals":
        evals_view(settings, status)
    elif mode == "Check a claim":
        if status.ready:
            check_claim(settings)
        else:
            empty_index_notice(settings, status)
    else:
        chat(settings, status, backend, top_k)


main()
