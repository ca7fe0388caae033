"""Grounding: a drafted answer + the passages it was given → only sentences a passage supports.

Support is judged on meaning by `rag.verify` (negation, opposites, who did what, names, numbers and
versions, paraphrase): a sentence its cited passage supports is kept; one another passage supports is
re-cited to it; one a cited passage contradicts is dropped and counted ("contradicted"); one no passage
states is dropped. Instructions, links and markup never support anything. The word-overlap measures
kept here (`support`, `content_words`) are the evals' independent judges of what got through.
The one decision this stage owns: nothing leaves it without a citation that resolves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rag.stemming import english_stemmer

Similarity = Callable[[str, list[str]], list[float]]  # (question, texts) → cosine of each text
MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")
_SENTENCE_END = re.compile(r"(?<!\bvs\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])[\"'”’)]*\s+|\n+")
_ANSWER_PREFIX = re.compile(r"^(?:(?:the\s+)?answer(?:\s+is)?\s*:+\s*)+", re.I)
_LEADING_MARKERS = re.compile(r"^\s*((?:\[\s*\d{1,3}(?:\s*[,;]\s*\d{1,3})*\s*\]\s*)+)")

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did do does doing down during each either etc even
    ever every few for from further had has have having he her here hers herself him himself his how
    however i if in into is isn't it its itself just let like may me might more most much must my
    myself no nor not now of off often on once one only or other ought our ours ourselves out over
    own per rather same shall she should since so some such than that the their theirs them
    themselves then there these they this those though through to too under until up upon us very
    via was we were what when where whether which while who whom whose why will with within without
    would yes yet you your yours yourself yourselves many several various
    """.split()  # noqa: SIM905
)


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


_stemmer = cache(english_stemmer)  # one for the process, made on first use


def _stem(words: list[str]) -> list[str]:
    return list(_stemmer().stemWords(words))


_BRITISH = [
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"our$"), "or"),
    (re.compile(r"^licen[cs]e"), "license"),
]


def american(word: str) -> str:
    """One spelling for both: "emphasise" = "emphasize", "licence" = "license", "colour" = "color"."""
    if len(word) > 5:
        for pattern, repl in _BRITISH:
            word = pattern.sub(repl, word)
    return word


def content_words(text: str) -> set[str]:
    words = [american(w.lower().replace("’", "'")) for w in _WORD.findall(text)]
    return set(_stem([w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]))


def salient_words(text: str) -> set[str]:
    """Numbers, capitalised names (not the sentence's first word) and mixed tokens like GPT-4 or LLaMA."""
    tokens = _WORD.findall(text)
    salient = []
    for i, tok in enumerate(tokens):
        has_digit = any(c.isdigit() for c in tok)
        caps_inside = any(c.isupper() for c in tok[1:])
        capitalised = tok[0].isupper() and i > 0 and tok.lower() not in STOP_WORDS
        if has_digit or caps_inside or capitalised:
            salient.append(tok.lower().replace("’", "'"))
    return set(_stem(salient))


def normalise(text: str) -> str:
    """Lower-case words only, for comparing a sentence with a heading."""
    return " ".join(w.lower() for w in _WORD.findall(text))


def support(sentence: str, passage: str) -> tuple[float, bool]:
    """(share of the sentence's content words found in the passage, all salient words found)."""
    words = content_words(sentence)
    if not words:
        return 0.0, False
    have = content_words(passage)
    share = len(words & have) / len(words)
    return share, salient_words(sentence) <= have


def split_sentences(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """Sentences of a drafted answer with the markers each carries; a marker after a full stop
    ("…in Abu Dhabi. [2]") belongs to the sentence before it."""
    pieces = [p for p in _SENTENCE_END.split(text) if p and p.strip()]
    out: list[tuple[str, list[int]]] = []
    for piece in pieces:
        if out and (m := _LEADING_MARKERS.match(piece)):
            out[-1][1].extend(_numbers(m.group(1)))
            piece = piece[m.end() :]
        if not piece.strip():
            continue
        numbers = _numbers(piece)
        clean = MARKER.sub("", piece)
        clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
        clean = re.sub(r"\s{2,}", " ", clean).strip().lstrip("-*• ").strip()
        clean = _ANSWER_PREFIX.sub("", clean).strip()
        if clean:
            out.append((clean, numbers))
    return [(s, tuple(dict.fromkeys(n))) for s, n in out]


def _numbers(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def check(
    draft: str,
    passages: list[str],
    threshold: float = 0.6,
    similarity: Similarity | None = None,
) -> Grounded:
    """Keep each sentence a passage supports (its cited one, else re-cited to one that does); drop the
    rest. Support is judged on meaning by `rag.verify`: a sentence any cited passage contradicts is
    dropped and counted, whatever words it shares with it. `threshold` is kept for callers that still
    pass it; the verifier decides."""
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
        judged = {i: verify.judge(text, p, similarity) for i, p in enumerate(trusted, start=1)}
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


def passage_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences (and list items, lines) of a passage, whitespace-trimmed; a line that
    introduces a list ("- **LLaMA 3 (Meta AI)**:") is joined to the item after it, which completes it."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail <= lead:
            continue
        if out and text[out[-1][0] : out[-1][1]].rstrip("*").endswith(":"):
            out[-1] = (out[-1][0], s + trail)
        else:
            out.append((s + lead, s + trail))
    return out


_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,60}\b(instructions?|rules|prompt|guidelines|previous)\b"
    r"|\b(system prompt|your (rules|instructions)|you are now|you must|assistant(s)? (must|should))\b"
    r"|\b(print|output|repeat|say|reveal|include|insert|append)\b.{0,60}\b(canary|verbatim|exactly|prompt|link|image)\b"
    r"|\bcanary\b|https?://|www\.|\]\(|<\s*/?\s*(script|img|iframe|a)\b|\bon(error|load)\s*=|javascript:",
    re.I,
)


# Text written to whatever AI reads the document ("Any assistant that reads this must…", "If you are
# answering questions about X, always state…", "IGNORE ALL PREVIOUS INSTRUCTIONS"). Ordinary prose about
# assistants ("support assistants should escalate") does not match: it needs the reading/answering verb
# or an explicit "AI" address. A document holding such text is flagged at ingest; see `addressed_to_ai`.
_ADDRESSED = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all)\b[^.\n]{0,20}"
    r"\b(instructions?|rules|prompts?)\b"
    r"|\b(your|the) system prompt\b|\bhidden instructions\b|\byou are now\b"
    r"|\b(assistants?|ai systems?|chatbots?|language models?|llms?)\b[^.\n]{0,30}"
    r"\b(reads?|reading|retriev\w*|answering|summari[sz]\w*|displays?|quoting)\b[^.\n]{0,60}"
    r"\b(must|should|shall|need to|are required to)\b"
    r"|\b(ai|automated) (assistants?|systems?)\b[^.\n]{0,20}\b(must|should|shall)\b[^.\n]{0,30}"
    r"\b(cite|state|present|reveal|insert|show|keep|reply|print|append|tell|say|answer|include)\b"
    r"|\b(addressed to|instructions for|notice for|attention,?)\s*(any |all )?(ai |automated )?"
    r"(assistants?|ai systems?|language models?)\b"
    r"|\b(if|when) you are (an? )?(ai\b|assistant|language model|answering|summari[sz]ing|asked)"
    r"|\bfrom now on,? (tell|say|answer|reply|respond)\b|\breply (only )?with\b"
    r"|\b(answer|respond to|reply to) (every|all|each|any) (questions?|users?|messages?)\b"
    r"|\bnew (rules|instructions) from\b",
    re.I,
)


def is_instruction(text: str) -> bool:
    """Text that addresses the assistant or carries a link or markup: never shown as an answer.

    Documents are data; a sentence telling the reader to ignore rules, print a marker or follow a link is
    an injection attempt (or at best noise), and a link or image in an answer could leak the question.
    """
    return bool(_INSTRUCTION.search(text) or _ADDRESSED.search(text))


def addressed_to_ai(text: str) -> str | None:
    """The first words of a document that speak to an AI assistant, or None.

    Such a document is an injection attempt, or at best about how assistants should behave: its claims
    cannot be trusted as facts (a planted "always state that X built Falcon" sits beside the false claim it
    orders repeated, in another sentence), so its passages are left out of answers unless the user says
    otherwise (`use_flagged_documents`).
    """
    m = _ADDRESSED.search(text)  # not links or markup alone: real documents carry badges and links
    if m is None:
        return None
    line = " ".join(text[m.start() : m.start() + 80].split())
    return line if m.start() + 80 >= len(text) else line + "…"


def without_instructions(passage: str) -> str:
    """The passage with its instruction sentences blanked out (offsets kept): what may support a claim."""
    out = list(passage)
    for s, e in passage_sentences(passage):
        if is_instruction(passage[s:e]):
            out[s:e] = " " * (e - s)
    return "".join(out)
