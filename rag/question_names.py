"""Names: text → the named subjects it holds (`Name`), each with its versions and sizes.

"Llama 2" is not "Llama 3", "7B" is not "70B"; a capitalised word opening a sentence is a name only when
it recurs or looks like one. The one decision this module owns: what counts as a name, and which
version it carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rag.words import STOP_WORDS

# A model or organisation name, with a version or size when one follows: "Llama 2", "GPT-4", "GPT-3.5",
# "Mixtral 8x7B", "Mistral 7B", "LLaMA (and Llama 2/3)". Sizes and versions alone ("7B") count as names.
_NAME = re.compile(
    r"(?<![\w-])(?P<base>[A-Z][A-Za-z]*(?:[-.][A-Za-z]+)*|[A-Za-z]*[A-Z][A-Za-z]*)"
    r"(?:(?:[- ]?v?)(?P<version>\d+(?:\.\d+)?(?:x\d+)?[A-Za-z]?(?:/\d+(?:\.\d+)?)*)(?!\w|\.\d))?"
    r"(?:[- ](?P<size>\d+(?:\.\d+)?(?:x\d+)?[BMK])(?!\w|\.\d))?"
    # A variant's words after the version ("Phi-3-mini", "Llama 2-based", "GPT-3.5-turbo"): part of the name.
    r"(?:-[A-Za-z]+(?!\w))*"
)
# Names whose version is a letter: a funding round's "Series A", "Round B".
LETTERED = ("series", "round")
LETTERS = "A-H"
_LETTER = re.compile(rf" ([{LETTERS}])\b(?![.'’-]\w)")
# A common word a name is joined to, not part of it: "Hosted-engine", "Kestrel-based", "Ceres-powered".
_JOINED = (
    "based|engine|powered|style|like|level|class|sized|backed|hosted|run|specific|compatible"
    "|friendly|free|native|grade|type|era|wide|driven|centric|focused"
)
_SUFFIX = re.compile(rf"(?:-(?:{_JOINED}))+$")
# (an initialism joined to a word, not to one of the common words above: "API-based" stays whole, and
# names what the documents call so)
_COMMON_JOINED = re.compile(rf"([A-Z]{{2,5}})-(?!(?:{_JOINED})$)[a-z]+")
# A participle joined to a word that names nothing alone: "AI-drafted", "AI-generated" (not "API-based",
# one of those common words).
_DONE_BY = re.compile(rf"-(?!(?:{_JOINED})$)[a-z]{{3,}}(?:ed|ing)$")
_SIZE = re.compile(r"(?<![\w.-])(\d+(?:\.\d+)?(?:x\d+)?)\s*([BMK])\b")
# A kind's noun between a name and its version: "OpenHearth Corpus v2", "Apache License 2.0".
_KIND_VERSION = re.compile(
    r" (?:Corpus|Dataset|Model|Licen[cs]e|Edition|Release|Suite|Benchmark|Framework|Toolkit)"
    r"[- ]v?(\d+(?:\.\d+)?)(?![\w.-])"
)
# Words that are capitalised in questions without naming anything (a firm's kind among them: "Veltrane's
# chief scientist" is Veltrane Labs').
_NOT_NAMES = frozenset(
    """
    i a an the and or but if is are was were do does did can could has have had will would should may must
    what which who whom whose where when why how name list give tell describe explain compare according
    in on of for to by with from as at about into between does please yes no not llm llms ai api apis open
    closed source proprietary one two three some any all also both each other many much most more less
    gpu gpus cpu cpus tpu tpus ram vram gb tb faq ceo cto cfo
    labs ltd llc plc gmbh
    january february march april june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    professor prof dr mr mrs ms mx sir dame
    phase stage step section chapter annex appendix table figure  # a document's parts, not its subjects
    """.split()  # noqa: SIM905
)
# Words that open a sentence by saying when: "Today we work mostly with…" opens with no name.
_WHEN_WORDS = frozenset(
    "today currently recently nowadays yesterday tomorrow lately meanwhile later earlier soon initially".split()  # noqa: SIM905
)
# Words that say how near a figure is ("Roughly 300 users…"): at a sentence's start, no name.
_HEDGES = frozenset(
    "still nearly almost around roughly approximately exactly precisely barely circa fewer less another".split()  # noqa: SIM905
)
# Function words that end a name's phrase ("…Institute is"): never part of a name.
_FUNCTION = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "does",
        "do",
        "did",
        "can",
        "could",
        "has",
        "have",
        "had",
        "who",
        "what",
        "which",
        "where",
        "when",
        "why",
        "how",
        "the",
        "a",
        "an",
    ]
)


_FIRST = re.compile(r"\b(original|first|initial)\s+$", re.I)
FIRST_VERSION = frozenset({"1"})  # what "the original X" names: often written "X" alone in the documents


# Endings of adjectives, adverbs and verb forms: "Selective access…", "Developed by…" open a sentence
# without naming anything.
_WORD_ENDING = re.compile(r"[A-Z][a-z]{3,}(ive|ous|able|ible|ly|ing|ed)")


def plain_word(word: str) -> bool:
    """Whether a capitalised word opening a sentence is a plain word, not a name ("The", "Developed")."""
    return word.lower() in STOP_WORDS or _WORD_ENDING.fullmatch(word) is not None


def compared(found: list[Name]) -> list[Name]:
    """The names of a question without the first version where it names the family otherwise too: it
    then compares ("how did Llama 2 differ from the original LLaMA?") and asks of the family."""
    return [
        Name(n.text, n.base, frozenset())
        if n.versions == FIRST_VERSION and sum(m.base == n.base for m in found) > 1
        else n
        for n in found
    ]


@dataclass(frozen=True)
class Name:
    """A named subject: `base` lower-cased without punctuation ("llama", "gpt", "falcon"), its versions."""

    text: str
    base: str
    versions: frozenset[str]

    def key(self) -> str:
        return self.base + ("-" + "/".join(sorted(self.versions)) if self.versions else "")


def _base(token: str) -> str:
    return re.sub(r"[^a-z]", "", token.lower())


def _versions(raw: str | None, size: str | None) -> frozenset[str]:
    out: set[str] = set()
    if raw:
        # (a plural is the same version: "reserved commitment for T9s", "eight H100s")
        out.update(re.sub(r"(?<=\d)s$", "", v.lower()) for v in raw.split("/") if v)
    if size:
        out.add(size.lower())
    return frozenset(out)


def names(text: str, lenient: bool = False) -> list[Name]:
    """Named things in `text` with their versions, in order; sentence-initial plain words are left out
    unless `lenient` (a one-sentence claim, where "Meta developed…" starts with a name)."""
    return list(_names(text, lenient))


@lru_cache(maxsize=8192)
def _names(text: str, lenient: bool) -> tuple[Name, ...]:
    # Memoised: composing one answer asks for the names of the same spans hundreds of times.
    found: list[Name] = []
    first: list[int] = []  # the names written "the original X", "the first X"
    text = text.replace("**", " ")
    for m in _NAME.finditer(text):
        # ("Hosted-engine questions", "Kestrel-based entries": the name is Hosted, Kestrel)
        # (but "API-based" stays whole: API alone names nothing)
        token = m.group("base")
        if not m.group("version") and (done := _DONE_BY.search(token)):
            # "the Kestrel-tuned model" names Kestrel; "AI-drafted discharge summaries" nothing
            if _base(token[: done.start()]) in _NOT_NAMES:
                continue
            token = token[: done.start()]
        if (
            not m.group("version")
            and (joined := _COMMON_JOINED.fullmatch(token))
            and _base(joined[1]) in _NOT_NAMES
        ):
            continue  # "AI-use", "API-only": a word that names nothing, joined to another
        if not m.group("version") and _base(bare := _SUFFIX.sub("", token)) not in _NOT_NAMES:
            token = bare
        base = _base(token)
        versions = _versions(m.group("version"), m.group("size"))
        letter = None
        if not versions and (kind := _KIND_VERSION.match(text, m.end())):
            # "OpenHearth Corpus v2" is OpenHearth's second version, asked as "OpenHearth v2".
            versions = _versions(kind.group(1), None)
        if not versions and base in LETTERED and (letter := _LETTER.match(text, m.end())):
            # A round named by its letter: "Series A" is not "Series B".
            versions = frozenset({letter.group(1).lower()})
        if not base or base in _NOT_NAMES or (len(base) < 2 and not versions):
            continue  # "T5" is a name; "A" is not
        starts_sentence = m.start() == 0 or re.search(r"(^|[.!?:\n-]\s*)$", text[: m.start()]) is not None
        mixed = any(c.isupper() for c in token[1:])
        if starts_sentence and not mixed and (base in STOP_WORDS or base in _WHEN_WORDS or base in _HEDGES):
            # "Neither Claude nor…", "Without open models…": a function word, even when lenient; nor is one
            # before a figure a version of it: "Still 40 dispatchers…", "Some 3,000 organisations…"
            continue
        # "Developed by…" at a sentence start is a word, "Falcon" a name: keep only tokens that recur
        # capitalised later in the text or are all-caps/mixed-case.
        recurs = re.search(rf"(?<![.!?]\s)(?<!^)\b{re.escape(token)}\b", text[m.end() :])
        if starts_sentence and not mixed and not versions and not lenient and not recurs:
            continue
        if not versions and _FIRST.search(text[: m.start()]):
            first.append(len(found))
        written = m.group(0).strip() if token == m.group("base") else token
        found.append(Name(f"{written} {letter.group(1)}" if letter else written, base, versions))
    for i in first:
        found[i] = Name(found[i].text, found[i].base, FIRST_VERSION)  # "the original LLaMA", not "Llama 2"
    for m in _SIZE.finditer(text):  # a size alone: "the 7B model"
        size = (m.group(1) + m.group(2)).lower()
        if not any(size in n.versions for n in found):
            found.append(Name(m.group(0), "", frozenset({size})))
    return tuple(found)


def phrase(text: str, name: Name) -> str:
    """The whole name `name` is part of: "Technology Innovation Institute" for "Technology", "Hugging
    Face" for "Hugging" (names are found a capitalised word at a time)."""
    at = text.find(name.text)
    if at < 0:
        return name.text
    word = r"(?:[A-Z][\w.-]*|\d[\w.]*)"
    start, end = at, at + len(name.text)
    while m := re.search(rf"({word})\s+$", text[:start]):
        # An acronym leads a name ("AI Act"), though alone it names nothing.
        if (m.group(1).lower() in _NOT_NAMES and not m.group(1).isupper()) or m.group(1).lower() in _FUNCTION:
            break
        start = m.start()
    while m := re.match(rf"\s+({word})", text[end:]):
        if m.group(1).lower() in _NOT_NAMES or m.group(1).lower() in _FUNCTION:
            break
        end += m.end()
    return text[start:end].strip()
