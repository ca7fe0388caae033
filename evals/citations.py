"""Citations: an answer's text + its citations (+ the source files) → validity and support of each claim.

A marker is valid when a citation with its number holds exactly the source file's `text[start:end]`.
Citation support has two judges. `pipeline`: `rag.grounding.support` share >= the support threshold and
every salient word present — the check the answer stage itself applies. `strict`: at least 80 % of the
sentence's content words are in the cited passage, or the sentence is a verbatim quote of it. The one
decision this module owns: which sentences are claims to judge (framing such as "From the documents:" is
not), and that a claim is judged against the text of all the passages it cites, taken together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from evals.facts import WORDS
from rag import grounding
from rag.compose import NOT_SAID

STRICT_SHARE = 0.8  # share of a sentence's content words the strict judge wants in the cited passage
LEAD_IN_WORDS = 4  # words allowed outside the quotation marks of a quoted sentence ("The documents say:")
MIN_QUOTE = 20  # characters a whole-sentence quote needs, so a stray word is no "quote"

_QUOTED = re.compile(r"“([^”]+)(?:”|$)|\"([^\"]+)(?:\"|$)")
_QUOTE_MARKS = "“”\"' "


class CitationLike(Protocol):
    """What scoring reads of a `rag.answer.Citation`."""

    @property
    def n(self) -> int: ...
    @property
    def source(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def table_header(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


@dataclass(frozen=True)
class Support:
    sentences: int
    supported: int
    supported_strict: int
    unsupported: list[str]  # sentences that failed a judge, prefixed with which


NO_SUPPORT = Support(0, 0, 0, [])


def markers(text: str) -> list[int]:
    """Every citation number in the text, in order ("[1][2]" and "[1, 2]" both give 1, 2)."""
    return [int(n) for group in grounding.MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def citation_resolves(citation: CitationLike, source_text: str | None) -> bool:
    """The citation's text is exactly the source's text between its offsets."""
    if source_text is None or not 0 <= citation.start <= citation.end <= len(source_text):
        return False
    return source_text[citation.start : citation.end] == citation.text


def citation_validity(
    text: str, citations: Sequence[CitationLike], read_source: Callable[[str], str | None]
) -> tuple[int, int]:
    """(valid markers, markers): a marker is valid when a citation with its number resolves exactly."""
    by_n = {c.n: c for c in citations}
    numbers = markers(text)
    valid = sum(1 for n in numbers if n in by_n and citation_resolves(by_n[n], read_source(by_n[n].source)))
    return valid, len(numbers)


def squash(text: str) -> str:
    """Runs of whitespace as one space, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


def is_verbatim_quote(sentence: str, passage: str) -> bool:
    """The sentence is the passage's own words: all of it, or quoted spans behind a short lead-in.
    A closing quotation mark may be missing: sentence splitting keeps it with the gap after the full stop."""
    flat = squash(passage)
    bare = squash(sentence).strip(_QUOTE_MARKS).rstrip(".!?")
    if len(bare) >= MIN_QUOTE and bare in flat:
        return True
    spans = [squash(a or b).rstrip(".!?") for a, b in _QUOTED.findall(sentence)]
    if not spans:
        return False
    outside = _QUOTED.sub(" ", sentence)
    if len(WORDS.findall(outside.lower())) > LEAD_IN_WORDS:
        return False
    return all(s and s in flat for s in spans)


def pipeline_supports(sentence: str, passage: str, threshold: float) -> bool:
    share, salient_ok = grounding.support(sentence, passage)
    return share >= threshold and salient_ok


def strict_supports(sentence: str, passage: str) -> bool:
    words = grounding.content_words(sentence)
    if words and len(words & grounding.content_words(passage)) / len(words) >= STRICT_SHARE:
        return True
    return is_verbatim_quote(sentence, passage)


def claims(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The answer's sentences that assert something, with their markers. Pieces without content words
    and uncited lead-ins ending in a colon ("From the documents:") or saying what the documents do not
    say are framing, not claims."""
    out = []
    for sentence, cites in grounding.split_sentences(text):
        if not grounding.content_words(sentence):
            continue
        if not cites and (sentence.rstrip().endswith(":") or sentence.startswith(NOT_SAID)):
            continue
        out.append((sentence, cites))
    return out


def citation_support(text: str, citations: Sequence[CitationLike], threshold: float) -> Support:
    """Judge every claim against the text of the passages it cites, taken together; a claim without a
    citation, or whose markers do not resolve, is unsupported."""
    by_n = {c.n: c for c in citations}
    sentences = supported = strict = 0
    unsupported: list[str] = []
    for sentence, cites in claims(text):
        sentences += 1
        # A passage is judged as the reader sees it: under its table's header when it starts inside one.
        passage = "\n".join(
            f"{by_n[n].table_header}\n{by_n[n].text}".lstrip("\n") for n in cites if n in by_n
        )
        ok_pipeline = bool(passage) and pipeline_supports(sentence, passage, threshold)
        ok_strict = bool(passage) and strict_supports(sentence, passage)
        supported += ok_pipeline
        strict += ok_strict
        if not (ok_pipeline and ok_strict):
            judges = (
                "both judges" if not (ok_pipeline or ok_strict) else ("pipeline" if ok_strict else "strict")
            )
            unsupported.append(f"[{judges}] {sentence}")
    return Support(sentences, supported, strict, unsupported)
