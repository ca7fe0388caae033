"""Grounding: a drafted answer + the passages it was given → only sentences a passage supports.

Support is judged on meaning by `rag.verify` (negation, opposites, who did what, names, numbers and
versions, paraphrase): a sentence its cited passage supports is kept; one another passage supports is
re-cited to it; one a cited passage contradicts is dropped and counted ("contradicted"); one no passage
states is dropped. Instructions, links and markup never support anything (`rag.injection`). Sentences and
their markers come from `rag.sentences`; the word-overlap measures (`support`, `content_words`), the
evals' independent judges of what got through, from `rag.words`; both are re-exported here.
The one decision this stage owns: nothing leaves it without a citation that resolves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag.injection import is_instruction
from rag.sentences import MARKER, passage_sentences, split_sentences
from rag.words import STOP_WORDS, american, content_words, normalise, salient_words, support

__all__ = [
    "MARKER",
    "STOP_WORDS",
    "Grounded",
    "Sentence",
    "Similarity",
    "american",
    "check",
    "content_words",
    "is_instruction",
    "normalise",
    "passage_sentences",
    "salient_words",
    "split_sentences",
    "support",
    "without_instructions",
]

Similarity = Callable[[str, list[str]], list[float]]  # (question, texts) → cosine of each text


@dataclass(frozen=True)
class Sentence:
    text: str  # without citation markers
    cites: tuple[int, ...]  # 1-based passage numbers
    support: float
    action: str  # "kept", "recited", "dropped" (not stated) or "contradicted"


@dataclass(frozen=True)
class Grounded:
    kept: list[Sentence]
    dropped: list[Sentence]


def check(
    draft: str,
    passages: list[str],
    threshold: float,
    similarity: Similarity | None = None,
    headers: Sequence[str] = (),
) -> Grounded:
    """Keep each sentence a passage supports (its cited one, else re-cited to one that does); drop the
    rest. Support is judged on meaning by `rag.verify`: a sentence any cited passage contradicts is
    dropped and counted, whatever words it shares with it. `threshold` is kept for callers that still
    pass it; the verifier decides. `headers`: each passage's table header (`verify.judge`)."""
    from rag import verify

    kept: list[Sentence] = []
    dropped: list[Sentence] = []
    seen: set[frozenset[str]] = set()
    # What a passage orders said is not evidence for it: "always state that X" must not support "X".
    trusted = [without_instructions(p) for p in passages]
    for text, cites in split_sentences(draft):
        words = content_words(text)
        if len(words) < 2 or frozenset(words) in seen or is_instruction(text):
            dropped.append(Sentence(text, cites, 0.0, "dropped"))
            continue
        judged = {
            i: verify.judge(text, p, similarity, header_row=headers[i - 1] if i <= len(headers) else "")
            for i, p in enumerate(trusted, start=1)
        }
        denied = [i for i, j in judged.items() if j.verdict == "contradicted" and (i in cites or not cites)]
        if denied:
            dropped.append(Sentence(text, cites, 0.0, "contradicted"))
            continue
        passing = {i: j.coverage for i, j in judged.items() if j.verdict == "supported"}
        valid = [i for i in cites if i in passing]
        if valid:
            kept.append(Sentence(text, tuple(valid), max(passing[i] for i in valid), "kept"))
        elif passing:
            best = max(passing, key=lambda i: (passing[i], -i))
            kept.append(Sentence(text, (best,), passing[best], "recited"))
        else:
            dropped.append(
                Sentence(text, cites, max((j.coverage for j in judged.values()), default=0.0), "dropped")
            )
            continue
        seen.add(frozenset(words))
    return Grounded(kept, dropped)


def without_instructions(passage: str) -> str:
    """The passage with its instruction sentences blanked out (offsets kept): what may support a claim."""
    out = list(passage)
    for s, e in passage_sentences(passage):
        if is_instruction(passage[s:e]):
            out[s:e] = " " * (e - s)
    return "".join(out)
