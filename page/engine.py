"""Engine: the page's settings → the models, the index and the line to them, shared by every browser session.

Models and the index are loaded once per process (`st.cache_resource`), in the background on the first
visit, so the first question is fast. The one decision this module owns: what is shared by every session
(the assistant, its line, Ollama's reachability) and how often it is asked again.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import streamlit as st

from rag.answer import Assistant
from rag.config import Settings
from rag.errors import RagError
from rag.llm import packaged_gguf, probe_ollama, select
from rag.queue import Line

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

log = logging.getLogger("rag.app")

# Cached per distinct settings, read through their JSON: the page's cache keys on the values, not on
# the object, and every rerun builds a new (equal) Settings.
BY_SETTINGS: dict[str | type[Any], Callable[[Any], Any]] = {Settings: Settings.model_dump_json}
# Ollama started or stopped shows within half a minute; a probe on every page run would be too many.
OLLAMA_PROBE_TTL_S = 30


@dataclass
class Engine:
    """The process-wide assistant, and the line that lets one answer (or model load) run at a time, first
    come first served: llama.cpp is not thread-safe, and every browser session shares the one model."""

    assistant: Assistant
    lock: Line

    def embedder(self) -> BaseEmbedding:
        """The shared embedder; waits while the warm-up loads it, rather than load it a second time."""
        with self.lock:
            return self.assistant.embedder


def load_settings() -> Settings:
    """Settings from the environment (`RAG_*`) and `.env`, as the CLI reads them."""
    return Settings()


@st.cache_resource(show_spinner=False, hash_funcs=BY_SETTINGS)
def engine(settings: Settings) -> Engine:
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


@st.cache_data(ttl=OLLAMA_PROBE_TTL_S, show_spinner=False, hash_funcs=BY_SETTINGS)
def ollama_problem(settings: Settings) -> str | None:
    """Why Ollama cannot answer (None when it can); asked at most every 30 s."""
    try:
        probe_ollama(settings)
    except Exception as exc:
        return str(exc) or type(exc).__name__
    return None


@st.cache_resource(show_spinner=False, hash_funcs=BY_SETTINGS)
def embedded_model_name(settings: Settings) -> str:
    try:
        return (settings.embedded_model_path or packaged_gguf()).stem
    except RagError as exc:
        return f"not available ({exc})"
