"""Corpus: the index's status → what the page says about it (counts, documents, flags), or how to build it.

The one decision this module owns: what a reader is offered when there is no index to answer from — a
damaged index shows what is wrong and a "Rebuild index" button, a missing one a "Build index" button.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from page.session import request_build
from rag.config import Settings
from rag.markdown import escape_markdown as md
from rag.refresh_text import age
from rag.status import IndexStatus


def build_button(label: str, key: str, primary: bool = False) -> None:
    st.button(
        label,
        key=key,
        type="primary" if primary else "secondary",
        icon=":material/build:",
        on_click=request_build,
    )


def corpus_status(settings: Settings, status: IndexStatus) -> None:
    st.subheader("Corpus", divider="gray")
    if status.problem:  # damaged, or its Chroma server not answering: say which, and the fix
        st.error(md(status.problem, keep_code=True), icon=":material/error:")
        build_button("Rebuild index", "build-sidebar")
        return
    if not status.ready:
        st.warning(f"No index yet for {md(str(settings.corpus_dir))}.", icon=":material/warning:")
        build_button("Build index", "build-sidebar")
        return
    docs, chunks = st.columns(2)
    docs.metric("Documents", status.documents)
    chunks.metric("Chunks", status.chunks)
    refreshed = datetime.fromtimestamp(status.last_refresh).strftime("%Y-%m-%d %H:%M")
    st.caption(
        f"Refreshed {age(status.last_refresh)} ({refreshed})  \n"
        f"Embeddings: {md(status.embedding_model)}  \n"
        f"Folder: {md(str(settings.corpus_dir))}"
    )
    with st.expander(f"Documents ({status.documents})"):
        for s in status.sources:
            st.markdown(f"**{md(s.title)}**  \n{md(s.source)} · {s.chunks} chunks")
    if status.flagged and not status.flagged_used:
        st.warning(
            f"Left out of answers: {', '.join(md(k) for k in status.flagged)}. These documents speak to AI "
            "assistants (a prompt-injection sign); see `rag status`.",
            icon="⚠️",
        )


def empty_index_notice(settings: Settings, status: IndexStatus | None = None) -> None:
    if status and status.problem:  # a damaged index: what is wrong, and the button that rebuilds it
        st.error(md(status.problem, keep_code=True), icon=":material/error:")
        build_button("Rebuild index", "build-main", primary=True)
        return
    st.info(
        f"There is no index yet. Build it from the documents in {md(str(settings.corpus_dir))}, "
        "or add documents in the sidebar.",
        icon=":material/info:",
    )
    build_button("Build index", "build-main", primary=True)
