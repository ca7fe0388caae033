"""Claim: "Check a claim" → a statement's verdict (supported, contradicted, not found) and the deciding passage.

The one decision this module owns: that a verdict is never shown without the passage that decides it,
opened under the verdict, and that a failed check is one line and clears the previous verdict.
"""

from __future__ import annotations

import logging

import streamlit as st

from page.chat import show_citation
from page.engine import engine
from rag.answer import MAX_CLAIM_CHARS
from rag.answer_text import verdict_line
from rag.config import Settings
from rag.errors import RagError
from rag.markdown import escape_markdown as md

log = logging.getLogger("rag.app")


def check_claim(settings: Settings) -> None:
    """ "Check a claim": a statement → supported, contradicted or not found, with the deciding passage."""
    st.caption(
        "Heard a claim about a model (“Llama 2 is fully open source”)? Check it against the documents: "
        "the verdict comes with the passage that decides it."
    )
    with st.form("claim-form", border=False):
        claim = st.text_area("Claim", max_chars=MAX_CLAIM_CHARS, placeholder="Falcon was developed by Meta.")
        checked = st.form_submit_button("Check the claim", type="primary", icon=":material/fact_check:")
    if checked:
        verify(settings, claim)
    result = st.session_state.get("claim_result")
    if result is None:
        return
    icon, heading = verdict_line(result.verdict)
    with st.container(key="verdict"):
        st.markdown(f"{icon} **{heading}**")
    st.caption(f"“{md(result.claim)}” · {md(result.explanation)} · {result.seconds:.2f} s")
    for c in result.citations:
        show_citation(c, expanded=True)


def verify(settings: Settings, claim: str) -> None:
    """Check the claim with the shared assistant; keep its result, or say in one line why there is none."""
    eng = engine(settings)
    try:
        with eng.lock:
            st.session_state.claim_result = eng.assistant.verify(claim)
    except RagError as exc:
        st.session_state.claim_result = None
        st.error(md(str(exc), keep_code=True), icon=":material/error:")
    except Exception as exc:
        log.exception("claim check failed")
        st.session_state.claim_result = None
        st.error(f"The check failed ({type(exc).__name__}: {md(str(exc))}).", icon=":material/error:")
