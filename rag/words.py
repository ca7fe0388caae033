"""Words: a text → its content words, salient words and stems; the one decision this module owns: which
words carry a sentence's meaning (not stop words; one spelling and one stem for each).

These word-overlap measures (`support`, `content_words`) are the evals' independent judges of what got
through, and the verifier's concepts are built on the same stems and spellings.
"""

from __future__ import annotations

import re
import threading

from rag.stemming import english_stemmer

_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")
# A word written in lower case: not a person's handle, "oskar.vilde", "mira_k", "@kofi", "m.oyelaran@…",
# which writes a name in lower case. (An address's or a file's name is left as it was: "lumenfold.ai",
# "engine.py".)
_HANDLE = re.compile(r"(?<![\w.@])@[\w-]+|(?<![\w.@/-])[a-z][a-z-]*[._]([a-z][a-z-]*)(?=@|[^\w.@-]|$)")
_NOT_A_HANDLE = frozenset(
    """
    com org net io ai co uk eu gov edu int info biz app dev example test local de fr nl ie se no dk fi
    py md txt json yaml yml toml csv pdf png jpg gif svg html htm js ts gz zip tar log cfg ini sh
    """.split()  # noqa: SIM905
)
_LOWER_WORD = re.compile(r"\b[a-z][a-z-]+\b")

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
    would yes yet you your yours yourself yourselves many several various neither
    """.split()  # noqa: SIM905
)

# One stemmer per thread, made on first use: a PyStemmer object must not be shared between threads, and
# the page answers each browser session on a thread of its own.
_local = threading.local()


def stem(words: list[str]) -> list[str]:
    """The English stem of each word, in order."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = english_stemmer()
    return list(stemmer.stemWords(words))


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
    return set(stem([w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]))


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
    return set(stem(salient))


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


def lower_words(text: str) -> set[str]:
    """The words `text` writes in lower case: what a capitalised word that is no name is written as
    elsewhere ("privacy" for "Privacy"), so what `proper` names are not."""
    unhandled = _HANDLE.sub(lambda m: m.group(0) if m.group(1) in _NOT_A_HANDLE else " ", text)
    return set(_LOWER_WORD.findall(unhandled))
