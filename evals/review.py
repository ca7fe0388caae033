"""Review: pending candidates → the golden set, one decision at a time (accept, edit, skip or reject).

What goes in: the candidates file `rag eval suggest` wrote, the golden set, the corpus folder, and a person
at a terminal (rich prompts, read from any input stream, so tests can script them). What comes out:
accepted items appended to the golden set with their provenance — appended as text, so the file's comments
and layout stay as they are — and the candidates file without the accepted and rejected ones; skipped ones
stay for later. The page's Accept and Reject buttons call `accept` and `reject` here too.
The one decision this stage owns: nothing enters the golden set unless every key fact is in the current
text of its document (when the document changed, the facts are looked up again and the span moves with
them; when they are gone, the candidate goes back to `rag eval suggest`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import yaml

from evals.candidates import Candidate, read_candidates, write_candidates
from evals.checks import COPY_SHARE, copied_share
from rag.coverage import load_golden
from rag.errors import UsageError

CHOICES = {"a": "accept", "e": "edit", "s": "skip", "r": "reject", "q": "quit"}


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)  # golden ids written
    rejected: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)


def document(corpus_dir: Path, doc_id: str) -> tuple[str, str]:
    """(text, content hash) of a corpus document as it is now."""
    from rag import corpus

    path = corpus_dir / doc_id
    if not path.is_file():
        raise UsageError(f"{doc_id} is no longer in the corpus folder {corpus_dir}")
    raw = path.read_bytes()
    source = corpus.SourceFile(doc_id, path, hashlib.sha256(raw).hexdigest(), len(raw))
    return corpus.read(source).text, source.sha256


def place(candidate: Candidate, text: str, sha256: str) -> Candidate:
    """The candidate checked against the document's current text: unchanged when its span still holds
    every key fact, else with the span moved to where the facts are now; `UsageError` when one is gone."""
    span = text[candidate.start : candidate.end]
    if sha256 == candidate.sha256 and all(alt in span for fact in candidate.key_facts for alt in fact):
        return candidate
    found = []
    for fact in candidate.key_facts:
        for alt in fact:
            hits = _occurrences(text, alt)
            if not hits:
                raise UsageError(
                    f"“{alt}” is not in {candidate.source} (any more); edit the key facts, or run "
                    "`rag eval suggest` again"
                )
            at = min(hits, key=lambda i: abs(i - candidate.start))
            found.append((at, at + len(alt)))
    start = text.rfind("\n", 0, min(s for s, _ in found)) + 1
    end_at = text.find("\n", max(e for _, e in found))
    return replace(candidate, start=start, end=end_at if end_at >= 0 else len(text), sha256=sha256)


def _occurrences(text: str, needle: str) -> list[int]:
    hits, at = [], text.find(needle)
    while at >= 0:
        hits.append(at)
        at = text.find(needle, at + 1)
    return hits


def append_golden(golden_path: Path, candidate: Candidate) -> str:
    """Append the candidate to the golden set as a new item (a fresh id if its own is taken); its id."""
    taken = {str(item.get("id")) for item in load_golden(golden_path)}
    item_id, n = candidate.id, 2
    while item_id in taken:
        item_id, n = f"{candidate.id}-{n}", n + 1
    item: dict[str, Any] = {**candidate.golden_item(), "id": item_id}
    block = yaml.safe_dump([item], sort_keys=False, allow_unicode=True, width=1000, default_flow_style=None)
    existing = golden_path.read_text(encoding="utf-8") if golden_path.is_file() else ""
    if existing.strip() and yaml.safe_load(existing) == []:
        existing = existing.replace("[]", "", 1)  # an empty flow list cannot be appended to
    if existing and not existing.endswith("\n"):
        existing += "\n"
    lead = f"\n# accepted with `rag eval review` from {candidate.source}\n" if existing.strip() else ""
    _write(golden_path, existing + lead + block)
    return item_id


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _without(candidates_path: Path, candidate_id: str) -> Candidate:
    pending = read_candidates(candidates_path)
    chosen = [c for c in pending if c.id == candidate_id]
    if not chosen:
        raise UsageError(f"no pending candidate {candidate_id} in {candidates_path}")
    write_candidates(candidates_path, [c for c in pending if c.id != candidate_id])
    return chosen[0]


def accept(candidate: Candidate, candidates_path: Path, golden_path: Path, corpus_dir: Path) -> str:
    """Check the candidate against its document, append it to the golden set, drop it from the pending
    ones; the id it has in the golden set."""
    checked = place(candidate, *document(corpus_dir, candidate.source))
    item_id = append_golden(golden_path, checked)
    _without(candidates_path, candidate.id)
    return item_id


def reject(candidate_id: str, candidates_path: Path) -> None:
    _without(candidates_path, candidate_id)


def save(candidate: Candidate, candidates_path: Path) -> None:
    """Put an edited candidate back in its place among the pending ones."""
    pending = read_candidates(candidates_path)
    write_candidates(candidates_path, [candidate if c.id == candidate.id else c for c in pending])


def parse_facts(typed: str) -> list[list[str]]:
    """ "Meta | Meta AI; 2023" → [["Meta", "Meta AI"], ["2023"]]."""
    facts = [[a.strip() for a in fact.split("|") if a.strip()] for fact in typed.split(";")]
    return [f for f in facts if f]


def show_facts(facts: list[list[str]]) -> str:
    return "; ".join(" | ".join(fact) for fact in facts)


# --------------------------------------------------------------------------- the terminal


@dataclass(frozen=True)
class _Session:
    """One `review` at the terminal: where it reads and writes, and what was decided so far."""

    console: Any
    stream: TextIO | None
    candidates_path: Path
    golden_path: Path
    corpus_dir: Path
    outcome: Outcome


def review(
    candidates_path: Path,
    golden_path: Path,
    corpus_dir: Path,
    console: Any = None,
    stream: TextIO | None = None,
) -> Outcome:
    """Ask about each pending candidate in turn; end of input counts as quit."""
    from rich.console import Console
    from rich.markup import escape

    session = _Session(console or Console(), stream, candidates_path, golden_path, corpus_dir, Outcome())
    outcome = session.outcome
    pending = read_candidates(candidates_path)
    if not pending:
        session.console.print(
            f"no pending candidates in {escape(str(candidates_path))}; `rag eval suggest` drafts some"
        )
        return outcome
    for i, candidate in enumerate(pending, 1):
        try:
            if _decide(session, candidate, i, len(pending)):
                break
        except EOFError:
            break
    session.console.print(
        f"accepted {len(outcome.accepted)}, rejected {len(outcome.rejected)}, skipped {len(outcome.skipped)}, "
        f"edited {len(outcome.edited)}; {len(read_candidates(candidates_path))} still pending"
    )
    return outcome


def _decide(session: _Session, candidate: Candidate, i: int, total: int) -> bool:
    """One candidate, until a decision; True when the reviewer quits."""
    from rich.markup import escape
    from rich.prompt import Prompt

    console, outcome = session.console, session.outcome
    while True:
        try:
            text, sha256 = document(session.corpus_dir, candidate.source)
        except UsageError as exc:
            console.print(f"[red]{escape(str(exc))}[/]")
            text, sha256 = "", ""
        console.print(_panel(candidate, text, i, total))
        choice = Prompt.ask(
            "\\[a]ccept, \\[e]dit, \\[s]kip, \\[r]eject or \\[q]uit",
            choices=list(CHOICES),
            default="s",
            console=console,
            stream=session.stream,
        )
        if choice in ("q", "s", "r"):
            return _settle(session, candidate, choice)
        if choice == "e" and not text:
            continue
        if choice == "e":
            candidate = _edit(console, session.stream, candidate, text, sha256)
            save(candidate, session.candidates_path)
            outcome.edited.append(candidate.id)
            continue
        try:
            outcome.accepted.append(
                accept(candidate, session.candidates_path, session.golden_path, session.corpus_dir)
            )
        except UsageError as exc:
            console.print(f"[red]not accepted:[/] {escape(str(exc))}")
            continue
        return False


def _settle(session: _Session, candidate: Candidate, choice: str) -> bool:
    """Quit (True), skip or reject the candidate."""
    if choice == "q":
        return True
    if choice == "s":
        session.outcome.skipped.append(candidate.id)
        return False
    reject(candidate.id, session.candidates_path)
    session.outcome.rejected.append(candidate.id)
    return False


def _edit(console: Any, stream: TextIO | None, candidate: Candidate, text: str, sha256: str) -> Candidate:
    """Ask for a new question and key facts (every alternative must be in the document as written)."""
    from rich.markup import escape
    from rich.prompt import Prompt

    question = Prompt.ask("question", default=candidate.question, console=console, stream=stream).strip()
    while True:
        typed = Prompt.ask(
            "key facts (alternatives split by |, facts by ;)",
            default=show_facts(candidate.key_facts),
            console=console,
            stream=stream,
        )
        facts = parse_facts(typed)
        missing = [alt for fact in facts for alt in fact if alt not in text]
        if facts and not missing:
            break
        console.print(f"[red]not in {escape(candidate.source)}, as written:[/] {escape(', '.join(missing))}")
    edited = replace(candidate, question=question or candidate.question, key_facts=facts)
    if "edited" not in edited.generator:
        edited = replace(edited, generator=f"{candidate.generator}+edited")
    edited = place(edited, text, sha256) if text else edited
    share = copied_share(edited.question, text[edited.start : edited.end]) if text else 0.0
    if share > COPY_SHARE:
        console.print(f"[yellow]{share:.0%} of the question's words are the document's own; reword it?[/]")
    return edited


def _panel(candidate: Candidate, text: str, i: int, total: int) -> Any:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    start = text.rfind("\n", 0, candidate.start) + 1
    end = text.find("\n", candidate.end)
    shown = text[start : end if end >= 0 else len(text)].replace("**", "")
    excerpt = Text(" ".join(shown.split()))
    for fact in candidate.key_facts:
        for alt in fact:
            excerpt.highlight_words([alt], style="bold green")
    lines = [
        Text(candidate.question, style="bold"),
        Text(f"key facts: {show_facts(candidate.key_facts)}"),
        Text(f"kind: {candidate.kind}  ·  from: {candidate.generator}"),
    ]
    if candidate.hard:
        lines.append(Text("hard: retrieval does not bring its document into the top 5", style="yellow"))
    lines += [Text(""), excerpt]
    return Panel(Group(*lines), title=Text(f"{i}/{total} · {candidate.source}"), title_align="left")
