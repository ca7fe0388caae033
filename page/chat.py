"""Chat: a question → the draft's progress while it is checked, then the answer, its sources, or the error.

The one decision this module owns: what the reader sees of an answer, in order — the direct answer first and
prominent, the documents' own words under it as quotations, each side where sources differ, notes on how it
was made, then the cited passages; a draft is never shown (it is checked before anyone reads it), only its
progress; an error is one line with the button that fixes it.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import streamlit as st

from page.engine import Engine, engine
from page.session import ask, retry
from rag import answer_text
from rag.answer import Answer, Citation, Done, Notice, Retrieved, Token
from rag.config import Backend, Settings
from rag.errors import RagError
from rag.failures import explain
from rag.markdown import answer_markdown, highlighted
from rag.markdown import escape_markdown as md
from rag.queue import queue_notice
from rag.turns import ErrorKind, Turn, error_kind, history

log = logging.getLogger("rag.app")

EXAMPLES = (
    "Which institute developed the Falcon models?",
    "Which models from Mistral AI are mentioned in the documents?",
    "In simple terms, what are the weights of a language model?",
)
# The button each kind of error offers on the last turn: (label, icon, what `retry` is asked, primary);
# a usage error (an empty or too long question) is fixed by typing, so it offers none.
FIXES: dict[ErrorKind, tuple[str, str, dict[str, Any], bool]] = {
    "index": ("Build index and ask again", ":material/build:", {"build": True}, True),
    "backend": ("Answer without Ollama", ":material/memory:", {"backend": "embedded"}, True),
    "retry": ("Ask again", ":material/replay:", {}, False),
}


def show_turn(turn: Turn, index: int, last: bool) -> None:
    with st.chat_message("user"):
        st.markdown(md(turn.question))
    with st.chat_message("assistant"):
        show_answer(turn, index, last)


def show_answer(turn: Turn, index: int, last: bool) -> None:
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
        st.caption(f":material/info: {md(notice, keep_code=True)}")
    notes = " ".join(md(n) for n in answer_text.answer_notes(answer))
    if answer.refused:
        st.markdown(f"**{md(answer_text.PAGE_REFUSAL)}**")
        st.caption(answer_text.REFUSAL_HINT)
        if notes:
            st.caption(f":material/fact_check: {notes}")
        return
    parts = answer_text.answer_parts(answer.text)
    # The direct answer first and prominent; the documents' own words under it, as quotations.
    with st.container(key=f"lead-{index}"):
        st.markdown(answer_markdown(parts.lead))
    if parts.quotes:
        st.markdown("\n".join(f"> {answer_markdown(q)}  " for q in parts.quotes))
    if parts.sides:
        # The documents disagree: each side next to the other, with its own citations.
        st.markdown(":material/compare_arrows: **Sources differ**")
        for column, side in zip(st.columns(len(parts.sides)), parts.sides, strict=True):
            with column, st.container(border=True):
                st.markdown(answer_markdown(side))
    if parts.note:
        st.caption(f":material/info: {md(parts.note)}")
    if notes:
        st.caption(f":material/fact_check: {notes}")
    show_sources(answer, index)
    st.caption(md(answer_text.answer_footer(answer)))


def show_sources(answer: Answer, index: int) -> None:
    with st.container(key=f"sources-{index}", gap="small"):
        st.caption("**Sources** · open one to read the quoted passage")
        for c in answer.citations:
            show_citation(c)


def show_citation(c: Citation, expanded: bool = False) -> None:
    """A cited passage under its one-line heading: where it is, and the spans the answer took in bold."""
    with st.expander(md(answer_text.citation_label(c)), icon=":material/format_quote:", expanded=expanded):
        st.caption(f":material/description: {md(answer_text.location(c))}")
        st.markdown(highlighted(c))


def show_error(turn: Turn, index: int, last: bool) -> None:
    """The error in one line; on the last turn, the button that fixes it (and asks again)."""
    st.error(md(turn.error, keep_code=True), icon=":material/error:")
    fix = FIXES.get(turn.error_kind) if last and turn.error_kind else None
    if fix is None:
        return
    label, icon, retry_with, primary = fix
    st.button(
        label,
        key=f"fix-{index}",
        icon=icon,
        type="primary" if primary else "secondary",
        on_click=retry,
        kwargs=retry_with,
    )
    if turn.error_kind == "backend":
        st.caption("Or start Ollama (`ollama serve`) and ask again.")


def answer_question(settings: Settings, question: str, backend: Backend, top_k: int) -> None:
    """Stream the draft into a new assistant message, then replace it with the checked answer."""
    turns: list[Turn] = st.session_state.turns
    past = history(turns)
    turn = Turn(question, backend)
    turns.append(turn)  # kept even if the run is stopped mid-answer
    with st.chat_message("user"):
        st.markdown(md(question))
    with st.chat_message("assistant"):
        live = st.empty()
        try:
            turn.answer = stream(engine(settings), live, turn, past, top_k)
        except RagError as exc:
            turn.error, turn.error_kind = str(exc), error_kind(exc)
        except Exception as exc:
            known = explain(settings, exc)  # the index or its Chroma server, named as such
            if known is None:
                log.exception("answering failed")
            turn.error = str(known) if known else f"The answer failed ({type(exc).__name__}: {exc})."
            turn.error_kind = error_kind(known) if known else "retry"
        live.empty()
        show_answer(turn, len(turns) - 1, last=True)


def stream(eng: Engine, live: Any, turn: Turn, past: list[tuple[str, str]], top_k: int) -> Answer:
    with live.container():
        status = st.empty()
        notices = st.container()
        body = st.container(key="draft").empty()
    status.caption(":material/search: Searching the documents…")

    queued: list[float] = []  # when this question found the engine busy

    def waiting(ahead: int) -> None:  # while other sessions' questions are answered: this one's place
        queued[:] = queued or [time.perf_counter()]
        status.caption(f":material/hourglass_top: {queue_notice(ahead)}")

    with eng.lock.turn(on_wait=waiting):
        served = time.perf_counter()
        status.caption(":material/search: Searching the documents…")
        words = 0
        for event in eng.assistant.ask_stream(turn.question, past, turn.backend, top_k):
            if isinstance(event, Retrieved):
                status.caption(
                    f":material/manage_search: Finding the answer in {len(event.passages)} passages…"
                )
            elif isinstance(event, Notice):
                turn.notices.append(event.text)
                notices.caption(f":material/info: {md(event.text, keep_code=True)}")
            elif isinstance(event, Token):
                # A draft is checked before anyone reads it: show progress, not words that may be removed.
                words += len(event.text.split())
                body.caption(f":material/edit_note: The model is wording the answer… ({words} words)")
            elif isinstance(event, Done):
                status.caption(":material/fact_check: Checking every sentence against its source…")
                if queued:  # the footer says why an answer took longer than its own seconds
                    event.answer.timings["waited_s"] = served - queued[0]
                return event.answer
    raise RuntimeError("the answer stream ended without an answer")


def examples() -> None:
    # One container, so the first message of the conversation takes its place at once.
    with st.container(key="examples"):
        st.caption("Try one of these, or type your own question below:")
        for i, q in enumerate(EXAMPLES):
            st.button(q, key=f"example-{i}", icon=":material/chat_bubble:", on_click=ask, args=(q,))
