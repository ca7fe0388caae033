"""Conversation eval: `evals/conversations.yaml` + an assistant → whether each turn is answered about the
right subject.

Each conversation is asked turn by turn with the earlier turns as history, as the page does. A turn is
right when its answer is not a refusal and mentions one alternative of every group in its `about` (the
subject the turn is about: "Meta" for "who released it?" after a question about LLaMA; "Anthropic" for
"Who makes Claude, and what does it emphasize?" after the same question). The one decision this stage
owns: a turn answered about the previous turn's subject counts as wrong, however well cited.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from evals.facts import mentions
from evals.records import JsonRecord

if TYPE_CHECKING:
    from rag.answer import Assistant

SHOWN_ANSWER_CHARS = 200  # of a wrong turn's answer in the report


@dataclass(frozen=True)
class TurnRecord(JsonRecord):
    """One turn of a conversation as asked and answered."""

    id: str  # "<conversation id>#<turn number>"
    followup: bool  # whether the turn leans on the earlier ones ("who released it?")
    question: str
    standalone: str  # the question as the assistant rewrote it to search with
    answer: str
    refused: bool
    about: list[list[str]]  # groups of alternatives the answer must each mention one of
    on_subject: bool


def run(
    conversations: Sequence[Mapping[str, Any]],
    assistant: Assistant,
    on_done: Callable[[TurnRecord], object] | None = None,
) -> list[TurnRecord]:
    """One record per turn: the question, how it was resolved, the answer and whether it is on subject."""
    records = []
    for conv in conversations:
        history: list[tuple[str, str]] = []
        for n, turn in enumerate(conv["turns"], start=1):
            question = str(turn["question"])
            answer = assistant.ask(question, history=history)
            groups = [[str(a) for a in group] for group in turn.get("about") or []]
            on_subject = not answer.refused and all(any(mentions(answer.text, a) for a in g) for g in groups)
            records.append(
                TurnRecord(
                    f"{conv['id']}#{n}",
                    bool(turn.get("followup")),
                    question,
                    answer.standalone,
                    answer.text,
                    answer.refused,
                    groups,
                    on_subject,
                )
            )
            history += [("user", question), ("assistant", answer.text)]
        if on_done:
            on_done(records[-1])
    return records


def summarise(records: Sequence[TurnRecord]) -> dict[str, float | None]:
    def share(chosen: Sequence[TurnRecord]) -> float | None:
        return sum(r.on_subject for r in chosen) / len(chosen) if chosen else None

    later = [r for r in records if not r.id.endswith("#1")]
    return {
        "turns": float(len(records)),
        "conversation_subject": share(records),
        "followup_subject": share([r for r in later if r.followup]),
        "new_subject_subject": share([r for r in later if not r.followup]),
    }


def markdown(summary: Mapping[str, Any], records: Sequence[TurnRecord]) -> str:
    wrong = [r for r in records if not r.on_subject]
    lines = [
        f"- `{r.id}` {'follow-up' if r.followup else 'own subject'}: {r.question} → searched as "
        f"“{r.standalone}”; expected {' and '.join('/'.join(g) for g in r.about)}; "
        f"answer: {' '.join(r.answer.split())[:SHOWN_ANSWER_CHARS]}"
        for r in wrong
    ] or ["None."]
    return "\n\n".join(
        [
            f"## Conversations ({summary['turns']:.0f} turns, `evals/conversations.yaml`)",
            f"Right subject in {summary['conversation_subject']:.3f} of turns (follow-ups "
            f"{summary['followup_subject'] or 0:.3f}, later turns with their own subject "
            f"{summary['new_subject_subject'] or 0:.3f}).",
            "### Turns about the wrong subject",
            "\n".join(lines),
        ]
    )
