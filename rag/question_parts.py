"""Parts: a question → its separate asks (`Part`), each with its own kind and side.

"Who built Falcon and who built GPT-J" is two asks, and so is "one closed-source and one open-source
model". The one decision this module owns: where a question splits into parts.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rag.question_kinds import WH, Facet, Kind, facet, kind_of
from rag.question_names import names


@dataclass(frozen=True)
class Part:
    text: str
    kind: Kind
    facet: Facet | None  # "one closed-source and one open-source LLM": each part its own side


_PART_SPLIT = re.compile(
    rf"(?:\?\s+|[;,]\s*and\s+|;\s+|\s+and\s+|\s+also\s+)"
    rf"(?=(?:(?:on|in|at|for|to|from|by|with|of|under|about|over|within|during|after|before|until)\s+)?(?:{WH}|say|name|list|give)\b)",
    re.I,
)
# "…did Oriel-34 and Verity-4 each reach…?", "…do both X and Y…": one ask of each of the pair.
_BOTH_EACH = re.compile(r"\b(?:each|both|respectively)\b", re.I)
_PAIR = re.compile(
    r"\b(?:one|an?|two|three|some)\s+([\w-]+(?:\s+[\w-]+)?)\s+and\s+(?:one|an?|two|three|some)\s+([\w-]+)\s+(\w+)",
    re.I,
)


_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
_PAIR_FULL = re.compile(
    r"^(.*?\b)(one|an?|two|three|some)\s+(.+?)\s*,?\s+and\s+(one|an?|two|three|some)\s+(.+?)\s*[.?!]*\s*$",
    re.I,
)


def parts_of(question: str) -> list[Part]:
    """The separate asks of a question: one per question word joined by "and"/";", or one per side of
    a "one X and one Y" list."""
    if (
        (m := _PAIR_FULL.match(question))
        and all(len(m.group(g).split()) >= 2 for g in (3, 5))
        and m.group(2).lower().rstrip("n") == m.group(4).lower().rstrip("n")  # parallel: "one … and one …"
        and kind_of(question) == "list"
    ):
        # "List one model from EleutherAI and one model from Mistral AI": each half a list of its own.
        sides = [f"{m.group(1)}{m.group(2)} {m.group(3)}", f"{m.group(1)}{m.group(4)} {m.group(5)}"]
        return [Part(s.strip(), "list", facet(s)) for s in sides]
    if m := _PAIR.search(question):
        head = question[: m.start()]
        noun = m.group(3)
        sides = [f"{head}{m.group(1)} {noun}", f"{head}{m.group(2)} {noun}"]
        return [Part(s.strip(), "list", facet(s)) for s in sides]
    pieces = [p.strip(" ,;?") for p in _PART_SPLIT.split(question) if p and p.strip(" ,;?")]
    if len(pieces) < 2 and kind_of(question) in ("entity", "place", "date", "number"):
        # "Which organisations are behind Falcon and behind GPT-J?": one ask about two coordinated names
        # is two asks, one about each.
        found = names(question)
        between = [
            question[question.find(a.text) + len(a.text) : question.find(b.text)]
            for a, b in itertools.pairwise(found)
        ]
        # "Falcon and GPT-J", "Falcon, and behind GPT-J" are two; "Anthropic, the company behind Claude" is one.
        # (Other names may come after the pair: "…did Oriel-34 and Verity-4 each reach in Harbourline's pilot?")
        pairs = [
            i
            for i, gap in enumerate(between)
            # (whole words: "give for" holds no "or")
            if re.fullmatch(r"\s*((\w+\s+){0,2},?\s*(and|or)\s+(\w+\s+){0,2}|,\s*)", gap)
            # (not a relation of the two: "the debate between the Nordvik and Lumaris representatives")
            and not _BETWEEN.search(question[: question.find(found[i].text)])
        ]
        kind = kind_of(question)
        if len(found) == 2 and pairs:
            return [
                Part(question.replace(found[1].text, ""), kind, None),
                Part(question.replace(found[0].text, ""), kind, None),
            ]
        if len(found) > 2 and pairs == [0] and _BOTH_EACH.search(question):
            # (the second name may be of several words: "Tern-7 and Corran Pro")
            start, after = question.find(found[0].text), question.find(found[1].text)
            end = after + len(found[1].text)
            for n in found[2:]:
                at = question.find(n.text, end)
                if at < 0 or question[end:at].strip():
                    break
                end = at + len(n.text)
            second = question[after:end]
            return [
                Part(question.replace(question[start:end], name), kind, None)
                for name in (found[0].text, second)
            ]
    if len(pieces) < 2:
        return [Part(question.strip(), kind_of(question), None)]
    return [Part(p, kind_of(p), None) for p in pieces]
