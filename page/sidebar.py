"""Sidebar: the settings and the index's status → the corpus, the watcher, the model, retrieval and uploads.

The one decision this module owns: which backend answers, as the reader chose it, and what the page says
about the one that will (Ollama reachable or not; the documents quoted when no model adds facts to them).
"""

from __future__ import annotations

import streamlit as st

from page.corpus import corpus_status
from page.engine import embedded_model_name, ollama_problem
from page.refresh import add_documents
from page.session import new_chat
from page.watcher import watch_status
from rag.config import Backend, Settings
from rag.markdown import escape_markdown as md
from rag.status import IndexStatus

BACKENDS: dict[Backend, str] = {
    "auto": "Auto (Ollama, else embedded)",
    "ollama": "Ollama",
    "embedded": "Embedded model",
    "mock": "Demo (a scripted model)",
}
MIN_TOP_K_CHOICES = 10  # the slider reaches at least this far, whatever the settings' default


def sidebar(settings: Settings, status: IndexStatus) -> tuple[Backend, int]:
    """Corpus status, model status, retrieval settings, new chat, uploads; returns (backend, top_k)."""
    with st.sidebar:
        st.button("New chat", icon=":material/add_comment:", on_click=new_chat, width="stretch")
        corpus_status(settings, status)
        watch_status(settings, status.version)
        backend = model_status(settings)
        st.subheader("Retrieval", divider="gray")
        top_k = st.slider(
            "Passages per answer (top-k)",
            1,
            max(MIN_TOP_K_CHOICES, settings.top_k),
            settings.top_k,
            key="top_k",
            help="How many retrieved passages the model reads before answering.",
        )
        add_documents(settings)
    return backend, top_k


def model_status(settings: Settings) -> Backend:
    st.subheader("Model", divider="gray")
    choices = list(BACKENDS)
    backend = st.selectbox(
        "Answer with",
        choices,
        index=choices.index(settings.backend),
        format_func=BACKENDS.__getitem__,
        key="backend",
    )
    problem = ollama_problem(settings)
    ollama = f"**{md(settings.ollama_model)}**  \nOllama at {md(settings.ollama_host)}"
    why = md(problem or "", keep_code=True)
    quoted = ":material/format_quote: **Answers quoted from the documents**"
    why_not = "The embedded 135M model adds no facts to them (evals/EXPERIMENTS.md), so it is not loaded."
    if settings.answer_with_model == "always":
        why_not = f"{embedded_model_name(settings)} words them, checked sentence by sentence."
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
