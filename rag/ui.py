"""UI helpers: uploads and answers → files saved safely in the corpus and inert markdown for the chat page.

Plain Python (no Streamlit), so every rule the page relies on is tested directly.
The one decision this module owns: what outside text may become. An uploaded name becomes a sanitised base
name inside the corpus folder that never replaces a different file; text from a document or a model becomes
markdown with every special character escaped, so it shows as written and never as a live element
(script, image fetched from an outside host, javascript: link, Streamlit colour or icon directive).
"""

from __future__ import annotations

import hashlib
import os
import re
import string
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from rag.answer import REFUSAL_HEAD, Answer, Citation
from rag.corpus import SUPPORTED, Unreadable, decode_text
from rag.errors import BackendUnavailable, IndexMissing, UsageError
from rag.ingest import RefreshReport
from rag.refresh_text import change_lines

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 2**20
UPLOAD_TYPES = sorted(ext.lstrip(".") for ext in SUPPORTED)
MAX_NAME_CHARS = 100
_MAX_COPIES = 1000
_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_LINK_START = re.compile(r"((?<=[A-Za-z])\\:(?=\\/)|(?i:(?<=mailto)|(?<=xmpp))\\:|\\@)")
_WWW = re.compile(r"(www)(?=\\\.)", re.I)
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_MARKERS = re.compile(r"((?:\\\[\d+\\\])+)")


class UploadRejected(ValueError):
    """An upload that is not saved; the message says why and what to do."""


@dataclass(frozen=True)
class SavedUpload:
    original: str  # the name as the browser sent it
    name: str  # the name in the corpus folder
    path: Path
    outcome: Literal["saved", "renamed", "identical"]

    def describe(self) -> str:
        if self.outcome == "renamed":
            return (
                f"{shown_name(self.original)} saved as {self.name} (a different file already has that name)"
            )
        if self.outcome == "identical":
            return f"{self.name} is already in the corpus with the same content"
        if self.name != self.original:
            return f"{shown_name(self.original)} saved as {self.name}"
        return f"{self.name} saved"


def shown_name(raw: str) -> str:
    """An uploaded name as it may be shown in a message: control characters visible, length bounded."""
    text = raw.encode("unicode_escape").decode("ascii") if any(not c.isprintable() for c in raw) else raw
    return text if len(text) <= 80 else text[:77] + "…"


def safe_upload_name(raw: str) -> str:
    """The base name an upload is saved under; `UploadRejected` when nothing safe remains.

    Folders are dropped (`../../x.md` and `/etc/x.md` become `x.md`), characters other than letters,
    digits, `.`, `_` and `-` become `-`, leading dots go (hidden files are not indexed) and the
    extension must be one the corpus reads.
    """
    if "\x00" in raw:
        raise UploadRejected(f"{shown_name(raw)!r}: the file name contains a NUL byte; rename the file")
    base = unicodedata.normalize("NFKC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    ext = "." + ext.lower()
    if not dot or ext not in SUPPORTED:
        raise UploadRejected(
            f"{shown_name(raw)!r}: unsupported file type; upload {', '.join('.' + t for t in UPLOAD_TYPES)}"
        )
    stem = re.sub(r"[^\w.-]+", "-", stem)
    stem = re.sub(r"-{2,}", "-", stem).strip(".-_")[:MAX_NAME_CHARS].rstrip(".-_")
    if not stem:
        raise UploadRejected(f"{shown_name(raw)!r}: the file name has no usable characters; rename the file")
    return stem + ext


def check_upload(name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse an upload the corpus could not read: too large, empty, not text, not a PDF."""
    if len(data) > max_bytes:
        raise UploadRejected(
            f"{name}: {len(data) / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB upload limit; "
            "split the document or copy it into the corpus folder by hand"
        )
    if not data:
        raise UploadRejected(f"{name}: the file is empty")
    if name.lower().endswith(".pdf"):
        if b"%PDF-" not in data[:1024]:
            raise UploadRejected(f"{name}: this is not a PDF file (no %PDF header); export it as PDF again")
        return
    try:
        text = decode_text(data)
    except Unreadable as exc:
        raise UploadRejected(f"{name}: {exc}") from None
    if not text.strip():
        raise UploadRejected(f"{name}: the file holds no text")


def save_upload(
    corpus_dir: Path, raw_name: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES
) -> SavedUpload:
    """Save an upload into the corpus folder under a safe name, never replacing a different file.

    Same name and same content: nothing is written. Same name, other content: saved as `name-2.md`
    (then `-3`, …). The file appears under its final name only once fully written.
    """
    name = safe_upload_name(raw_name)
    check_upload(name, data, max_bytes)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256(data).hexdigest()
    stem, ext = name[: -len(Path(name).suffix)], Path(name).suffix
    tmp = corpus_dir / f".upload-{os.getpid()}-{time.monotonic_ns()}.tmp"  # hidden: never indexed
    try:
        tmp.write_bytes(data)  # inside the `try`: a disk filling mid-write leaves no partial file behind
        for copy in range(1, _MAX_COPIES + 1):
            candidate = name if copy == 1 else f"{stem}-{copy}{ext}"
            target = corpus_dir / candidate
            if target.exists() or target.is_symlink():
                if target.is_file() and _sha256(target) == digest:
                    return SavedUpload(raw_name, candidate, target, "identical")
                continue
            try:
                os.link(tmp, target)  # fails if the name was taken meanwhile: no silent overwrite
            except FileExistsError:
                continue
            return SavedUpload(raw_name, candidate, target, "saved" if copy == 1 else "renamed")
    finally:
        tmp.unlink(missing_ok=True)
    raise UploadRejected(f"{name}: too many files with this name in the corpus; rename the file")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def escape_markdown(text: str, keep_code: bool = False) -> str:
    """Markdown that shows `text` as written: every ASCII punctuation character is escaped.

    Escaping does not stop GitHub's bare-link detection (`http://…`, `www.…`, `a@b.org`), which runs on
    the parsed text, so an invisible word joiner (U+2060) goes into `scheme://`, `mailto:`, `@` and
    `www.`: the text reads the same and no link is made. Lines stay lines (hard breaks), blank lines separate
    paragraphs, leading spaces cannot start a code block. With `keep_code`, `code spans` are kept (for the
    library's own messages, which use them).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    if keep_code:
        parts = _CODE_SPAN.split(text)
        text = "".join(p if i % 2 else _escape_chars(p) for i, p in enumerate(parts))
    else:
        text = _escape_chars(text)
    paragraphs = [p for p in re.split(r"\n(?:[ \u00a0]*\n)+", text) if p.strip()]
    return "\n\n".join("  \n".join(_keep_indent(line) for line in p.split("\n")) for p in paragraphs)


def _escape_chars(text: str) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINK_START.sub("\u2060\\1", _WWW.sub("\\1\u2060", text))


def _keep_indent(line: str) -> str:
    """Leading spaces as no-break spaces, so an indented line shows indented and never becomes code."""
    stripped = line.lstrip(" ")
    return "\u00a0" * (len(line) - len(stripped)) + stripped.rstrip()


def answer_markdown(text: str) -> str:
    """A checked answer as inert markdown, its `[n]` citation markers in bold."""
    return _MARKERS.sub(r"**\1**", escape_markdown(text))


@dataclass(frozen=True)
class AnswerParts:
    """A checked answer split for reading: the direct answer, the supporting quotes, a closing note."""

    lead: str
    quotes: list[str]
    note: str
    sides: list[str] = field(default_factory=list)  # "Sources differ": one stance per side, cited


def answer_parts(text: str) -> AnswerParts:
    """The direct answer (first paragraph), the quotes under "From the documents:", the sides under
    "Sources differ:", and the rest."""
    lead, _, rest = text.strip().partition("\n\n")
    quotes: list[str] = []
    sides: list[str] = []
    note = ""
    for block in rest.split("\n\n") if rest else []:
        lines = block.splitlines()
        items = [line[2:].strip() for line in lines[1:] if line.startswith("- ")]
        if lines and lines[0].strip() == "From the documents:":
            quotes += items
        elif lines and lines[0].strip() == "Sources differ:":
            sides += items
        else:
            note = f"{note} {block}".strip()
    return AnswerParts(lead.strip(), quotes, note, sides)


def _readable(raw: str) -> str:
    """A slice of a passage without its markup characters (`**`, heading `#`s, table rules), escaped."""
    raw = re.sub(r"\*\*|__|`", "", raw)
    raw = re.sub(r"(?m)^[ \t]*#{1,6}[ \t]+", "", raw)
    raw = re.sub(r"(?m)^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*$", "", raw)
    return escape_markdown(raw)


def highlighted(c: Citation) -> str:
    """A cited passage as inert markdown, its markup left out, the spans the answer took from it in bold."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(c.highlights):  # spans side by side are one highlight
        if merged and not c.text[merged[-1][1] - c.start : start - c.start].strip():
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    out, pos = [], 0
    for start, end in merged:
        a, b = max(pos, start - c.start), min(len(c.text), end - c.start)
        if a >= b:
            continue
        out.append(_readable(c.text[pos:a]))
        out.append(f"**{_readable(' '.join(c.text[a:b].split()))}**")
        pos = b
    out.append(_readable(c.text[pos:]))
    return "".join(out)


def verdict_line(verdict: str) -> tuple[str, str]:
    """(icon, heading) of a claim check."""
    return {
        "supported": (":material/check_circle:", "Supported by the documents"),
        "contradicted": (":material/cancel:", "Contradicted by the documents"),
        "not_found": (":material/help:", "Not found in the documents"),
    }.get(verdict, (":material/help:", verdict))


def location(c: Citation) -> str:
    """Where a cited passage is: file and line range."""
    return f"{c.source} · {_lines(c)}"


def _lines(c: Citation) -> str:
    if c.line_start and c.line_end > c.line_start:
        return f"lines {c.line_start}–{c.line_end}"
    if c.line_start:
        return f"line {c.line_start}"
    return f"characters {c.start}–{c.end}"


def citation_label(c: Citation, width: int = 90) -> str:
    """The one-line heading of a source: `[n] Title — Section · lines a–b` (plain text; escape it)."""
    label = f"[{c.n}] {c.title}" + (f" — {c.section}" if c.section and c.section != c.title else "")
    label = " ".join(label.split())
    label = label if len(label) <= width else label[: width - 1] + "…"
    return f"{label} · {_lines(c)}"


def age(epoch: float, now: float | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago'."""
    seconds = max(0.0, (time.time() if now is None else now) - epoch)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days > 1 else ''} ago"


PAGE_REFUSAL = f"{REFUSAL_HEAD}."  # the CLI's words; only the hint below is the page's own
REFUSAL_HINT = (
    "Add documents that cover it under **Add documents** in the sidebar (or copy them into the corpus "
    "folder and press **Re-scan folder**), then ask again."
)


@dataclass
class Turn:
    """One question of the conversation and what came of it (kept in the browser session)."""

    question: str
    backend: str | None = None  # the backend asked for; None: the settings' default
    answer: Answer | None = None
    notices: list[str] = field(default_factory=list)
    error: str = ""
    error_kind: str = ""  # "index", "backend", "usage" or "retry"; "" when there was no error

    @property
    def pending(self) -> bool:
        """Neither answered nor failed: the run was stopped while the answer was being written."""
        return self.answer is None and not self.error


# A conversation is bounded twice: the page keeps its last MAX_TURNS turns (each holds its answer and the
# cited passages), and a follow-up is resolved against the last HISTORY_TURNS answered ones, so a long
# chat costs neither memory nor time per question that grows with it.
MAX_TURNS = 100
HISTORY_TURNS = 12


def history(turns: list[Turn], limit: int = HISTORY_TURNS) -> list[tuple[str, str]]:
    """The recent conversation as the library takes it: (role, text) pairs of the last `limit` answered
    turns (a follow-up names what was asked a few turns back, not fifty)."""
    answered = [(t.question, t.answer.text) for t in turns if t.answer is not None]
    pairs: list[tuple[str, str]] = []
    for question, answer in answered[-limit:] if limit > 0 else []:
        pairs += [("user", question), ("assistant", answer)]
    return pairs


def keep_recent(turns: list[Turn], limit: int = MAX_TURNS) -> int:
    """Drop the oldest turns beyond `limit`, in place; returns how many were dropped."""
    dropped = max(0, len(turns) - limit)
    del turns[:dropped]
    return dropped


def queue_notice(ahead: int) -> str:
    """What a session waiting for the shared answer engine reads: its place in the line."""
    if ahead <= 0:
        return "Loading the models or refreshing the index; your question is next…"
    return f"{ahead} question{'s' * (ahead != 1)} ahead of yours; answered in turn…"


def error_kind(exc: Exception) -> str:
    """Which way forward the page offers for an error."""
    if isinstance(exc, IndexMissing):
        return "index"
    if isinstance(exc, BackendUnavailable):
        return "backend"
    if isinstance(exc, UsageError):
        return "usage"
    return "retry"


def answer_notes(answer: Answer) -> list[str]:
    """Short plain-text remarks on how the checked answer was made."""
    notes = []
    if answer.mode == "quoted":
        notes.append("Quoted from the documents: no model wrote this answer.")
    if answer.dropped:
        n = len(answer.dropped)
        notes.append(
            f"{n} draft sentence{'s' if n > 1 else ''} removed: not supported by the cited passages."
        )
    if answer.interrupted:
        notes.append("The model stopped mid-answer; this is checked from what arrived.")
    return notes


def answer_footer(answer: Answer) -> str:
    """Which model answered and how fast: `embedded · SmolLM2 · first words 1.2 s · 3.4 s`."""
    parts = [answer.backend, answer.model] if answer.backend not in ("none", "spans") else ["no model needed"]
    if (first := answer.timings.get("first_token_s")) is not None:
        parts.append(f"first words {first:.1f} s")
    if (total := answer.timings.get("total_s")) is not None:
        parts.append(f"{total:.1f} s")
    return " · ".join(parts)


@dataclass(frozen=True)
class RefreshOutcome:
    """What the page says after adding files or refreshing (plain text; escape before display)."""

    level: Literal["success", "info", "warning", "error"]
    headline: str
    lines: list[str] = field(default_factory=list)


def refresh_outcome(
    report: RefreshReport | None, saved: list[SavedUpload], rejected: list[str], error: str = ""
) -> RefreshOutcome:
    lines = [s.describe() for s in saved] + [f"Not saved: {r}" for r in rejected]
    if error:
        return RefreshOutcome("error", f"The index was not refreshed: {error}", lines)
    if report is None:
        return RefreshOutcome("error", "No file was saved, so the index was not refreshed.", lines)
    lines += change_lines(report)
    counts = (
        f"{len(report.added)} added, {len(report.updated)} updated, {len(report.removed)} removed, "
        f"{len(report.skipped)} skipped"
    )
    level: Literal["success", "info", "warning"] = "success" if report.changed else "info"
    if report.skipped or rejected or report.flagged:
        level = "warning"
    return RefreshOutcome(level, f"Index refreshed in {report.seconds:.1f} s: {counts}.", lines)
