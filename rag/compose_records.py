"""Composer records: what the composer's steps hand each other (`Scored`, `Lead`) and what it returns
(`Composition`); the one decision this module owns: the shape of a composed answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rag import disagree
from rag.spans import Span


@dataclass(frozen=True)
class Scored:
    span: Span
    score: float
    sim: float
    gives: bool
    subject: float  # 1 the asked subject, 0.5 its family without a version, 0 absent
    side: str | None = None  # "open" or "closed" when the span speaks of one side
    cov: float = 0.0  # weighted share of the question's concepts the span holds
    glossed: bool = False  # the line before the span is the asked term's own ("Open-washing:")


@dataclass(frozen=True)
class Lead:
    text: str  # one short statement in the documents' words
    spans: tuple[Span, ...]  # what it cites


@dataclass(frozen=True)
class Composition:
    leads: list[Lead]
    quotes: list[Span]
    refused: bool
    note: str  # why a part was refused, or the neighbouring subject the documents speak of
    disagreements: list[disagree.Disagreement] = field(default_factory=list)
