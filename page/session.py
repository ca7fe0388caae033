"""Session: a browser session → its state (the conversation, a pending question, the last refresh's outcome).

The conversation is kept per session; the buttons' callbacks run before the next script run and leave a
request in the session state, which the page acts on as it draws. The one decision this module owns: what a
session remembers between runs, and its defaults.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from rag.config import Backend
from rag.turns import Turn


def state() -> Any:
    """The session's defaults, set once per browser session."""
    ss = st.session_state
    ss.setdefault("turns", [])
    ss.setdefault("pending", None)  # (question, backend) asked by a button
    ss.setdefault("upload_key", 0)
    ss.setdefault("refresh_outcome", None)
    ss.setdefault("build", False)
    return ss


def new_chat() -> None:
    st.session_state.turns = []
    st.session_state.pending = None


def ask(question: str, backend: Backend | None = None) -> None:
    st.session_state.pending = (question, backend)


def retry(backend: Backend | None = None, build: bool = False) -> None:
    """Ask the failed last question again (after building the index, when `build`)."""
    turns: list[Turn] = st.session_state.turns
    if turns:
        failed = turns.pop()
        st.session_state.pending = (failed.question, backend or failed.backend)
    st.session_state.build = build


def request_build() -> None:
    st.session_state.build = True
