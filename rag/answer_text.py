"""Answer text: a checked answer, a citation, a claim's verdict → the plain-text pieces the page shows.

Plain Python (no Streamlit), so every rule the page relies on is tested directly; the page escapes what
these return (`rag.markdown`) before showing it.
The one decision this module owns: how an answer is laid out for reading — the direct answer first, the
documents' own words under it, the sides where sources differ, then short notes on how it was made — and
the one-line heading of each source.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.answer import REFUSAL_HEAD, Answer, Citation

LABEL_CHARS = 90  # a source's heading fits one line of the page's centred column

PAGE_REFUSAL = f"{REFUSAL_HEAD}."  # the CLI's words; only the hint below is the page's own
REFUSAL_HINT = (
    "Add documents that cover it under **Add documents** in the sidebar (or copy them into the corpus "
    "folder and press **Re-scan folder**), then ask again."
)


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


def citation_label(c: Citation, width: int = LABEL_CHARS) -> str:
    """The one-line heading of a source: `[n] Title — Section · lines a–b` (plain text; escape it)."""
    label = f"[{c.n}] {c.title}" + (f" — {c.section}" if c.section and c.section != c.title else "")
    label = " ".join(label.split())
    label = label if len(label) <= width else label[: width - 1] + "…"
    return f"{label} · {_lines(c)}"


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
    """Which model answered and how fast: `embedded · SmolLM2 · first words 1.2 s · 3.4 s`, and how long
    it waited for other people's questions first (`waited 2.1 s in line`)."""
    parts = [answer.backend, answer.model] if answer.backend not in ("none", "spans") else ["no model needed"]
    if (first := answer.timings.get("first_token_s")) is not None:
        parts.append(f"first words {first:.1f} s")
    if (total := answer.timings.get("total_s")) is not None:
        parts.append(f"{total:.1f} s")
    if (waited := answer.timings.get("waited_s", 0.0)) >= 0.05:  # what rounds to 0.0 s is no wait
        parts.append(f"waited {waited:.1f} s in line")
    return " · ".join(parts)
