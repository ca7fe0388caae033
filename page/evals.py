"""Evals: the golden set and the corpus → pending questions to accept or reject, uncovered documents, the last report.

The golden set grows with the corpus: `evals/suggest.py` drafts questions for new documents, and
`evals/review.py` files the accepted ones with their provenance. The `evals` package is imported when this
view is drawn, so a page that never opens it does not pay for it. The one decision this module owns: what
the page offers for keeping the golden set in step with the corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from page.engine import engine
from rag.config import Settings
from rag.errors import RagError
from rag.markdown import escape_markdown as md
from rag.status import IndexStatus

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


def evals_view(settings: Settings, status: IndexStatus) -> None:
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
        draft_candidates(settings)
    uncovered_documents(settings, status)
    pending_candidates(settings)
    latest_report()


def draft_candidates(settings: Settings) -> None:
    from evals.suggest import DEFAULT_CANDIDATES, merge, suggest
    from rag.coverage import DEFAULT_GOLDEN

    eng = engine(settings)
    try:
        with st.spinner("Drafting questions…"), eng.lock:
            result = suggest(settings, DEFAULT_GOLDEN, embedder=eng.assistant.embedder)
            merge(DEFAULT_CANDIDATES, result)
    except RagError as exc:
        st.error(md(str(exc), keep_code=True), icon=":material/error:")
        return
    st.success(f"{len(result.candidates)} questions drafted for {len(result.documents)} documents.")
    for note in result.notes:
        st.caption(md(note))


def uncovered_documents(settings: Settings, status: IndexStatus) -> None:
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
    if status.ready:
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
