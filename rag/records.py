"""Records: what the answer path hands the page, the CLI and the evals — `Answer`, `Verification`, their
`Citation`s, and the events `Assistant.ask_stream` yields. Plain frozen data; `as_dict` gives the JSON
field names `rag ask --json` and `rag verify --json` print. The one decision this module owns: those names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag.retrieve import Passage


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    title: str
    section: str
    text: str
    start: int
    end: int
    line_start: int
    line_end: int
    score: float
    highlights: tuple[tuple[int, int], ...] = ()  # file offsets of the spans the answer took from it
    table_header: str = (
        ""  # the line the passage is read under: a table header or a question (`Chunk.table_header`)
    )


@dataclass(frozen=True)
class Answer:
    question: str
    standalone: str
    text: str
    refused: bool
    citations: list[Citation]
    backend: str
    model: str
    mode: str  # "generated", "quoted" or "refused"
    timings: dict[str, float]
    draft: str = ""
    dropped: list[str] = field(default_factory=list)
    note: str = ""
    interrupted: bool = False
    kind: str = ""  # the answer kind the question asked for (question.Kind)
    disagreements: list[dict[str, object]] = field(default_factory=list)  # [{"about", "sides": [...]}]

    def as_dict(self) -> dict[str, object]:
        return {
            "question": self.question,
            "standalone_question": self.standalone,
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            "citations": [c.__dict__ for c in self.citations],
            "backend": self.backend,
            "model": self.model,
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "draft": self.draft,
            "dropped_sentences": self.dropped,
            "note": self.note,
            "interrupted": self.interrupted,
            "kind": self.kind,
            "disagreements": self.disagreements,
        }


@dataclass(frozen=True)
class Verification:
    claim: str
    verdict: str  # "supported", "contradicted" or "not_found"
    citations: list[Citation]  # the deciding passage, its deciding span in `highlights`
    explanation: str
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "citations": [c.__dict__ for c in self.citations],
            "explanation": self.explanation,
            "timings": {"total_s": round(self.seconds, 3)},
        }


@dataclass(frozen=True)
class Retrieved:
    standalone: str
    passages: list[Passage]


@dataclass(frozen=True)
class Token:
    text: str


@dataclass(frozen=True)
class Notice:
    text: str  # e.g. "Ollama stopped mid-answer; answering with the embedded model"


@dataclass(frozen=True)
class Done:
    answer: Answer


Event = Retrieved | Token | Notice | Done
