"""Refresh: uploaded files or a "Re-scan folder" press → files saved in the corpus, a refreshed index, its summary.

The one decision this module owns: that one press makes one refresh — every upload saved first (a bad one
refused with its reason, the others kept), then a single refresh with a progress bar, whose summary stays
under the buttons until the next one.
"""

from __future__ import annotations

import logging

import streamlit as st

from page.engine import engine
from rag import ingest
from rag.config import Settings
from rag.errors import IndexBusy, RagError
from rag.markdown import escape_markdown as md
from rag.refresh_text import RefreshOutcome, refresh_outcome
from rag.report import RefreshReport
from rag.uploads import MAX_UPLOAD_MB, UPLOAD_TYPES, SavedUpload, UploadRejected, save_upload, shown_name

log = logging.getLogger("rag.app")


def add_documents(settings: Settings) -> None:
    st.subheader("Add documents", divider="gray")
    files = st.file_uploader(
        f"Markdown, text, HTML or PDF, up to {MAX_UPLOAD_MB} MB each",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        max_upload_size=MAX_UPLOAD_MB,
        key=f"uploads-{st.session_state.upload_key}",
        help=f"Saved into {settings.corpus_dir}/ (a file with the same name but other content is kept "
        "and the upload saved as name-2), then indexed.",
    )
    if st.button(
        "Add and index", type="primary", disabled=not files, icon=":material/upload:", width="stretch"
    ):
        run_refresh(settings, [(f.name, f.getvalue()) for f in files or []])
    if st.button(
        "Re-scan folder",
        icon=":material/refresh:",
        width="stretch",
        help="Index what changed in the corpus folder: new, edited and deleted files.",
    ):
        run_refresh(settings, [])
    show_outcome(st.session_state.refresh_outcome)


def show_outcome(outcome: RefreshOutcome | None) -> None:
    if outcome is None:
        return
    box = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}[outcome.level]
    box(md(outcome.headline) + "".join(f"  \n· {md(line)}" for line in outcome.lines))


def run_refresh(settings: Settings, uploads: list[tuple[str, bytes]]) -> None:
    """Save the uploads, refresh the index with a progress bar, keep the summary, and rerun the page."""
    saved: list[SavedUpload] = []
    rejected: list[str] = []
    for name, data in uploads:
        try:
            saved.append(save_upload(settings.corpus_dir, name, data))
        except UploadRejected as exc:
            rejected.append(str(exc))
        except OSError as exc:
            rejected.append(f"{shown_name(name)}: could not be saved ({exc.strerror or exc})")
    report, error = None, ""
    if saved or not uploads:
        report, error = refresh_with_progress(settings, len(saved))
    st.session_state.refresh_outcome = refresh_outcome(report, saved, rejected, error)
    st.session_state.upload_key += 1  # a fresh, empty uploader
    st.rerun()


def refresh_with_progress(settings: Settings, n_saved: int) -> tuple[RefreshReport | None, str]:
    """One refresh under a progress bar: (its report, "") or (None, what went wrong and what to do)."""
    label = f"Indexing {n_saved} new file{'s' * (n_saved != 1)}…" if n_saved else "Refreshing the index…"
    with st.status(label, expanded=True) as box:
        bar = st.progress(0.0, text="Scanning the corpus folder…")

        def progress(stage: str, done: int, total: int) -> None:
            share = min(1.0, done / total) if total else 1.0
            bar.progress(share, text=f"{stage.capitalize()} {done}/{total}")

        eng = engine(settings)
        try:
            embedder = eng.embedder()
            # Through the module, not a name imported once: a test counts the refreshes one press makes.
            report = ingest.refresh(settings, embedder=embedder, progress=progress)
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
