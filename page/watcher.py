"""Watcher: the "Watch the corpus folder" toggle → one watcher thread per page process, and news of new versions.

One watcher (rag/watch.py) serves every browser session, with the page's own embedder (one model in memory);
every open page looks for a new index version every few seconds and says what changed. The one decision
this module owns: that there is at most one watcher, which every tab shows and any tab turns on or off.
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import datetime

import streamlit as st

from page.engine import BY_SETTINGS, Engine, engine
from rag.config import Settings
from rag.manifest import current_version
from rag.markdown import escape_markdown as md
from rag.refresh_text import news
from rag.report import changes_between
from rag.watch import WatchEvent, watch

log = logging.getLogger("rag.app")

# How often an open page looks for a new index version: each look is a rerun of the fragment, about 0.1
# of a core per open page at 2 s; at 5 s ten open pages cost less than one core and news still feels live.
NEWS_EVERY_S = 5
WATCH_ON = {"1", "true", "yes", "on"}  # the values of RAG_WATCH that turn watching on


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
    return os.environ.get("RAG_WATCH", "").strip().lower() in WATCH_ON


@st.cache_resource(show_spinner=False, hash_funcs=BY_SETTINGS)
def corpus_watcher(settings: Settings) -> Watcher:
    watcher = Watcher(threading.Lock())
    if watch_by_default():
        start_watching(watcher, settings)
    return watcher


def start_watching(watcher: Watcher, settings: Settings) -> None:
    with watcher.lock:
        if watcher.running:
            return
        # A new stop event: a watcher just turned off may still be finishing its refresh; it ends on its own.
        watcher.stop = threading.Event()
        watcher.thread = threading.Thread(
            target=_watch_corpus,
            args=(watcher, engine(settings), watcher.stop),
            name="rag-watch",
            daemon=True,
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
        watch(eng.assistant.settings, keep, stop_event=stop, embedder=eng.embedder())
    except Exception as exc:  # the page shows it under the toggle, which then reads "off"
        log.exception("watching the corpus folder stopped")
        watcher.last = WatchEvent(None, exc)


def toggle_watch(settings: Settings) -> None:
    watcher = corpus_watcher(settings)
    if st.session_state.watch:
        start_watching(watcher, settings)
    else:
        stop_watching(watcher)


def watch_status(settings: Settings, drawn_version: str | None) -> None:
    """The "Watch the corpus folder" toggle, and what the last refreshes changed."""
    watcher = corpus_watcher(settings)
    st.session_state.watch = watcher.running  # one watcher for every tab: show what it does
    st.toggle(
        "Watch the corpus folder",
        key="watch",
        on_change=toggle_watch,
        args=(settings,),
        help=f"Index new, edited, renamed and deleted files in {md(str(settings.corpus_dir))} by itself, about a "
        "second after they stop changing.",
    )
    index_news(settings, drawn_version)


@st.fragment(run_every=NEWS_EVERY_S)
def index_news(settings: Settings, drawn_version: str | None) -> None:
    """Every few seconds: has a refresh (the watcher's, another tab's, `rag ingest`) made a new index version?

    Say what changed, and redraw the page once from the new version. Answers need no reload: the assistant
    opens the current version for every question (`Assistant.retriever`).
    """
    ss = st.session_state
    current = current_version(settings.index_dir)
    seen = ss.setdefault("seen_version", drawn_version)
    if current is not None and current != seen:
        ss.seen_version = current
        ss.watch_news = news(changes_between(settings.index_dir, seen, current), datetime.now())
        if current != drawn_version:
            st.rerun()  # the sidebar's counts were drawn from the old version
    headline, lines = ss.get("watch_news") or ("", [])
    if headline:
        st.caption(f":material/sync: {md(headline)}" + "".join(f"  \n{md(line)}" for line in lines))
    last = corpus_watcher(settings).last
    if last is not None and last.error is not None:
        st.caption(f":material/error: The last refresh failed: {md(last.message, keep_code=True)}")
